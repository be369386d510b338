"""A minimal client for the two Discord HTTP endpoints a DM needs, using the bot token (no gateway).

Errors are sorted into the delivery error types: 50007 (cannot send messages to this user) is permanent,
429 carries Discord's `retry_after`, 5xx and network failures are transient.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from mentormatch.notifications.errors import PermanentError, TransientError

CANNOT_MESSAGE_USER = 50007
USER_AGENT = "DiscordBot (https://example.com/mentormatch, 1.0)"


class DiscordRestClient:
    def __init__(self, *, base_url: str, token: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def open_dm(self, user_id: str) -> str:
        """POST /users/@me/channels: the DM channel with this user (the same one every time)."""
        channel = self._post("/users/@me/channels", {"recipient_id": user_id})
        return str(channel["id"])

    def send_message(self, channel_id: str, content: str) -> str:
        """POST /channels/{id}/messages; returns the message id."""
        message = self._post(f"/channels/{channel_id}/messages", {"content": content[:2000]})
        return str(message.get("id", ""))

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            data=json.dumps(body).encode(),
            method="POST",
            headers={
                "Authorization": f"Bot {self.token}",
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer: dict[str, Any] = json.loads(response.read() or b"{}")
                return answer
        except urllib.error.HTTPError as error:
            raise _classify(error) from error
        except TimeoutError as error:
            raise TransientError("Discord did not answer in time.", code="timeout") from error
        except (urllib.error.URLError, OSError) as error:
            raise TransientError(f"Discord unreachable: {error}", code="network") from error


def _classify(error: urllib.error.HTTPError) -> Exception:
    try:
        body = json.loads(error.read() or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = body.get("code")
    message = str(body.get("message") or error.reason)
    if error.code == 429:
        retry_after = body.get("retry_after") or error.headers.get("Retry-After") or 1
        scope = "global " if body.get("global") else ""
        return TransientError(
            f"Discord {scope}rate limit; retry after {float(retry_after):g}s.",
            code="429",
            retry_after=float(retry_after),
            counts=False,
        )
    if code == CANNOT_MESSAGE_USER:
        return PermanentError(f"Cannot send messages to this user: {message}", code=str(code))
    if error.code >= 500:
        return TransientError(f"Discord error {error.code}: {message}", code=str(error.code))
    return PermanentError(
        f"Discord refused the request ({error.code}): {message}", code=str(code or error.code)
    )
