"""Items -> clauses -> windows: the second half of the availability reader.

1. Segments: the items are cut at line ends, semicolons and sentence ends, and at negations ("except",
   "not available"), which open an exclusion segment.
2. Groups: inside a segment, adjacent day items ("Mon, Wed and Fri") form one day group and adjacent time
   items ("10 or 11am") one time group.
3. Clauses: each time group is paired with the day group it is most tightly bound to (no separator binds
   tighter than "and"/"or", which binds tighter than a comma), so "Monday 2-3 PM, Wednesday afternoon"
   pairs Monday with 2-3 PM and Wednesday with the afternoon.
4. Windows: each clause gives windows on each of its days; times are resolved with the meridiem rules of
   DESIGN.md "Time rules", and a window crossing midnight is split at it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mentormatch.core.availability import DAY_MINUTES, Window
from mentormatch.core.items import DayItem, Expr, Item, NegItem, Point, PosItem, SepItem, TimeItem, ZoneItem
from mentormatch.core.lexicon import ALL_DAYS

__all__ = ["Built", "build_windows", "resolve_time_group"]

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(slots=True)
class _Group:
    kind: str  # "D" or "T"
    items: list[DayItem | TimeItem]
    link: int  # strength of the separators before this group
    zone: str | None = None


@dataclass(slots=True)
class _Segment:
    negative: bool
    items: list[Item] = field(default_factory=list)
    # an exclusion written right after a clause ("Wed 9-5 except 12-1") cuts only that clause
    attached: bool = False
    hard: bool = False  # starts a new line or sentence
    # "weekdays except Friday 5-7pm": whole days excluded, the times that follow are the days' before it
    times_go_back: bool = False


@dataclass(slots=True)
class Built:
    windows: list[Window]
    exclusions: list[Window]
    warnings: list[str]
    guesses: int


def _fmt12(minutes: int) -> str:
    hour, minute = divmod(minutes % DAY_MINUTES, 60)
    return f"{(hour % 12) or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def _fmt_range(start: int, end: int) -> str:
    a, b = _fmt12(start), _fmt12(end)
    if a[-2:] == b[-2:]:
        return f"{a[:-3]}-{b}"
    return f"{a}-{b}"


# -- times ------------------------------------------------------------------------------------------------
def _definite(p: Point, *, as_end: bool = False) -> int | None:
    if p.fixed is not None:
        value = p.fixed
    elif p.mer is not None:
        value = (p.hour % 12 + (12 if p.mer == "pm" else 0)) * 60 + p.minute
    elif p.h24 or p.hour == 0 or p.hour > 12:
        value = p.hour * 60 + p.minute
    else:
        return None
    if value == 0 and as_end:
        return DAY_MINUTES
    return value


def _clock(p: Point) -> tuple[int, int]:
    """The reading on a 12-hour clock face: 10:00, 10 am and 22:00 all read 10:00."""
    hour, minute = divmod(p.fixed, 60) if p.fixed is not None else (p.hour, p.minute)
    return hour % 12, minute


def _candidates(p: Point) -> tuple[int, int]:
    """(AM reading, PM reading) of a bare hour; 12 reads as noon first."""
    if p.hour == 12:
        return 720 + p.minute, p.minute
    return p.hour * 60 + p.minute, (p.hour + 12) * 60 + p.minute


class _Resolver:
    def __init__(self, text: str, parts: dict[str, tuple[int, int]], session: int) -> None:
        self.text = text
        self.parts = parts
        self.session = session
        self.warnings: list[str] = []
        self.guesses = 0

    def quote(self, expr: Expr) -> str:
        return self.text[expr.start : expr.end]

    def single(self, p: Point, hint: tuple[int, int] | None, mer: str | None, role: str) -> tuple[int, bool]:
        """A value for one point; the bool says it was a guess (a bare hour read as PM)."""
        value = _definite(p, as_end=role == "end")
        if value is not None:
            return value, False
        am, pm = _candidates(p)
        if hint is not None:
            lo, hi = hint
            inside = [c for c in (am, pm) if lo <= c <= hi]
            if inside:
                return inside[0], False
            return min((am, pm), key=lambda c: min(abs(c - lo), abs(c - hi))), False
        if mer is not None:
            return (am if mer == "am" else pm) if p.hour != 12 else am, False
        program_start = self.parts["program_day"][0]
        if role == "after" and am <= program_start:
            return pm, True
        if 1 <= p.hour <= 7:
            return pm, True
        return am, False

    def resolve(self, expr: Expr, hint: tuple[int, int] | None, mer: str | None) -> list[tuple[int, int]]:
        program_start, program_end = self.parts["program_day"]
        if expr.note is not None:
            self.guess(expr.note)
        if expr.kind == "part":
            return [(expr.lo, expr.hi)]
        assert expr.a is not None
        if expr.kind == "point":
            value, guessed = self.single(expr.a, hint, mer, "point")
            if guessed:
                self.guess(f'"{self.quote(expr)}" read as {_fmt12(value)}')
            return [(value, value + (expr.length or self.session))]
        if expr.kind == "after":
            value, guessed = self.single(expr.a, hint, mer, "after")
            if guessed:
                self.guess(f'"{self.quote(expr)}" read as after {_fmt12(value)}')
            if hint is not None and value < hint[1]:
                end = hint[1]
            else:
                end = program_end if value < program_end else DAY_MINUTES
            return [(value, end)] if value < end else []
        if expr.kind == "before":
            value, guessed = self.single(expr.a, hint, mer, "end")
            if guessed:
                self.guess(f'"{self.quote(expr)}" read as before {_fmt12(value)}')
            if hint is not None and hint[0] < value:
                start = hint[0]
            else:
                start = program_start if program_start < value else 0
            return [(start, value)] if start < value else []
        assert expr.b is not None
        return self.range(expr, expr.a, expr.b, hint, mer)

    def range(
        self, expr: Expr, a: Point, b: Point, hint: tuple[int, int] | None, mer: str | None
    ) -> list[tuple[int, int]]:
        written_start = _definite(a)
        written_end = _definite(b, as_end=True)
        guessed = False
        if written_start is not None:
            start = written_start
        elif written_end is not None:
            options = _candidates(a)
            bound = written_end
            if hint is not None and any(hint[0] <= c < bound for c in options):
                start = next(c for c in options if hint[0] <= c < bound)
            else:
                start = min(options, key=lambda c: (bound - c) % DAY_MINUTES or DAY_MINUTES)
            outside = start < self.parts["program_day"][0] - 60 or start >= self.parts["program_day"][1]
            if outside and (a.hour % 12, a.minute) > (b.hour % 12, b.minute):
                # "3-2pm": with the end's meridiem it would end before it starts; the other reading is
                # a long stretch from the small hours, so say how it was read
                self.guess(
                    f'"{self.quote(expr)}" ends before it starts as written; read as '
                    f"{_fmt_range(start, bound)}"
                )
        else:
            start, guessed = self.single(a, hint, mer, "start")
        if written_end is not None:
            end = written_end
        else:
            options = _candidates(b)
            end = min(options, key=lambda c: (c - start) % DAY_MINUTES or DAY_MINUTES)
        if end <= start:
            end += DAY_MINUTES
        elif expr.days_later and end < DAY_MINUTES:  # "Tue 8pm to Wed 12am" ends at Tuesday's 24:00
            end += DAY_MINUTES  # "Mon 9pm - Tue 10pm": the end is on the next day
        if end == start + DAY_MINUTES and (a.fixed is None or start != 0):
            self.warnings.append(f'"{self.quote(expr)}" starts and ends at the same time; left out')
            return []
        # "10-10", "2pm-2", "10-10pm": both ends are the same clock reading and a meridiem was chosen
        same_clock = (
            (written_start is None or written_end is None) and not expr.days_later and _clock(a) == _clock(b)
        )
        if same_clock and written_start is None and written_end is not None and end > DAY_MINUTES:
            # "10:00 to 10:00 am": the end's meridiem, shared as in "2-3pm", gives the same time
            self.warnings.append(f'"{self.quote(expr)}" starts and ends at the same time; left out')
            return []
        if guessed or same_clock:
            self.guess(f'"{self.quote(expr)}" read as {_fmt_range(start, end)}')
        if end - start > 16 * 60:
            self.warnings.append(f'"{self.quote(expr)}" read as {_fmt_range(start, end)}, over 16 hours')
        return [(start, end)]

    def guess(self, message: str) -> None:
        self.guesses += 1
        self.warnings.append(message)


def _group_meridiem(items: list[TimeItem]) -> list[str | None]:
    """For each item, the meridiem a bare time in it borrows from a list-mate ("10 or 11am")."""
    written: list[str | None] = []
    for item in items:
        mers = [p.mer for e in item.exprs for p in (e.a, e.b) if p is not None and p.mer and p.fixed is None]
        written.append(mers[-1] if mers else None)
    out: list[str | None] = []
    for index in range(len(items)):
        later = [m for m in written[index + 1 :] if m]
        earlier = [m for m in written[:index] if m]
        out.append(later[0] if later else (earlier[-1] if earlier else None))
    return out


def resolve_time_group(
    items: list[TimeItem], *, text: str, parts: dict[str, tuple[int, int]], session: int
) -> tuple[list[tuple[int, int]], list[str], int]:
    """Minute ranges (end may pass 1440: the range crosses midnight) for a group of time items."""
    resolver = _Resolver(text, parts, session)
    ranges: list[tuple[int, int]] = []
    meridiems = _group_meridiem(items)
    items, hints = _drop_explained(items, resolver, meridiems)
    for item, mer, given in zip(items, meridiems, hints, strict=False):
        if not item.exprs:
            continue
        soft = [b for e in item.exprs if (b := _expr_soft_bounds(e)) is not None]
        explicit = [e for e in item.exprs if _expr_soft_bounds(e) is None]
        if given is not None:
            # "early mornings before work, like 7-8:30": the part dropped beside it gives the meridiem
            for expr in item.exprs:
                ranges.extend(resolver.resolve(expr, given, None))
        elif soft and explicit:
            # "evenings after 6", "Saturday morning 10-12", "7-8:30am before work": the loose part of the
            # day qualifies the exact time.
            hint = (min(b[0] for b in soft), max(b[1] for b in soft))
            for expr in explicit:
                ranges.extend(resolver.resolve(expr, hint, None))
        else:
            for expr in item.exprs:
                ranges.extend(resolver.resolve(expr, None, mer))
    return ranges, resolver.warnings, resolver.guesses


def _expr_soft_bounds(expr: Expr) -> tuple[int, int] | None:
    """Bounds of an expression that names a stretch of the day loosely ("mornings", "before work")."""
    if expr.kind == "part":
        return (expr.lo, expr.hi)
    if expr.note is not None and expr.a is not None and expr.a.fixed is not None:
        return (expr.a.fixed, DAY_MINUTES) if expr.kind == "after" else (0, expr.a.fixed)
    return None


def _soft_bounds(item: TimeItem) -> tuple[int, int] | None:
    """Bounds of an item made only of loose expressions; None when it has an exact time."""
    bounds = [_expr_soft_bounds(expr) for expr in item.exprs]
    if not bounds or any(b is None for b in bounds):
        return None
    return (min(b[0] for b in bounds if b), max(b[1] for b in bounds if b))


def _drop_explained(
    items: list[TimeItem], resolver: _Resolver, meridiems: list[str | None]
) -> tuple[list[TimeItem], list[tuple[int, int] | None]]:
    """'Prefer mornings, 8:00-10:00', 'weekdays 7-8:30am before work': a loose part of day next to exact
    times inside it only explains them; the exact times are used. Dropped items become empty. When the
    part is what gives the exact times their meridiem ('mornings, 7-8:30'), they are read with its bounds
    as a hint: the hints come back, one for each item (None: read as written)."""
    hints: list[tuple[int, int] | None] = [None] * len(items)
    if len(items) < 2:
        return items, hints
    kept = list(items)
    for index, item in enumerate(items):
        bounds = _soft_bounds(item)
        if bounds is None:
            continue
        for neighbour in (index - 1, index + 1):
            if not 0 <= neighbour < len(items) or _soft_bounds(items[neighbour]) is not None:
                continue
            probe = _Resolver(resolver.text, resolver.parts, resolver.session)
            exprs = items[neighbour].exprs
            exact = [r for e in exprs for r in probe.resolve(e, None, meridiems[neighbour])]
            if exact and all(bounds[0] <= start and end <= bounds[1] for start, end in exact):
                kept[index] = TimeItem(item.start, item.end, [])
                break
            if not all(_takes_hint(e, item, bounds) for e in exprs):
                continue
            hinted = [r for e in exprs for r in probe.resolve(e, bounds, None)]
            if hinted and hinted != exact and all(s < bounds[1] and bounds[0] < e for s, e in hinted):
                kept[index] = TimeItem(item.start, item.end, [])
                hints[neighbour] = bounds
                break
    return kept, hints


def _takes_hint(expr: Expr, loose: TimeItem, bounds: tuple[int, int]) -> bool:
    """Whether a loose item beside it may give an open time ("after 9") its meridiem: "mornings, after 9"
    is 09:00-12:00, but "mornings or after 5" (5 AM is no morning) and "before lunch or after 5" (the
    other way round) are two times."""
    if expr.kind not in {"after", "before"} or expr.a is None or expr.a.definite:
        return True
    if any(e.kind in {"after", "before"} and e.kind != expr.kind for e in loose.exprs):
        return False
    return any(bounds[0] <= c <= bounds[1] for c in _candidates(expr.a))


# -- segments, groups, clauses ----------------------------------------------------------------------------
def _has_content(segment: _Segment) -> bool:
    return any(isinstance(x, DayItem | TimeItem) for x in segment.items)


def _segments(items: list[Item]) -> list[_Segment]:
    segments: list[_Segment] = [_Segment(False)]
    if not any(isinstance(item, NegItem) for item in items):  # the common case: no exclusion at all
        for item in items:
            if isinstance(item, SepItem) and item.strength >= 3:
                segments.append(_Segment(False, hard=True))
            elif not isinstance(item, PosItem):
                segments[-1].items.append(item)
        return [s for s in segments if s.items]
    for index, item in enumerate(items):
        current = segments[-1]
        if isinstance(item, SepItem) and item.strength >= 3:
            segments.append(_Segment(False, hard=True))
        elif isinstance(item, NegItem) and (
            item.postfix or (not item.soft and not item.prefix_only and _nothing_follows(items, index))
        ):
            # "Wednesday: not available", "Fridays off": the chunk just before the negation is excluded
            seps = [k + 1 for k, x in enumerate(current.items) if isinstance(x, SepItem) and x.strength >= 2]
            cut = max(seps, default=0)
            negated = current.items[cut:]
            del current.items[cut:]
            segments.append(_Segment(True, negated))
            segments.append(_Segment(False))
        elif isinstance(item, NegItem):
            if item.soft:
                following = next((x for x in items[index + 1 :] if not isinstance(x, SepItem)), None)
                if current.negative:
                    segments.append(_Segment(False))
                elif _has_content(current) and isinstance(following, DayItem | TimeItem):
                    back = not any(isinstance(x, TimeItem) for x in current.items) and _days_then_exact_times(
                        items, index
                    )
                    segments.append(_Segment(True, attached=True, times_go_back=back))
            else:
                attached = index > 0 and isinstance(items[index - 1], DayItem | TimeItem | ZoneItem)
                back = (
                    not current.negative
                    and any(isinstance(x, DayItem) for x in current.items)
                    and not any(isinstance(x, TimeItem) for x in current.items)
                    and _days_then_exact_times(items, index)
                )
                segments.append(_Segment(True, attached=attached, times_go_back=back))
        elif isinstance(item, PosItem):
            if current.negative and _has_content(current):
                segments.append(_Segment(False))
        elif (
            isinstance(item, SepItem)
            and item.strength == 2
            and current.negative
            and _has_content(current)
            and _clause_follows(items, index, current)
        ):
            segments.append(_Segment(False))
        else:
            if current.times_go_back and isinstance(item, TimeItem) and _has_content(current):
                current = _Segment(False)
                segments.append(current)
            current.items.append(item)
    return [s for s in segments if s.items]


def _days_then_exact_times(items: list[Item], index: int) -> bool:
    """After the negation at `index`: days, then exact times ('except Friday 5-7pm', not 'except Friday
    afternoon'), to the end of the chunk."""
    seen_days = seen_times = False
    for item in items[index + 1 :]:
        if isinstance(item, NegItem | PosItem) or (isinstance(item, SepItem) and item.strength >= 2):
            break
        if isinstance(item, DayItem):
            if seen_times:
                return False
            seen_days = True
        elif isinstance(item, TimeItem):
            if not seen_days or not item.exprs or any(e.kind == "part" or e.note for e in item.exprs):
                return False
            seen_times = True
    return seen_days and seen_times


def _nothing_follows(items: list[Item], index: int) -> bool:
    """No day or time between this negation and the end of its line or sentence."""
    for item in items[index + 1 :]:
        if isinstance(item, SepItem) and item.strength >= 3:
            return True
        if isinstance(item, DayItem | TimeItem):
            return False
    return True


def _clause_follows(items: list[Item], index: int, current: _Segment) -> bool:
    """After a comma in an exclusion: does a whole clause (days and times) follow before the next comma?
    Times alone after an exclusion of whole days ("Dec 14-24 except weekends, 10-12") are the times of
    the availability before it."""
    if not any(isinstance(x, TimeItem) for x in current.items):
        following = [x for x in items[index + 1 :] if isinstance(x, DayItem | TimeItem | NegItem | SepItem)]
        chunk: list[Item] = []
        for x in following:
            if isinstance(x, NegItem) or (isinstance(x, SepItem) and x.strength >= 2):
                break
            chunk.append(x)
        if (
            chunk
            and all(isinstance(x, TimeItem | SepItem) for x in chunk)
            and any(isinstance(x, TimeItem) for x in chunk)
        ):
            return True
    kinds: set[str] = set()
    for item in items[index + 1 :]:
        if (isinstance(item, SepItem) and item.strength >= 2) or isinstance(item, NegItem):
            break
        if isinstance(item, DayItem):
            kinds.add("D")
        elif isinstance(item, TimeItem):
            kinds.add("T")
    return kinds == {"D", "T"}


def _qualify(weekly: DayItem, dated: DayItem, text: str, warnings: list[str]) -> DayItem:
    """'Friday Dec 18', 'weekdays Dec 14-18': the weekday filters the dates."""
    assert weekly.weekdays is not None and dated.dates is not None
    kept = tuple(d for d in dated.dates if d.weekday() in weekly.weekdays)
    start, end = min(weekly.start, dated.start), max(weekly.end, dated.end)
    if not kept:
        kept = dated.dates
        if len(dated.dates) == 1:
            day = dated.dates[0]
            name = _DAY_NAMES[day.weekday()]
            warnings.append(f'"{text[start:end]}": {day:%b} {day.day}, {day.year} is a {name}; used the date')
    return DayItem(start, end, dates=kept)


def _part_explained(
    groups: list[_Group], item: TimeItem, link: int, text: str, parts: dict[str, tuple[int, int]]
) -> TimeItem | None:
    """'lunch Mon-Fri 12:30-1:30': a part of day, then days, then exact times in (or across) that part,
    with nothing between them, read as 'Mon-Fri lunch 12:30-1:30': the times, explained by the part."""
    if link or len(groups) < 2 or groups[-1].kind != "D" or groups[-1].link or groups[-2].kind != "T":
        return None
    if len(groups[-2].items) != 1 or _soft_bounds(item) is not None:
        return None
    if len(groups) >= 3 and groups[-3].kind == "D" and groups[-2].link == 0:
        return None  # "Mon lunch, Tue 12:30-1:30": the part has its own day
    loose = groups[-2].items[0]
    assert isinstance(loose, TimeItem)
    bounds = _soft_bounds(loose)
    if bounds is None or not item.exprs:
        return None
    probe = _Resolver(text, parts, 30)
    exact = [r for e in item.exprs for r in probe.resolve(e, bounds, None)]
    if not exact or not all(start < bounds[1] and bounds[0] < end for start, end in exact):
        return None
    return TimeItem(loose.start, item.end, loose.exprs + item.exprs)


def _groups(
    segment: _Segment, text: str, warnings: list[str], parts: dict[str, tuple[int, int]]
) -> list[_Group]:
    groups: list[_Group] = []
    link = 0
    pending_zone: str | None = None
    for item in segment.items:
        if isinstance(item, SepItem):
            link = max(link, item.strength)
            continue
        if isinstance(item, ZoneItem):
            if groups and groups[-1].zone is None:
                groups[-1].zone = item.zone
            elif not groups:
                pending_zone = item.zone
            continue
        if not isinstance(item, DayItem | TimeItem):
            continue
        kind = "D" if isinstance(item, DayItem) else "T"
        last = groups[-1] if groups else None
        if isinstance(item, TimeItem) and last is not None and last.kind == "T" and link == 0:
            # "afternoons are best (2-5pm)", "9 to 11 in the morning": one time qualifies the other
            previous_time = last.items[-1]
            assert isinstance(previous_time, TimeItem)
            last.items[-1] = TimeItem(previous_time.start, item.end, previous_time.exprs + item.exprs)
            continue
        if (
            kind == "T"
            and not link
            and last is not None
            and last.kind == "D"
            and isinstance(item, TimeItem)
            and (merged := _part_explained(groups, item, link, text, parts))
        ):
            days_group = groups.pop()
            days_group.link = groups.pop().link
            groups.extend([days_group, _Group("T", [merged], 0)])
            continue
        claimed = len(groups) >= 2 and groups[-2].kind != kind and last is not None and last.link == 0
        if (
            claimed
            and link >= (1 if kind == "T" else 2)
            and _attached_after(segment.items, item, TimeItem if kind == "D" else DayItem)
        ):
            # "Monday evenings and all day Sunday": the second time belongs to the day after it;
            # "after 5 on weekdays, weekends 10-2": the second days belong to the times after them
            groups.append(_Group(kind, [item], link, pending_zone))
            pending_zone = None
            link = 0
            continue
        if last is not None and last.kind == kind and link <= 2:
            previous = last.items[-1]
            if isinstance(item, DayItem) and isinstance(previous, DayItem) and link != 1:
                if previous.weekdays is not None and item.dates is not None:
                    last.items[-1] = _qualify(previous, item, text, warnings)
                    link = 0
                    continue
                if previous.dates is not None and item.weekdays is not None:
                    last.items[-1] = _qualify(item, previous, text, warnings)
                    link = 0
                    continue
            last.items.append(item)
        else:
            groups.append(_Group(kind, [item], link, pending_zone))
            pending_zone = None
        link = 0
    return groups


def _attached_after(items: list[Item], item: DayItem | TimeItem, kind: type[DayItem | TimeItem]) -> bool:
    """Is `item` followed directly (no separator) by an item of `kind` (a day, a time)?"""
    index = next(k for k, x in enumerate(items) if x is item)
    for following in items[index + 1 :]:
        if isinstance(following, ZoneItem):
            continue
        return isinstance(following, kind)
    return False


def _pair(groups: list[_Group]) -> list[tuple[_Group | None, _Group | None]]:
    clauses: list[tuple[_Group | None, _Group | None]] = []
    index = 0
    while index < len(groups):
        group = groups[index]
        nxt = groups[index + 1] if index + 1 < len(groups) else None
        after = groups[index + 2] if index + 2 < len(groups) else None
        if nxt is not None and nxt.kind != group.kind and (after is None or nxt.link <= after.link):
            days, times = (group, nxt) if group.kind == "D" else (nxt, group)
            clauses.append((days, times))
            index += 2
        else:
            clauses.append((group, None) if group.kind == "D" else (None, group))
            index += 1
    return clauses


def _emit(out: list[Window], days: list[DayItem], ranges: list[tuple[int, int]], zone: str | None) -> None:
    for day_item in days:
        for first, last in ranges:
            shift, start, end = (
                divmod(first, DAY_MINUTES)[0],
                first % DAY_MINUTES,
                last - first + first % DAY_MINUTES,
            )
            if end <= start:
                continue
            end = min(end, 2 * DAY_MINUTES)
            if day_item.weekdays is not None:
                for weekday in sorted((d + shift) % 7 for d in day_item.weekdays):
                    out.append(Window(weekday, None, start, min(end, DAY_MINUTES), zone))
                    if end > DAY_MINUTES:
                        out.append(Window((weekday + 1) % 7, None, 0, end - DAY_MINUTES, zone))
            for date in day_item.dates or ():
                last = dt.date.max.toordinal()  # nothing is added past the last date there is
                if date.toordinal() + shift > last:
                    continue
                day = date + dt.timedelta(days=shift)
                out.append(Window(None, day, start, min(end, DAY_MINUTES), zone))
                if end > DAY_MINUTES and day.toordinal() < last:
                    out.append(Window(None, day + dt.timedelta(days=1), 0, end - DAY_MINUTES, zone))


def _whole_day(group: _Group, parts: dict[str, tuple[int, int]]) -> bool:
    exprs = [e for item in group.items if isinstance(item, TimeItem) for e in item.exprs]
    return bool(exprs) and all(e.kind == "part" and (e.lo, e.hi) == parts["program_day"] for e in exprs)


def _is_header(
    segments: list[_Segment], clauses_of: list[list[tuple[_Group | None, _Group | None]]], index: int
) -> bool:
    """A line naming only days, followed by lines naming only times."""
    clauses = clauses_of[index]
    if segments[index].negative or len(clauses) != 1 or clauses[0][0] is None or clauses[0][1] is not None:
        return False
    if index + 1 >= len(segments) or not segments[index + 1].hard or segments[index + 1].negative:
        return False
    following = clauses_of[index + 1]
    return bool(following) and all(days is None and times is not None for days, times in following)


def build_windows(
    items: list[Item],
    *,
    text: str,
    parts: dict[str, tuple[int, int]],
    session: int,
    default_days: frozenset[int] | None = None,
) -> Built:
    warnings: list[str] = []
    guesses = 0
    windows: list[Window] = []
    exclusions: list[Window] = []
    zones = {item.zone for item in items if isinstance(item, ZoneItem)}
    text_zone = next(iter(zones)) if len(zones) == 1 else None
    positive_days: list[DayItem] = []
    last_clause_days: list[DayItem] = []
    carried: list[DayItem] = []
    header: list[DayItem] | None = None
    whole_days_span: tuple[int, int] | None = None  # windows of the last clause naming days without times
    last_ranges: list[tuple[int, int]] = []  # the times of the last clause that wrote times
    segments = _segments(items)
    clauses_of = [_pair(_groups(segment, text, warnings, parts)) for segment in segments]
    for index, segment in enumerate(segments):
        segment_days: list[DayItem] = []
        previous_days: list[DayItem] | None = None
        clauses = clauses_of[index]
        if _is_header(segments, clauses_of, index):
            # "Monday:" on a line of its own, its times on the lines below
            first_days = clauses[0][0]
            assert first_days is not None
            header = [i for i in first_days.items if isinstance(i, DayItem)]
            continue
        if any(days is not None for days, _ in clauses) or segment.negative:
            header = None if not segment.negative else header
        for day_group, time_group in clauses:
            zone = (
                (day_group.zone if day_group else None)
                or (time_group.zone if time_group else None)
                or text_zone
            )
            time_items = [i for i in time_group.items if isinstance(i, TimeItem)] if time_group else []
            if any(e.kind == "same" for item in time_items for e in item.exprs):
                # "Tue 10am-12pm, 2pm-4pm; Thu same": the times of the clause before
                written = [i for i in time_items if not any(e.kind == "same" for e in i.exprs)]
                ranges, more, guessed = resolve_time_group(written, text=text, parts=parts, session=session)
                warnings.extend(more)
                guesses += guessed
                if last_ranges:
                    ranges = list(last_ranges) + ranges
                elif not ranges:
                    quoted = text[time_items[0].start : time_items[-1].end]
                    warnings.append(f'"{quoted}": no times before it to repeat')
                    guesses += 1
                    continue
            elif time_group is not None:
                ranges, more, guessed = resolve_time_group(
                    time_items, text=text, parts=parts, session=session
                )
                warnings.extend(more)
                guesses += guessed
                if not segment.negative and ranges:
                    last_ranges = ranges
            elif segment.negative:
                ranges = [(0, DAY_MINUTES)]
            else:
                ranges = [parts["program_day"]]
            if day_group is not None:
                days = [i for i in day_group.items if isinstance(i, DayItem)]
            elif segment.negative:
                days = (last_clause_days if segment.attached else positive_days) or [
                    DayItem(0, 0, weekdays=ALL_DAYS)
                ]
            elif previous_days is not None:
                days = previous_days
                if whole_days_span is not None:
                    # "Anytime Saturday or Sunday after 10am": the later time narrows "anytime"
                    del windows[whole_days_span[0] : whole_days_span[1]]
                    whole_days_span = None
            elif header is not None:
                days = header
            elif carried and not segment.hard:
                days = carried  # "in class until 2 on Mondays, free after 2"
                if whole_days_span is not None:
                    # "Dec 14-24 except weekends, 10-12": the times were the days' own; drop their whole day
                    del windows[whole_days_span[0] : whole_days_span[1]]
                    whole_days_span = None
            elif default_days is not None:
                days = [DayItem(0, 0, weekdays=default_days)]
            else:
                assert time_group is not None
                # "no Mondays, otherwise 9-5", "after 6pm except Mondays": with whole days ruled out
                # before or after it, a time alone is every other day
                days_ruled_out = any(w.start == 0 and w.end == DAY_MINUTES for w in exclusions) or any(
                    later.negative
                    and any(isinstance(x, DayItem) for x in later.items)
                    and not any(isinstance(x, TimeItem) for x in later.items)
                    for later in segments[index + 1 :]
                )
                if not _whole_day(time_group, parts) and not days_ruled_out:  # "anytime" alone: no warning
                    quoted = text[time_group.items[0].start : time_group.items[-1].end]
                    warnings.append(f'"{quoted}" names no day; read as every day')
                    guesses += 1
                days = [DayItem(0, 0, weekdays=ALL_DAYS)]
            previous_days = days
            segment_days.extend(days)
            emitted_from = len(windows)
            _emit(exclusions if segment.negative else windows, days, ranges, zone)
            if not segment.negative:
                whole = time_group is None or _whole_day(time_group, parts)
                whole_days_span = (emitted_from, len(windows)) if whole else None
        if not segment.negative and segment_days:
            positive_days = segment_days
            last_clause_days = previous_days or []
        if segment.negative and not any(times is not None for _, times in clauses):
            carried = last_clause_days  # an exclusion of whole days carries the days before it
        else:
            carried = previous_days or []
    return Built(windows, exclusions, warnings, guesses)
