"""The staff dashboard: program statistics on one page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentormatch.dashboard.selectors import program_stats


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


@staff_member_required
def stats_page(request: HttpRequest) -> HttpResponse:
    stats = program_stats(now=timezone.now())
    rates = [
        ("Match rate", _percent(stats["match_rate"]), "requests that got a session"),
        ("Completion rate", _percent(stats["completion_rate"]), "of sessions with a recorded outcome"),
        ("No-show rate", _percent(stats["no_show_rate"]), "of sessions with a recorded outcome"),
    ]
    load = [
        {**row, "percent": _percent(row["load"]), "bar": min(100, round((row["load"] or 0) * 100))}
        for row in stats["professional_load"]
    ]
    return render(
        request,
        "dashboard/stats.html",
        {
            "stats": stats,
            "rates": rates,
            "load": load,
            "program_name": settings.PROGRAM_NAME,
            "program_timezone": settings.PROGRAM_TIMEZONE,
            "professional_form_url": settings.PROFESSIONAL_FORM_URL,
        },
    )
