"""Signed form deliveries: the contract shared with the project's Apps Script.

The script sends `X-Mentormatch-Timestamp: <Unix seconds>` and
`X-Mentormatch-Signature: sha256=<hex>`, the HMAC-SHA256 with key `FORM_WEBHOOK_SECRET` of
`<timestamp>.<raw body>`. A delivery is accepted when the signature matches and the timestamp is within
`max_age_seconds` of now (either side, for clock skew), which bounds how long a captured delivery can be
replayed; the response-id archive makes a replay inside the window harmless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping

TIMESTAMP_HEADER = "X-Mentormatch-Timestamp"
SIGNATURE_HEADER = "X-Mentormatch-Signature"
DEFAULT_MAX_AGE_SECONDS = 300


class SignatureError(Exception):
    """The delivery is not signed correctly; the message says why, without leaking the expected value."""


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def has_signature(headers: Mapping[str, str]) -> bool:
    return _header(headers, SIGNATURE_HEADER) is not None or _header(headers, TIMESTAMP_HEADER) is not None


def sign(raw_body: bytes, secret: str, timestamp: int) -> str:
    """The `X-Mentormatch-Signature` value for a body sent at `timestamp`."""
    message = str(timestamp).encode() + b"." + raw_body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify_signature(
    headers: Mapping[str, str],
    raw_body: bytes,
    secret: str,
    now: dt.datetime,
    *,
    max_age_seconds: int = DEFAULT_MAX_AGE_SECONDS,
) -> None:
    """Raise `SignatureError` unless the headers carry a valid, fresh signature of `raw_body`."""
    if not secret:
        raise SignatureError("the server has no FORM_WEBHOOK_SECRET configured")
    timestamp_text = _header(headers, TIMESTAMP_HEADER)
    signature = _header(headers, SIGNATURE_HEADER)
    if not timestamp_text or not signature:
        raise SignatureError(f"both {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} are required")
    try:
        timestamp = int(timestamp_text.strip())
    except ValueError:
        raise SignatureError(f"{TIMESTAMP_HEADER} must be Unix seconds") from None
    age = now.timestamp() - timestamp
    if abs(age) > max_age_seconds:
        raise SignatureError(
            f"{TIMESTAMP_HEADER} is {int(abs(age))} seconds from the server's clock "
            f"(at most {max_age_seconds} allowed)"
        )
    expected = sign(raw_body, secret, timestamp)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise SignatureError("signature does not match the body")
