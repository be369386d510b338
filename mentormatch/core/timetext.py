"""Free text (and form answers) -> availability windows; typed booking times -> an instant.

The reader is a tokenizer (`tokens`), a small grammar producing items (`grammar`) and a clause builder
(`clauses`) applying the conventions of DESIGN.md "Time rules". It never raises on any string: what it
cannot read it reports in `ParseResult.warnings`, quoting the exact fragment.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from zoneinfo import ZoneInfo

from mentormatch.core.availability import ParseResult, Window, merge_windows
from mentormatch.core.clauses import build_windows, resolve_time_group
from mentormatch.core.grammar import Reader
from mentormatch.core.items import DayItem, Expr, TimeItem, ZoneItem
from mentormatch.core.tokens import tokenize
from mentormatch.core.zones import canonical_zone, offset_minutes, resolve_zone

__all__ = [
    "DayParts",
    "TimeTextError",
    "parse_availability",
    "parse_booking_time",
    "parse_form_answers",
]

_MAX_TEXT = 5000


class TimeTextError(ValueError):
    """A time text that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class DayParts:
    """Parts of the day in minutes after midnight, [start, end)."""

    morning: tuple[int, int] = (480, 720)
    afternoon: tuple[int, int] = (720, 1020)
    evening: tuple[int, int] = (1020, 1260)
    lunch: tuple[int, int] = (720, 780)
    program_day: tuple[int, int] = (480, 1260)

    def as_dict(self) -> dict[str, tuple[int, int]]:
        if self is _DEFAULT_PARTS:
            return _DEFAULT_DICT
        return {f.name: getattr(self, f.name) for f in fields(self)}


_DEFAULT_PARTS = DayParts()
_DEFAULT_DICT = {f.name: getattr(_DEFAULT_PARTS, f.name) for f in fields(_DEFAULT_PARTS)}


def _read(text: str, today: dt.date, parts: DayParts) -> tuple[Reader, list[str]]:
    reader = Reader(text, tokenize(text), today=today, parts=parts.as_dict())
    reader.read()
    return reader, reader.fragments()


def _all_covered(windows: Sequence[Window], exclusions: Sequence[Window]) -> bool:
    """A quick test before the exact one: is each window inside one exclusion of its day?"""
    for window in windows:
        weekday = window.weekday if window.date is None else window.date.weekday()
        if not any(
            e.start <= window.start
            and window.end <= e.end
            and e.tz == window.tz
            and (e.date == window.date if e.date is not None else e.weekday == weekday)
            for e in exclusions
        ):
            return False
    return True


def _finish(
    text: str,
    windows: list[Window],
    exclusions: list[Window],
    warnings: list[str],
    unknown: list[str],
    guesses: int,
    valid: tuple[dt.date | None, dt.date | None] = (None, None),
) -> ParseResult:
    all_warnings = [f'"{fragment}" not understood' for fragment in unknown] + warnings
    merged = merge_windows(windows)
    cut = merge_windows(exclusions) if exclusions else ()
    if (
        merged
        and cut
        and _all_covered(merged, cut)
        and not ParseResult(text, merged, cut, 0.0, ()).net_windows()
    ):
        all_warnings.append("the exclusions rule out every time given")
        confidence = 0.0
    elif not merged:
        if not text.strip():
            all_warnings.append("no availability given")
        elif not exclusions:
            all_warnings.append("no days or times found")
        else:
            all_warnings.append("only times that do not work were given")
        confidence = 0.0
    else:
        others = len(warnings) - guesses
        confidence = 1.0 - 0.2 * len(unknown) - 0.1 * guesses - 0.05 * max(others, 0)
        confidence = round(min(1.0, max(0.05, confidence)), 2)
    seen: set[str] = set()
    unique = [w for w in all_warnings if not (w in seen or seen.add(w))]  # type: ignore[func-returns-value]
    return ParseResult(text, merged, cut, confidence, tuple(unique), *valid)


