"""How the program is doing: the figures behind the staff dashboard and the bot's `!review_stats`.

Definitions (each rate is `None` when its denominator is zero, never a made-up 0):

- `match_rate`: review requests that got at least one session (any status), over all requests that are not
  cancelled.
- `completion_rate` / `no_show_rate`: among sessions whose outcome is recorded (completed or no-show),
  the share of each.
- `sessions_this_week`: sessions not cancelled that start in the program week holding `now` (Monday 00:00
  to Monday 00:00 in `PROGRAM_TIMEZONE`).
- `professional_load`: for each active professional, those sessions against their weekly limit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q

from mentormatch.scheduling.models import Professional, ReviewRequest, ScheduledSession, Student


def program_week(*, now: dt.datetime, zone: str | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The program week holding `now`: Monday 00:00 to the next Monday 00:00, local, as aware datetimes."""
    tz = ZoneInfo(zone or str(settings.PROGRAM_TIMEZONE))
    local_day = now.astimezone(tz).date()
    monday = local_day - dt.timedelta(days=local_day.weekday())
    start = dt.datetime.combine(monday, dt.time(0, 0), tzinfo=tz)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0, 0), tzinfo=tz)
    return start, end


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def program_stats(*, now: dt.datetime) -> dict[str, Any]:
    """Program statistics as a JSON-ready dict (times ISO 8601 with offset)."""
    statuses = ReviewRequest.Status
    by_status = {value: 0 for value in statuses.values}
    for row in ReviewRequest.objects.values("status").annotate(n=Count("pk")):
        by_status[row["status"]] = row["n"]
    total_requests = sum(by_status.values())
    live_requests = total_requests - by_status[statuses.CANCELLED]
    matched = (
        ReviewRequest.objects.exclude(status=statuses.CANCELLED)
        .filter(sessions__isnull=False)
        .distinct()
        .count()
    )

    session_status = ScheduledSession.Status
    sessions_by_status = {value: 0 for value in session_status.values}
    for row in ScheduledSession.objects.values("status").annotate(n=Count("pk")):
        sessions_by_status[row["status"]] = row["n"]
    completed = sessions_by_status[session_status.COMPLETED]
    no_show = sessions_by_status[session_status.NO_SHOW]

    week_start, week_end = program_week(now=now)
    in_week = Q(sessions__start__gte=week_start, sessions__start__lt=week_end) & ~Q(
        sessions__status=session_status.CANCELLED
    )
    sessions_this_week = (
        ScheduledSession.objects.filter(start__gte=week_start, start__lt=week_end)
        .exclude(status=session_status.CANCELLED)
        .count()
    )
    upcoming = ScheduledSession.objects.filter(start__gte=now, status=session_status.SCHEDULED).count()

    load = []
    professionals = (
        Professional.objects.filter(active=True)
        .annotate(week_sessions=Count("sessions", filter=in_week))
        .order_by("-week_sessions", "name")
    )
    for professional in professionals:
        limit = professional.max_sessions_per_week
        week_sessions = int(getattr(professional, "week_sessions", 0))
        load.append(
            {
                "id": professional.pk,
                "name": professional.name,
                "sessions_this_week": week_sessions,
                "max_sessions_per_week": limit,
                "load": _rate(week_sessions, limit),
                "at_capacity": week_sessions >= limit,
                "reviews_done": professional.reviews_done,
                "needs_clarification": professional.needs_clarification,
            }
        )

    return {
        "generated_at": now.isoformat(),
        "week": {"start": week_start.isoformat(), "end": week_end.isoformat()},
        "requests_by_status": by_status,
        "requests_total": total_requests,
        "requests_needing_clarification": ReviewRequest.objects.filter(
            status=statuses.PENDING, needs_clarification=True
        ).count(),
        "match_rate": _rate(matched, live_requests),
        "sessions_by_status": sessions_by_status,
        "completion_rate": _rate(completed, completed + no_show),
        "no_show_rate": _rate(no_show, completed + no_show),
        "sessions_this_week": sessions_this_week,
        "sessions_upcoming": upcoming,
        "students": Student.objects.count(),
        "professionals_active": len(load),
        "professionals_at_capacity": sum(1 for row in load if row["at_capacity"]),
        "professional_load": load,
    }
