"""The text of each Discord DM: short, in Discord markdown, with the time in the person's zone (named) and
as a Discord timestamp that every client shows in its reader's own zone."""

from __future__ import annotations

import re

from mentormatch.notifications.models import Notification
from mentormatch.notifications.presentation import View, session_view

Kind = Notification.Kind
_MARKDOWN = re.compile(r"([\\*_~`|>\[\]])")


def escape(text: str) -> str:
    """Names are shown as typed, not read as Discord markdown (a name with * or _ stays as it is)."""
    return _MARKDOWN.sub(r"\\\1", text)


def _when(v: View) -> str:
    return f"**{v.when}** (<t:{int(v.start.timestamp())}:R>)"


def dm_text(notification: Notification) -> str:
    v = session_view(notification)
    who = f"with **{escape(v.other.label)}**"
    link = f"\nJoin: {v.meeting_link}" if v.meeting_link else ""
    contact = f"\nContact: {escape(v.other.contact)}" if v.other.contact else ""
    lines = {
        Kind.INVITE: f"Your resume review {who} is booked for {_when(v)}.{contact}{link}\n"
        "The calendar invitation is in your email.",
        Kind.UPDATE: f"Your resume review {who} has moved"
        + (f" from {v.previous_when}" if v.previous_when else "")
        + f" to {_when(v)}.{link}",
        Kind.CANCEL: f"Your resume review {who} on {v.when} has been cancelled.",
        Kind.REMINDER: f"Reminder: your resume review {who} starts in {v.lead}, {_when(v)}.{link}",
        Kind.FEEDBACK_REQUEST: f"How did your resume review {who} go? Tell us here: {v.feedback_link}",
        Kind.FEEDBACK_NOTES: f"Please confirm your session {who} and add notes: {v.feedback_link}",
    }
    return f"{v.program}: {lines[Kind(notification.kind)]}"