def parse_availability(
    text: str,
    *,
    today: dt.date | None = None,
    day_parts: DayParts | None = None,
    session_minutes: int = 30,
    default_days: frozenset[int] | None = None,
) -> ParseResult:
    """Read free-text availability. Never raises; see the module docstring and docs/availability.md.

    `today` anchors dates without a year and relative words ("tomorrow"); `default_days` are the days a
    time without a day applies to (a form's checked days), else such a time applies to every day with a
    warning.
    """
    raw = text if isinstance(text, str) else str(text)
    parts = day_parts or _DEFAULT_PARTS
    anchor = today or dt.date.today()  # noqa: DTZ011 - callers pass the person's today; this is a fallback
    warnings: list[str] = []
    body = raw
    if len(raw) > _MAX_TEXT:
        body = raw[:_MAX_TEXT]
        warnings.append(f"only the first {_MAX_TEXT} characters were read")
    try:
        reader, unknown = _read(body, anchor, parts)
        built = build_windows(
            reader.items, text=body, parts=parts.as_dict(), session=session_minutes, default_days=default_days
        )
    except Exception as error:  # the reader must never raise; report instead
        return ParseResult(raw, (), (), 0.0, (f"could not read the text ({type(error).__name__}: {error})",))
    return _finish(
        raw,
        built.windows,
        built.exclusions,
        reader.warnings + built.warnings + warnings,
        unknown,
        built.guesses + reader.guesses,
        (reader.valid_from, reader.valid_until),
    )


def _grid_row_day(label: str) -> str:
    """Google Forms names grid answers 'Question [Row]': keep the row."""
    match = re.search(r"\[([^\]]+)\]\s*$", label)
    return match.group(1) if match else label


# Form choices that mean "any time of the day".
_ANY_TIME = re.compile(r"^\s*(?:flexible|any\s*time|whenever|all\s+day|open|any)\s*$", re.IGNORECASE)


def parse_form_answers(
    *,
    days: Sequence[str] = (),
    time_slots: Sequence[str] = (),
    grid: Mapping[str, Sequence[str]] | None = None,
    text: str = "",
    today: dt.date | None = None,
    day_parts: DayParts | None = None,
    session_minutes: int = 30,
) -> ParseResult:
    """Structured form answers and free text, all through the same reader.

    - checked `days` x checked `time_slots` ("Monday" x "12:00 PM - 1:00 PM");
    - each `grid` row (a day, or Google Forms' "Question [Day]" -> its checked columns, times or parts of
      day) kept row by row;
    - the free `text`, where a time written without a day applies to the checked days.
    Checked days with no slot and no times in the text are the whole program day. Warnings of every
    piece are kept (each quotes its fragment); the confidence is the lowest of the pieces that gave windows.
    """

    def read(piece: str, default: frozenset[int] | None = None) -> ParseResult:
        return parse_availability(
            piece, today=today, day_parts=day_parts, session_minutes=session_minutes, default_days=default
        )

    windows: list[Window] = []
    exclusions: list[Window] = []
    warnings: list[str] = []
    confidences: list[float] = []

    def take(result: ParseResult, *, quiet_if_empty: bool = False) -> None:
        windows.extend(result.windows)
        exclusions.extend(result.exclusions)
        empty_notes = {
            "no days or times found",
            "no availability given",
            "only times that do not work were given",
        }
        warnings.extend(w for w in result.warnings if not (quiet_if_empty and w in empty_notes))
        if result.windows:
            confidences.append(result.confidence)

    def day_set(label: str) -> frozenset[int]:
        weekly = frozenset(w.weekday for w in read(label).windows if w.weekday is not None)
        if not weekly:
            warnings.append(f'"{label}" is not a day')
        return weekly

    checked: frozenset[int] = frozenset()
    for label in days:
        if str(label).strip():
            checked |= day_set(str(label))
    program_lo, program_hi = (day_parts or _DEFAULT_PARTS).program_day
    slots = [_ANY_TIME.sub("anytime", str(s)) for s in time_slots if str(s).strip()]
    free: ParseResult | None = read(text, checked or None) if text.strip() else None
    # "Mondays and Wednesdays" written in the text, times checked as slots: the slots are for those days
    days_only = (
        free is not None
        and bool(free.windows)
        and not free.exclusions
        and all(w.weekday is not None and (w.start, w.end) == (program_lo, program_hi) for w in free.windows)
    )
    if slots and not checked and free is not None and days_only:
        checked = frozenset(w.weekday for w in free.windows if w.weekday is not None)
        free = None
    if slots:
        take(read(", ".join(slots), checked or None))
    for row, columns in (grid or {}).items():
        chosen = [str(c) for c in columns if str(c).strip()]
        row_days = day_set(_grid_row_day(str(row))) if chosen else frozenset()
        if row_days:
            take(read(", ".join(chosen), row_days))
    free_windows = False
    if free is not None:
        free_windows = bool(free.windows)
        take(free, quiet_if_empty=bool(checked or slots or grid))
    if checked and not slots and not free_windows:
        windows.extend(Window(d, None, program_lo, program_hi, None) for d in sorted(checked))
        confidences.append(1.0)
    summary = " | ".join(
        piece
        for piece in (
            ", ".join(str(d) for d in days),
            ", ".join(slots),
            "; ".join(f"{r}: {', '.join(map(str, c))}" for r, c in (grid or {}).items()),
            text,
        )
        if piece
    )
    result = _finish(summary, windows, exclusions, warnings, [], 0)
    if not result.windows or not confidences:
        return result
    return ParseResult(result.text, result.windows, result.exclusions, min(confidences), result.warnings)


