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
    return paginate(
        blocks,
        header=header,
        more="…and {count} more: see the admin site.",
        not_given=max(pending.total - len(pending.requests), 0),
    )


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
    score = f" · score {suggestion.score:g}" if suggestion.score is not None else ""
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
        lines.append(f"  Why: {escape(truncate(' '.join(suggestion.reasons), 300))}")
    return "\n".join(lines)


def suggest_matches_pages(data: MatchSuggestions, *, student_mention: str) -> list[str]:
    if not data.suggestions:
        why = escape(data.message) if data.message else "No professional's availability overlaps theirs."
        return [f"No suggestions for {student_mention}: {why}"]
    zone = f" (times in {data.timezone})" if data.timezone else ""
    header = f"Suggested reviewers for {student_mention}{zone}:"
    blocks = [_suggestion_block(i + 1, i, data) for i in range(len(data.suggestions))]
    pages = paginate(blocks, header=header, max_pages=3)
    pages[-1] = truncate(
        pages[-1] + '\nBook one with `!schedule_session @student "Name" "Monday 2:00 PM"`.', 2000
    )
    return pages


def _percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate * 100:.0f}%"


def review_stats_text(stats: ReviewStats) -> str:
    requests = stats.requests_by_status
    sessions = stats.sessions_by_status
    clarify = (
        f" ({stats.requests_needing_clarification} need clarification)"
        if stats.requests_needing_clarification
        else ""
    )
    lines = [
        "📊 **Review statistics**",
        f"Requests: **{stats.requests_total}** in all: {requests.get('pending', 0)} pending{clarify}, "
        f"{requests.get('scheduled', 0)} scheduled, {requests.get('completed', 0)} completed, "
        f"{requests.get('cancelled', 0)} cancelled, {requests.get('expired', 0)} expired",
        f"Match rate: **{_percent(stats.match_rate)}** of requests got a session",
        f"Sessions: **{stats.sessions_this_week}** this week, {stats.sessions_upcoming} upcoming; "
        f"{sessions.get('completed', 0)} completed, {plural(sessions.get('no_show', 0), 'no-show')} "
        f"(completion {_percent(stats.completion_rate)}, no-show {_percent(stats.no_show_rate)})",
        f"People: {plural(stats.students, 'student')}, "
        f"{plural(stats.professionals_active, 'active professional')} "
        f"({stats.professionals_at_capacity} at their weekly limit)",
    ]
    busy = [row for row in stats.professional_load if row.sessions_this_week > 0][:5]
    if busy:
        shown = ", ".join(
            f"{escape(row.name)} {row.sessions_this_week}/{row.max_sessions_per_week}"
            + (" (full)" if row.at_capacity else "")
            for row in busy
        )
        lines.append(f"Busiest this week: {shown}")
    return truncate("\n".join(lines), 2000)
