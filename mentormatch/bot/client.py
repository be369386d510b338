"""The one HTTP client between the bot and the backend's bot API.

Every command is one `POST {BACKEND_API_URL}/bot/` with the `X-Bot-Secret` header and a JSON body
`{"action": ..., ...}`. The typed wrappers below return the dataclasses of `mentormatch.bot.models`, never
dicts. Failures come out as exactly two exception types: `BackendError` (the API answered with its error
shape) and `BackendUnavailable` (no usable answer at all), which the global error handler turns into replies.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from typing import Any, Literal

import aiohttp

from mentormatch.bot import models

log = logging.getLogger(__name__)

# Actions that run a whole cohort (the solver alone may take COHORT_TIME_LIMIT_SECONDS, 20 s by default, and
# approving books every proposal in turn) get at least this long before the backend counts as unreachable.
COHORT_TIMEOUT_SECONDS = 180.0


# "#12" in a command is professional 12: how an admin picks one of two professionals with the same name.
_PROFESSIONAL_ID = re.compile(r"#\s*([0-9]{1,12})", re.ASCII)


def professional_fields(typed: str) -> dict[str, Any]:
    """A professional as an admin typed them: `#12` gives `professional_id`, anything else the name."""
    found = _PROFESSIONAL_ID.fullmatch(typed.strip())
    if found:
        return {"professional_id": int(found.group(1))}
    return {"professional_name": typed}


class BackendError(Exception):
    """The backend refused a request with `{"error": {"code", "message", ...}}`; `message` is for people."""

    def __init__(
        self, *, status: int, code: str, message: str, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details or {}


class BackendUnavailable(Exception):
    """The backend could not be reached, timed out or answered with something that is not the API."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class MentorMatchAPI:
    """Async client of the bot API. One aiohttp session, opened on first use, closed by `close()`."""

    def __init__(self, *, base_url: str, secret: str, timeout_seconds: float = 10.0) -> None:
        self.endpoint = f"{base_url.rstrip('/')}/bot/"
        self._secret = secret
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=self._timeout,
                headers={"X-Bot-Secret": self._secret, "User-Agent": "mentormatch-bot"},
            )
        return self._session

    async def call(
        self, action: str, /, *, timeout_seconds: float | None = None, **fields: Any
    ) -> dict[str, Any]:
        """POST one action and return the JSON object it answered. Fields set to None are left out.

        `timeout_seconds` replaces the client's timeout for this call only (for slow actions).
        """
        body = {"action": action, **{k: v for k, v in fields.items() if v is not None}}
        # aiohttp reads timeout=None as "no timeout at all": pass one only when asked to.
        extra: dict[str, Any] = (
            {"timeout": aiohttp.ClientTimeout(total=timeout_seconds)} if timeout_seconds else {}
        )
        try:
            async with self._http().post(self.endpoint, json=body, **extra) as response:
                status = response.status
                text = await response.text()
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            log.warning("bot API %s unreachable: %r", action, exc)
            raise BackendUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return _decode(action, status, text)

    # --- typed wrappers, one per action ------------------------------------------------------------

    async def student_form_link(self, *, discord_id: str, discord_username: str = "") -> models.FormLink:
        data = await self.call(
            "student-link", discord_id=discord_id, discord_username=discord_username or None
        )
        return models.FormLink.from_json(data)

    async def review_status(self, *, discord_id: str) -> models.ReviewStatus:
        return models.ReviewStatus.from_json(await self.call("review-status", discord_id=discord_id))

    async def pending_reviews(self) -> models.PendingReviews:
        return models.PendingReviews.from_json(await self.call("pending-reviews"))

    async def suggest_matches(self, *, discord_id: str) -> models.MatchSuggestions:
        return models.MatchSuggestions.from_json(await self.call("suggest-matches", discord_id=discord_id))

    async def review_stats(self) -> models.ReviewStats:
        return models.ReviewStats.from_json(await self.call("review-stats"))

    async def schedule_session(
        self,
        *,
        discord_id: str,
        professional_name: str,
        scheduled_time: str,
        actor_discord_id: str,
        duration_minutes: int | None = None,
        timezone: str | None = None,
    ) -> models.Session:
        data = await self.call(
            "schedule-session",
            discord_id=discord_id,
            **professional_fields(professional_name),
            scheduled_time=scheduled_time,
            actor_discord_id=actor_discord_id,
            duration_minutes=duration_minutes,
            timezone=timezone,
        )
        return models.Session.from_json(data)

    async def add_professional(
        self, *, name: str, specialties: str, actor_discord_id: str
    ) -> models.ProfessionalSummary:
        data = await self.call(
            "add-professional", name=name, specialties=specialties, actor_discord_id=actor_discord_id
        )
        return models.ProfessionalSummary.from_json(data)

    async def add_professional_availability(
        self,
        *,
        professional_name: str,
        availability_text: str,
        actor_discord_id: str,
        timezone: str | None = None,
    ) -> models.AvailabilitySaved:
        data = await self.call(
            "add-professional-availability",
            **professional_fields(professional_name),
            availability_text=availability_text,
            timezone=timezone,
            actor_discord_id=actor_discord_id,
        )
        return models.AvailabilitySaved.from_json(data)

    async def list_professionals(self) -> list[models.ProfessionalSummary]:
        data = await self.call("list-professionals")
        return [models.ProfessionalSummary.from_json(item) for item in data.get("professionals", [])]

    async def cancel_session(
        self, *, discord_id: str, actor_discord_id: str, reason: str | None = None
    ) -> models.Session:
        data = await self.call(
            "cancel-session", discord_id=discord_id, actor_discord_id=actor_discord_id, reason=reason
        )
        return models.Session.from_json(data)

    async def reschedule_session(
        self, *, discord_id: str, scheduled_time: str, actor_discord_id: str
    ) -> models.Session:
        data = await self.call(
            "reschedule-session",
            discord_id=discord_id,
            scheduled_time=scheduled_time,
            actor_discord_id=actor_discord_id,
        )
        return models.Session.from_json(data)

    async def complete_session(self, *, discord_id: str, actor_discord_id: str) -> models.Session:
        data = await self.call("complete-session", discord_id=discord_id, actor_discord_id=actor_discord_id)
        return models.Session.from_json(data)

    async def mark_no_show(
        self, *, discord_id: str, actor_discord_id: str, absent: str = "student"
    ) -> models.Session:
        data = await self.call(
            "mark-no-show", discord_id=discord_id, actor_discord_id=actor_discord_id, absent=absent
        )
        return models.Session.from_json(data)

    def _cohort_timeout(self) -> float:
        return max(COHORT_TIMEOUT_SECONDS, self._timeout.total or 0.0)

    async def auto_match(
        self, *, actor_discord_id: str, time_limit_seconds: float | None = None
    ) -> models.AutoMatch:
        """Propose a professional and a slot for every pending request at once (older proposals lapse)."""
        data = await self.call(
            "auto-match",
            timeout_seconds=self._cohort_timeout(),
            actor_discord_id=actor_discord_id,
            time_limit_seconds=time_limit_seconds,
        )
        return models.AutoMatch.from_json(data)

    async def approve_proposals(
        self, *, proposal_ids: Sequence[int] | Literal["all"], actor_discord_id: str
    ) -> models.Approvals:
        """Book the given open proposals (or every open one with "all"), each on its own."""
        selection: dict[str, Any] = (
            {"all": True} if proposal_ids == "all" else {"proposal_ids": [int(i) for i in proposal_ids]}
        )
        data = await self.call(
            "approve-proposals",
            timeout_seconds=self._cohort_timeout(),
            actor_discord_id=actor_discord_id,
            **selection,
        )
        return models.Approvals.from_json(data)


def _decode(action: str, status: int, text: str) -> dict[str, Any]:
    """Turn one HTTP answer into a JSON object, a `BackendError` or a `BackendUnavailable`."""
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and status >= 400:
        details = {k: v for k, v in error.items() if k not in {"code", "message"}}
        raise BackendError(
            status=status,
            code=str(error.get("code") or "error"),
            message=str(error.get("message") or "The request was refused."),
            details=details,
        )
    if status >= 500 or data is None:
        # A proxy's 502 page, a crashed worker or a wrong BACKEND_API_URL: nothing a user can fix.
        log.error("bot API %s answered %s with %.200r", action, status, text)
        raise BackendUnavailable(f"HTTP {status} without an API answer")
    if status >= 400:
        raise BackendError(status=status, code="error", message="The request was refused.")
    if not isinstance(data, dict):
        raise BackendUnavailable(f"HTTP {status} with a JSON {type(data).__name__}, not an object")
    return data