# -- booking times ----------------------------------------------------------------------------------------
def parse_booking_time(text: str, *, now: dt.datetime, default_tz: str) -> dt.datetime:
    """The next moment strictly after `now` that `text` names, as an aware UTC datetime.

    Raises `TimeTextError` (never an arithmetic error) for any text, dates near year 9999 included.
    """
    try:
        return _booking_time(text, now=now, default_tz=default_tz)
    except (OverflowError, ValueError) as error:
        if isinstance(error, TimeTextError):
            raise
        raise TimeTextError(
            f'"{text.strip()}" is too far ahead to book; give a nearer day and time'
        ) from None


def _booking_time(text: str, *, now: dt.datetime, default_tz: str) -> dt.datetime:
    """The next moment strictly after `now` that `text` names, as an aware UTC datetime.

    "Monday 2:00 PM" is next Monday (today if it is Monday and 2 PM is still ahead), "tomorrow 3pm",
    "Dec 14 3:30pm" and "2026-12-14 15:30" name dates. The zone is the one the text names, else
    `default_tz`. A local time that does not exist (spring forward) moves forward by the gap; one that
    happens twice (fall back) is the first occurrence.
    """
    if now.tzinfo is None:
        raise TimeTextError("now must be timezone-aware")
    zone_name = canonical_zone(default_tz) or resolve_zone(default_tz)[0]
    if zone_name is None:
        raise TimeTextError(f'"{default_tz}" is not a time zone; use a name such as America/New_York')
    cleaned = text.strip()
    if not cleaned:
        raise TimeTextError('give a day and a time, for example "Monday 2:00 PM"')
    iso = _iso_moment(cleaned, ZoneInfo(zone_name))
    if iso is not None:
        if iso <= now:
            raise TimeTextError(f'"{cleaned}" is in the past; give a future day and time')
        return _to_utc(iso)
    local_now = now.astimezone(ZoneInfo(zone_name))
    reader, unknown = _read(cleaned, local_now.date(), _DEFAULT_PARTS)
    tz: dt.tzinfo = ZoneInfo(zone_name)
    zones = list(dict.fromkeys(i.zone for i in reader.items if isinstance(i, ZoneItem)))
    fixed = _fixed_offsets(reader, cleaned)
    if len(zones) + len(fixed) > 1:
        named = ", ".join([*zones, *(f"UTC{m // 60:+03d}:{abs(m) % 60:02d}" for m in fixed)])
        raise TimeTextError(f'"{cleaned}" names more than one time zone ({named}); give one')
    if zones:
        tz = ZoneInfo(zones[0])
    elif fixed:
        tz = dt.timezone(dt.timedelta(minutes=fixed[0]))
    local_now = now.astimezone(tz)
    not_dates = [w for w in reader.warnings if w.endswith(" is not a date")]
    if not_dates:
        raise TimeTextError(f"{not_dates[0]} on the calendar; give a real day and time")
    if unknown:
        raise TimeTextError(
            f'could not read "{unknown[0]}" in "{cleaned}"; write a day and a time like "Monday 2:00 PM"'
        )
    days = _agreeing_days([i for i in reader.items if isinstance(i, DayItem)], cleaned)
    times = [i for i in reader.items if isinstance(i, TimeItem)]
    exprs = [e for t in times for e in t.exprs]
    if len(exprs) != 1 or exprs[0].kind not in {"point", "range"} or exprs[0].a is None:
        raise TimeTextError(f'"{cleaned}" needs one time of day, for example "Monday 2:00 PM"')
    point_expr = exprs[0]
    if point_expr.kind == "range":
        point_expr = Expr("point", point_expr.start, point_expr.end, a=point_expr.a)
    ranges, _warnings, _guesses = _resolve_one(point_expr, cleaned)
    if not ranges or ranges[0][0] >= 1440:
        raise TimeTextError(f'"{cleaned}" is not a time of day to book; write one such as "Monday 2:00 PM"')
    minute = ranges[0][0]
    clock = dt.time(minute // 60, minute % 60)
    if len(days) > 1:
        raise TimeTextError(f'"{cleaned}" names more than one day; give one day and time')
    if days and days[0].dates is not None:
        if len(days[0].dates) != 1:
            raise TimeTextError(f'"{cleaned}" names more than one date; give one day and time')
        moment = dt.datetime.combine(days[0].dates[0], clock, tzinfo=tz)
        if moment <= now:
            # A date without a year rolls to next year; a date with a year written is in the past.
            if re.search(r"\b(19|20)\d\d\b", cleaned):
                raise TimeTextError(f'"{cleaned}" is in the past; give a future day and time')
            later = dt.datetime.combine(
                days[0].dates[0].replace(year=days[0].dates[0].year + 1), clock, tzinfo=tz
            )
            if re.search(r"\b(today|tonight|tomorrow)\b", cleaned.lower()) or later <= now:
                raise TimeTextError(f'"{cleaned}" is in the past; give a future day and time')
            moment = later
        return _to_utc(moment)
    weekdays = days[0].weekdays if days else None
    if weekdays is not None and len(weekdays) != 1:
        raise TimeTextError(f'"{cleaned}" names more than one day; give one day and time')
    for ahead in range(0, 8):
        day = local_now.date() + dt.timedelta(days=ahead)
        if weekdays is not None and day.weekday() not in weekdays:
            continue
        moment = dt.datetime.combine(day, clock, tzinfo=tz)
        if moment > now:
            return _to_utc(moment)
    raise TimeTextError(f'could not find the next "{cleaned}"')  # pragma: no cover - 8 days always hold one


def _iso_moment(text: str, tz: dt.tzinfo) -> dt.datetime | None:
    """An ISO 8601 date and time ("2026-12-07T15:30", "2026-12-07 15:30:00", "2026-12-07T20:30:00Z"), with
    its own offset or else in `tz`; None for anything else (the reader takes it)."""
    if not _ISO_RE.match(text):
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


_ISO_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE
)


