"""Texts for the student commands. Pure: data in, strings out."""

from __future__ import annotations

from datetime import UTC, datetime

from mentormatch.bot.formatting import discord_time, escape, paginate
from mentormatch.bot.models import FormLink, ReviewRequestSummary, ReviewStatus

FORM_NOT_SET_UP = (
    "Sorry, the review request form isn't set up yet, so I can't send you the link. "
    "I've flagged it for the program admins; please try `!resume` again later."
)
NO_REQUESTS = "You have no resume review requests yet. Run `!resume` to get the request form."


def no_requests(*, own: bool = True, mention: str = "") -> str:
    if own:
        return NO_REQUESTS
    return f"{mention} has no resume review requests yet: they can get the form with `!resume`."


STATUS_LABELS = {
    "pending": "⏳ Pending: we are finding you a reviewer",
    "scheduled": "📅 Scheduled",
    "completed": "✅ Completed",
    "cancelled": "✖️ Cancelled",
    "expired": "⌛ Expired",
}


def resume_dm(link: FormLink, *, name: str) -> str:
    lines = [
        f"Hi {escape(name)}! Here is the form to request a resume review:",
        link.url,
    ]
    if link.prefilled:
        lines.append("It is already linked to your Discord account, so please keep your Discord ID as it is.")
    lines.append(
        "Tell us your target industry and role, and when you are free in your own words "
        '("Mon 2-4pm, Wednesday afternoon"). Once you have sent it, `!review_status` shows where it is.'
    )
    return "\n".join(lines)


def resume_dm_sent(mention: str) -> str:
    return f"📬 {mention}, I've sent you a direct message with your request form link."


def resume_dm_closed(mention: str) -> str:
    return (
        f"{mention}, I couldn't send you a direct message: your DMs seem to be closed. "
        "Please allow direct messages from server members (Privacy Settings for this server) "
        "and run `!resume` again, or ask a program admin for the form link."
    )


def _request_block(request: ReviewRequestSummary) -> str:
    label = STATUS_LABELS.get(request.status, request.status.title())
    target = " · ".join(part for part in (request.target_industry, request.target_role) if part)
    since = f" (requested {discord_time(request.created_at, 'D')})" if request.created_at else ""
    lines = [f"**{label}**{since}"]
    if target:
        lines.append(f"Target: {escape(target)}")
    if request.session is not None:
        session = request.session
        lines.append(
            f"Session with **{escape(session.professional.name)}** on {discord_time(session.start)} "
            f"({session.status.replace('_', ' ')})"
        )
    if request.needs_clarification:
        lines.append(
            "⚠️ We couldn't read all of your availability. Check your email for a link to correct it."
        )
    return "\n".join(lines)


def review_status_pages(status: ReviewStatus, *, own: bool = True, mention: str = "") -> list[str]:
    if not status.requests:
        return [no_requests(own=own, mention=mention)]
    oldest = datetime.min.replace(tzinfo=UTC)
    newest_first = sorted(status.requests, key=lambda r: r.created_at or oldest, reverse=True)
    name = escape(status.student.name)
    if own:
        header = f"Your resume review requests, {name}:" if name else "Your resume review requests:"
    else:
        header = f"Resume review requests of {name or mention} ({mention}):"
    return paginate([_request_block(r) for r in newest_first], header=header, max_pages=2)
