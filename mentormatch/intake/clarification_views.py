"""The correction page behind a clarification link: how the text was read, on a week grid, and a box
to fix it.

Mounted at /availability/fix/<token>/. The signed token is the only credential: it names one request or one
professional and expires (CLARIFICATION_LINK_MAX_AGE_DAYS).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone as django_timezone
from django.views.decorators.cache import never_cache

from mentormatch.intake.clarification import (
    EXPIRED,
    GONE,
    ClarificationClosed,
    ClarificationLinkError,
    ClarificationSubject,
    clarification_preview,
    clarification_resolve,
    clarification_subject,
    clarification_token_read,
)
from mentormatch.web.errors import ApiError

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_FIRST_HOUR = 7
DEFAULT_LAST_HOUR = 22  # exclusive: the last column is 21:00-22:00


def _minutes(text: str) -> int:
    hours, _, minutes = str(text).partition(":")
    return int(hours) * 60 + int(minutes or 0)


def _hour_label(hour: int) -> str:
    if hour % 12 == 0:
        return "12 PM" if hour == 12 else "12 AM"
    return f"{hour % 12} {'AM' if hour < 12 else 'PM'}"


def _clock(minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    suffix = "AM" if hour < 12 or hour == 24 else "PM"
    shown = hour % 12 or 12
    return f"{shown}:{minute:02d} {suffix}"


@dataclass(frozen=True)
class GridRow:
    day: str
    cells: list[str]  # per hour: "full", "part" or ""


@dataclass(frozen=True)
class WeekGrid:
    hours: list[str]
    rows: list[GridRow]
    dated: list[str]
    excluded: list[str]
    zones: list[str]

    @property
    def empty(self) -> bool:
        return not self.dated and all(not any(row.cells) for row in self.rows)


def _describe(window: Mapping[str, Any]) -> str:
    day = window.get("date") or (
        DAY_NAMES[int(window["weekday"])] if window.get("weekday") is not None else "?"
    )
    zone = f" ({window['tz']})" if window.get("tz") else ""
    start, end = _minutes(window["start"]), _minutes(window["end"])
    if (start, end) == (0, 24 * 60):
        return f"{day} all day{zone}"
    return f"{day} {_clock(start)} - {_clock(end)}{zone}"


def week_grid(
    windows: Iterable[Mapping[str, Any]], exclusions: Iterable[Mapping[str, Any]] = (), *, zone: str = ""
) -> WeekGrid:
    """Weekly windows as a days x hours grid (a cell is 'full' when the whole hour is free, 'part' when
    some of it is); dated windows and exclusions as lines, since a week grid cannot show them."""
    windows = list(windows)
    weekly = [w for w in windows if w.get("weekday") is not None]
    first, last = DEFAULT_FIRST_HOUR, DEFAULT_LAST_HOUR
    for w in weekly:
        first = min(first, _minutes(w["start"]) // 60)
        last = max(last, -(-_minutes(w["end"]) // 60))
    rows = []
    for weekday, day in enumerate(DAY_NAMES):
        cells = []
        for hour in range(first, last):
            covered: set[int] = set()
            for w in weekly:
                if int(w["weekday"]) == weekday:
                    lo, hi = max(_minutes(w["start"]), hour * 60), min(_minutes(w["end"]), hour * 60 + 60)
                    covered.update(range(lo, hi))
            cells.append("full" if len(covered) >= 60 else "part" if covered else "")
        rows.append(GridRow(day=day, cells=cells))
    zones = sorted({str(w["tz"]) for w in windows if w.get("tz") and w.get("tz") != zone})
    return WeekGrid(
        hours=[_hour_label(h) for h in range(first, last)],
        rows=rows,
        dated=[_describe(w) for w in windows if w.get("weekday") is None],
        excluded=[_describe(w) for w in exclusions],
        zones=zones,
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label="Your availability, in your own words",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "e.g. Monday 2-4 PM, Wednesday afternoon"}),
    )
    timezone = forms.CharField(label="Your time zone", required=False, max_length=64)
    keep_form_answers = forms.BooleanField(
        label="Also keep the days and times I ticked on the form", required=False
    )


def _message(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    return render(request, "intake/clarification/message.html", {"message": message}, status=status)


def _page(
    request: HttpRequest,
    subject: ClarificationSubject,
    form: CorrectionForm,
    *,
    preview: Any = None,
    status: int = 200,
) -> HttpResponse:
    shown = preview if preview is not None else subject
    grid = week_grid(shown.windows, shown.exclusions, zone=shown.timezone)
    context = {
        "subject": subject,
        "form": form,
        "grid": grid,
        "reading": shown,
        "is_preview": preview is not None,
        "saved": request.GET.get("saved") == "1",
    }
    return render(request, "intake/clarification/page.html", context, status=status)


@never_cache
def clarification_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        kind, obj_id = clarification_token_read(token)
        subject = clarification_subject(kind=kind, obj_id=obj_id)
    except ClarificationLinkError as exc:
        return _message(request, str(exc), status=410 if str(exc) in (EXPIRED, GONE) else 404)
    if subject.closed_reason:
        return _message(request, subject.closed_reason, status=409)

    if request.method != "POST":
        initial = {
            "text": subject.text,
            "timezone": subject.timezone,
            "keep_form_answers": subject.has_form_answers,
        }
        return _page(request, subject, CorrectionForm(initial=initial))

    form = CorrectionForm(request.POST)
    action = request.POST.get("action")
    if action not in {"preview", "save"}:
        # Only the page's two buttons: anything else saves nothing.
        form.is_valid()
        form.add_error(None, "Press Preview to see how we read it, or Save to use it.")
        return _page(request, subject, form, status=400)
    if not form.is_valid():
        return _page(request, subject, form, status=400)
    arguments = {
        "text": form.cleaned_data["text"],
        "timezone": form.cleaned_data["timezone"],
        "keep_form_answers": form.cleaned_data["keep_form_answers"] and subject.has_form_answers,
        "now": django_timezone.now(),
    }
    try:
        if action == "preview":
            preview = clarification_preview(subject=subject, **arguments)
            return _page(request, subject, form, preview=preview)
        clarification_resolve(kind=kind, obj_id=obj_id, **arguments)
    except ApiError as exc:  # nothing readable given: say so next to the box
        form.add_error("text", exc.message)
        return _page(request, subject, form, status=400)
    except ClarificationClosed as exc:
        return _message(request, str(exc), status=409)
    return HttpResponseRedirect(f"{request.path}?saved=1")