def _fixed_offsets(reader: Reader, text: str) -> list[int]:
    """UTC offsets written in a booking time that name no zone keeping them all year ("UTC+12:45"): a
    booking is one instant, so the offset itself is enough. A zone that is not known, or one that names
    several regions ("IST"), is refused rather than guessed."""
    offsets: list[int] = []
    for warning in reader.warnings:
        fragment = warning.split('"')[1] if warning.count('"') >= 2 else ""
        if warning.endswith("is an offset no zone keeps all year; use a region name instead"):
            minutes = offset_minutes(fragment)
            if minutes is not None:
                offsets.append(minutes)
        elif " is not a time zone I know" in warning:
            raise TimeTextError(f'{warning} (in "{text}")')
        elif " names more than one zone " in warning:
            raise TimeTextError(
                f'"{fragment}" names more than one zone; for a booking give the region, such as Asia/Kolkata'
            )
    return offsets


def _agreeing_days(days: list[DayItem], text: str) -> list[DayItem]:
    """A weekday written with a date ("Monday Dec 14") is dropped when the date falls on it, and refused
    when it does not, so a typo in either never books the wrong day."""
    dated = [d for d in days if d.dates is not None and len(d.dates) == 1]
    weekly = [d for d in days if d.dates is None and d.weekdays is not None and len(d.weekdays) == 1]
    if len(days) != 2 or len(dated) != 1 or len(weekly) != 1:
        return days
    date, (weekday,) = dated[0].dates[0], tuple(weekly[0].weekdays)  # type: ignore[index, arg-type]
    if date.weekday() != weekday:
        raise TimeTextError(
            f'"{text}": {date:%b} {date.day} is a {date:%A}, not a {_WEEKDAY_NAMES[weekday]}; '
            "give the day or the date you mean"
        )
    return dated


_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _resolve_one(expr: Expr, text: str) -> tuple[list[tuple[int, int]], list[str], int]:
    item = TimeItem(expr.start, expr.end, [expr])
    return resolve_time_group([item], text=text, parts=_DEFAULT_PARTS.as_dict(), session=30)


def _to_utc(moment: dt.datetime) -> dt.datetime:
    """Through UTC and back, so a nonexistent local time lands on the real instant (fold=0 rule)."""
    return moment.astimezone(dt.UTC)
