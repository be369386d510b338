"""Texts for the admin review commands. Pure: data in, strings out."""

from __future__ import annotations

from mentormatch.bot.formatting import discord_time, escape, paginate, plural, truncate
from mentormatch.bot.models import (
    MatchSuggestions,
    Overlap,
    PendingReviews,
    ReviewRequestSummary,
    ReviewStats,
)


def _who(request: ReviewRequestSummary) -> str:
    name = escape(request.student.name or "(no name)")
    return f"**{name}** (<@{request.student.discord_id}>)" if request.student.discord_id else f"**{name}**"


def _pending_block(request: ReviewRequestSummary) -> str:
    target = " · ".join(
        part for part in (request.target_industry, request.target_role, request.experience_level) if part
    )
    since = f" · since {discord_time(request.created_at, 'R')}" if request.created_at else ""
    lines = [f"{_who(request)}{since}"]
    if target:
        lines.append(f"  {escape(target)}")
    if request.availability_text:
        lines.append(f'  Availability: "{escape(truncate(request.availability_text, 200))}"')
    if request.needs_clarification or request.warnings:
        note = "; ".join(request.warnings) or "availability could not be read"
        lines.append(f"  ⚠️ Needs clarification: {escape(truncate(note, 200))}")
    return "\n".join(lines)


def pending_reviews_pages(pending: PendingReviews) -> list[str]:
    if not pending.requests:
        return ["🎉 No pending review requests."]
    header = f"**{plural(pending.total, 'pending review request')}**, oldest first:"
    blocks = [_pending_block(r) for r in pending.requests]
    pages = paginate(blocks, header=header)
    if pending.total > len(pending.requests) and pages:
        pages[-1] = truncate(
            f"{pages[-1]}\n…and {pending.total - len(pending.requests)} more in the admin site.", 2000
        )
    return pages


def _span(item: Overlap) -> str:
    if item.label:
        return escape(item.label)
    if item.start is not None and item.end is not None:
        return f"{discord_time(item.start, 'f')}–{discord_time(item.end, 't')}"
    return "?"


def _suggestion_block(rank: int, suggestion_index: int, data: MatchSuggestions) -> str:
    suggestion = data.suggestions[suggestion_index]
    pro = suggestion.professional
    role = ", ".join(part for part in (suggestion.title, suggestion.company) if part)
    score = f" · score {suggestion.score:.2f}" if suggestion.score is not None else ""
    lines = [f"**{rank}. {escape(pro.name)}**{f' ({escape(role)})' if role else ''}{score}"]
    if suggestion.specialties:
        lines.append(f"  Specialties: {escape(truncate(suggestion.specialties, 150))}")
    if suggestion.overlaps:
        shown = ", ".join(_span(o) for o in suggestion.overlaps[:6])
        more = f" (+{len(suggestion.overlaps) - 6} more)" if len(suggestion.overlaps) > 6 else ""
        lines.append(f"  Overlap: {shown}{more}")
    if suggestion.slots:
        lines.append(f"  First slots: {', '.join(_span(s) for s in suggestion.slots[:3])}")
    if suggestion.reasons:
        lines.append(f"  Why: {escape(truncate('; '.join(suggestion.reasons), 300))}")
    return "\n".join(lines)


def suggest_matches_pages(data: MatchSuggestions, *, student_mention: str) -> list[str]:
    if not data.suggestions:
        return [
            f"No professional's availability overlaps {student_mention}'s right now. "
            "Ask for more availability, or add professionals."
        ]
    zone = f" (times in {data.timezone})" if data.timezone else ""
    header = f"Suggested reviewers for {student_mention}{zone}:"
    blocks = [_suggestion_block(i + 1, i, data) for i in range(len(data.suggestions))]
    pages = paginate(blocks, header=header, max_pages=3)
    pages[-1] = truncate(
        pages[-1] + '\nBook one with `!schedule_session @student "Name" "Monday 2:00 PM"`.', 2000
    )
    return pages


STAT_LABELS = {
    "pending": "Pending requests",
    "scheduled": "Scheduled",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "expired": "Expired",
    "no_show": "No-shows",
}


def _stat_label(key: str) -> str:
    if key in STAT_LABELS:
        return STAT_LABELS[key]
    return key.replace(".", ": ").replace("_", " ").capitalize()


def _stat_value(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"


def review_stats_text(stats: ReviewStats) -> str:
    if not stats.counts:
        return "No statistics yet."
    lines = ["📊 **Review statistics**"]
    lines += [f"{_stat_label(key)}: **{_stat_value(value)}**" for key, value in stats.counts.items()]
    return truncate("\n".join(lines), 2000)
