"""Texts for the session commands. Pure: data in, strings out."""

from __future__ import annotations

from mentormatch.bot.formatting import discord_time, escape
from mentormatch.bot.models import Session


def _when(session: Session) -> str:
    local = f" ({escape(session.local_time)})" if session.local_time else ""
    return f"{discord_time(session.start)}{local}"


def session_scheduled(session: Session, *, student_mention: str) -> str:
    return (
        f"✅ Booked {student_mention} with **{escape(session.professional.name)}** on {_when(session)}, "
        f"{session.duration_minutes} minutes. Both will get an email with a calendar invite."
    )


def session_cancelled(session: Session, *, student_mention: str) -> str:
    return (
        f"✖️ Cancelled the session of {student_mention} with **{escape(session.professional.name)}** "
        f"on {discord_time(session.start)}. Both will be told."
    )


def session_rescheduled(session: Session, *, student_mention: str) -> str:
    return (
        f"🔁 Moved the session of {student_mention} with **{escape(session.professional.name)}** "
        f"to {_when(session)}. Both will get an updated invite."
    )


def session_completed(session: Session, *, student_mention: str) -> str:
    return (
        f"✅ Marked the session of {student_mention} with **{escape(session.professional.name)}** "
        f"on {discord_time(session.start, 'D')} as completed."
    )


def session_no_show(session: Session, *, student_mention: str, absent: str) -> str:
    who = student_mention if absent == "student" else f"**{escape(session.professional.name)}**"
    return (
        f"📝 Recorded that {who} did not come to the session of {student_mention} with "
        f"**{escape(session.professional.name)}** on {discord_time(session.start, 'D')}."
    )
