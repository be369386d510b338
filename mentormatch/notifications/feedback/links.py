"""Signed, expiring feedback links: the token names the session and who is answering, nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from mentormatch.notifications import conf

_SALT = "mentormatch.notifications.feedback"
ROLES = ("student", "professional")
EXPIRED = "This feedback link has expired. Ask the program team for a new one."
INVALID = "This feedback link is not valid. Check that it was copied whole."


@dataclass(frozen=True)
class FeedbackGrant:
    session_id: int
    role: str


class FeedbackLinkError(Exception):
    """The link is expired, altered or unknown; the message can be shown to the person."""


def feedback_token(*, session_id: int, role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"Unknown feedback role {role!r}.")
    return signing.dumps({"s": session_id, "r": role}, salt=_SALT, compress=True)


def feedback_url(*, session_id: int, role: str) -> str:
    token = feedback_token(session_id=session_id, role=role)
    path = reverse("notifications:feedback", kwargs={"token": token})
    return f"{settings.SITE_URL}{path}"


def read_feedback_token(token: str) -> FeedbackGrant:
    """Check a token's signature and age. Raises FeedbackLinkError with a message a person can act on."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=conf.feedback_link_max_age())
    except signing.SignatureExpired:
        raise FeedbackLinkError(EXPIRED) from None
    except signing.BadSignature:
        raise FeedbackLinkError(INVALID) from None
    if not isinstance(data, dict) or data.get("r") not in ROLES or not isinstance(data.get("s"), int):
        raise FeedbackLinkError(INVALID)
    return FeedbackGrant(session_id=data["s"], role=data["r"])
