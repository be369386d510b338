"""Signed form deliveries: the contract shared with the project's Apps Script (appscript/src/Delivery.js).

The script sends

    X-Mentormatch-Timestamp: <Unix seconds>
    X-Mentormatch-Signature: sha256=<hex>

where `<hex>` is the HMAC-SHA256 with key `FORM_WEBHOOK_SECRET` of `<timestamp>.<raw body>` (the body's
exact bytes). A delivery is accepted when the signature matches and the timestamp is within `max_age` seconds
of now, either side (for clock skew). That bounds how long a captured delivery can be replayed; inside the
window a replay is harmless because a resent response id is acknowledged without doing the work twice. Each
retry of the script signs afresh, so a delivery queued for hours still arrives inside the window.

The recorded requests in tests/intake/fixtures/appscript/ (written by the script's Node tests) pin this down
on both sides.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Mapping

__all__ = [
    "DEFAULT_MAX_AGE_SECONDS",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "SignatureError",
    "has_signature",
    "sign",
    "signature_for",
    "verify_signature",
]

TIMESTAMP_HEADER = "X-Mentormatch-Timestamp"
SIGNATURE_HEADER = "X-Mentormatch-Signature"
DEFAULT_MAX_AGE_SECONDS = 300
_SCHEME = "sha256="
_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}", re.ASCII)


class SignatureError(Exception):
    """A delivery that is not signed correctly.

    `code` is one of `not_configured`, `missing_signature`, `malformed_signature`, `expired_signature`,
    `bad_signature`; `message` says what is wrong in words an operator can act on, never the expected value.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def has_signature(headers: Mapping[str, str]) -> bool:
    """True when the request claims to be signed (either header present): then only its signature counts."""
    return _header(headers, SIGNATURE_HEADER) is not None or _header(headers, TIMESTAMP_HEADER) is not None


def signature_for(body: bytes, secret: str, timestamp: int) -> str:
    """The `X-Mentormatch-Signature` value for a body sent at `timestamp` (Unix seconds)."""
    message = str(timestamp).encode("ascii") + b"." + body
    return _SCHEME + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def sign(body: bytes, secret: str, timestamp: int) -> dict[str, str]:
    """The two signature headers the Apps Script sends with `body` at `timestamp`; for tests and tools."""
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature_for(body, secret, timestamp)}


def _seconds(now: float | dt.datetime) -> float:
    return now.timestamp() if isinstance(now, dt.datetime) else float(now)


def verify_signature(
    headers: Mapping[str, str],
    body: bytes,
    secret: str,
    now: float | dt.datetime,
    *,
    max_age: int = DEFAULT_MAX_AGE_SECONDS,
    max_age_seconds: int | None = None,
) -> None:
    """Raise `SignatureError` unless `headers` carry a valid signature of `body`, made within `max_age`
    seconds of `now` (Unix seconds or an aware datetime). Call it with keywords:
    `verify_signature(headers=..., body=..., secret=..., now=time.time())`.

    `max_age_seconds` is the older name of `max_age`, still accepted.
    """
    window = max_age_seconds if max_age_seconds is not None else max_age
    if not secret:
        raise SignatureError("not_configured", "the server has no FORM_WEBHOOK_SECRET configured")
    timestamp_text = _header(headers, TIMESTAMP_HEADER)
    signature = _header(headers, SIGNATURE_HEADER)
    if not timestamp_text or not signature:
        raise SignatureError(
            "missing_signature", f"both {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} are required"
        )
    timestamp_text = timestamp_text.strip()
    if not _TIMESTAMP.fullmatch(timestamp_text):
        raise SignatureError("malformed_signature", f"{TIMESTAMP_HEADER} must be Unix seconds")
    signature = signature.strip()
    digest = signature[len(_SCHEME) :].lower() if signature.lower().startswith(_SCHEME) else ""
    if not _HEX_DIGEST.fullmatch(digest):
        raise SignatureError(
            "malformed_signature", f"{SIGNATURE_HEADER} must be sha256= followed by 64 hex digits"
        )
    timestamp = int(timestamp_text)
    age = _seconds(now) - timestamp
    if abs(age) > window:
        direction = "old" if age > 0 else "ahead of the server's clock"
        raise SignatureError(
            "expired_signature",
            f"{TIMESTAMP_HEADER} is {int(abs(age))} seconds {direction} (at most {window} allowed); "
            "check the clock or resend",
        )
    expected = signature_for(body, secret, timestamp)
    # Constant-time comparison of the whole header value, so timing tells an attacker nothing.
    if not hmac.compare_digest(expected.encode("ascii"), (_SCHEME + digest).encode("ascii")):
        raise SignatureError("bad_signature", "signature does not match the body and FORM_WEBHOOK_SECRET")
