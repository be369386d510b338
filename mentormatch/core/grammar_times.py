"""Time rules of the grammar: points, ranges, open ranges and parts of the day."""

from __future__ import annotations

from mentormatch.core import lexicon as lx
from mentormatch.core.grammar_base import (
    AFTER_WORDS,
    AT_WORDS,
    BEFORE_WORDS,
    MIDNIGHT,
    NOON,
    TIME_RANGE_WORDS,
    UNITS,
    ReaderBase,
)
from mentormatch.core.items import DayItem, Expr, Point, TimeItem, ZoneItem, fmt12
from mentormatch.core.zones import ABBREVIATIONS, resolve_zone

__all__ = ["TimeRules"]

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
}  # fmt: skip


class TimeRules(ReaderBase):
    """Times are kept unresolved (a `Point` with or without a meridiem) for the clause builder."""

    def point(self, i: int) -> tuple[Point, int] | None:
        tok = self.toks[i] if 0 <= i < len(self.toks) else None
        if tok is None:
            return None
        low = tok.low
        if low in {"noon", "midday", "mid-day"}:
            return Point(12, 0, "pm", True, NOON, tok.start, tok.end), i + 1
        if low == "midnight":
            return Point(0, 0, "am", True, MIDNIGHT, tok.start, tok.end), i + 1
        if low in {"half", "quarter"} and self.kinds[i + 2] == "num":
            return self.past_hour(i)
        if tok.kind == "clock":
            hour, minute, h24 = tok.value
        elif tok.kind == "num":
            number, ordinal, digits, zero = tok.value
            if ordinal:
                return None
            if digits <= 2:
                hour, minute, h24 = number, 0, zero
            elif digits in {3, 4} and (
                self.kinds[i + 1] == "mer"
                or self.lows[i + 1] in {"h", "hrs", "hours"}
                or self.military_pair(i)
                or self.military_alone(i)
            ):
                hour, minute, h24 = number // 100, number % 100, digits == 4 and (number >= 1300 or zero)
            else:
                return None
            if self.lows[i + 1] in UNITS and self.kinds[i + 1] != "mer":
                return None
        else:
            return None
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            return None
        j = i + 1
        mer: str | None = None
        nxt = self.toks[j] if j < len(self.toks) else None
        if nxt is not None and nxt.kind == "mer" and (nxt.glued or len(nxt.low.replace(".", "")) == 2):
            if not (len(nxt.low) == 1 and self.day_atom(j) is not None):
                mer = nxt.value
                j += 1
        elif nxt is not None and nxt.low in {"noon", "midnight"} and hour == 12:
            return self.point(j)
        if self.lows[j] in {"o'clock", "oclock", "ish", "sharp"}:
            j += 1
        elif self.lows[j] == "-" and self.lows[j + 1] == "ish" and self.toks[j].glued:  # "2pm-ish"
            j += 2
        if mer is not None and hour > 12:
            mer = None  # "14pm": the 24-hour reading wins
        return Point(hour, minute, mer, h24, None, tok.start, self.toks[j - 1].end), j

    def past_hour(self, i: int) -> tuple[Point, int] | None:
        """'half past 4', 'quarter past 3pm', 'quarter to 5': a bare hour and its minutes."""
        low, nxt = self.lows[i], self.lows[i + 1]
        if nxt in {"past", "after"}:
            minutes = 30 if low == "half" else 15
        elif low == "quarter" and nxt in {"to", "till", "til", "of", "before"}:
            minutes = -15
        else:
            return None
        found = self.point(i + 2)
        if found is None or self.toks[i + 2].value[2] > 2 or not 1 <= found[0].hour <= 12:
            return None
        hour = found[0]
        if minutes < 0:
            hour.hour, hour.minute = (hour.hour - 2) % 12 + 1, 60 + minutes
            if hour.hour == 11 and hour.mer is not None:  # "quarter to 12pm" is 11:45 AM
                hour.mer = "am" if hour.mer == "pm" else "pm"
        else:
            hour.minute = minutes
        hour.start = self.toks[i].start
        return hour, found[1]

    def military_alone(self, i: int) -> bool:
        """'Tue 0930', 'at 1430', 'after 930': one three- or four-digit time where it reads as nothing else:
        with a leading zero, after 'at', or after 'after'/'before'/'from' (but not 1900-2100, years)."""
        number, _ordinal, digits, zero = self.toks[i].value
        if number % 100 > 59 or number // 100 > 23:
            return False
        before = self.lows[i - 1] if i > 0 else ""
        if zero and digits == 4:
            return True
        if before in {"at", "@"}:
            return True
        if before in AFTER_WORDS or before in BEFORE_WORDS or before in {"between", "around"}:
            return not 1900 <= number <= 2100
        return False

    def military_pair(self, i: int) -> bool:
        """'1400-1600', '1230-2', '11-1230': three- and four-digit times are read only in a range, with
        another such time or a plain hour or clock time at its other end."""

        def four(k: int) -> bool:
            tok = self.toks[k] if 0 <= k < len(self.toks) else None
            return (
                tok is not None and tok.kind == "num" and tok.value[2] in {3, 4} and tok.value[0] % 100 < 60
            )

        def other_end(k: int) -> bool:
            if four(k):
                return True
            kind = self.kinds[k]
            if kind == "clock" or self.lows[k] in {"noon", "midnight"}:
                return True
            # a plain hour: "1230-2", "1230-2pm" (not "1230-45", nor an ordinal)
            number, ordinal, digits, _zero = self.toks[k].value if kind == "num" else (0, True, 0, False)
            return not ordinal and digits <= 2 and number <= 24

        return four(i) and (
            (self.lows[i + 1] in TIME_RANGE_WORDS and other_end(i + 2))
            or (self.lows[i - 1] in TIME_RANGE_WORDS and other_end(i - 2))
        )

    def part(self, i: int) -> tuple[Expr, int] | None:
        tok = self.toks[i] if 0 <= i < len(self.toks) else None
        if tok is None:
            return None
        low, nxt = tok.low, self.lows[i + 1]
        modifier = None
        j = i
        if low in {"early", "late", "mid", "mid-", "middle"} and nxt != "":
            modifier, j = ("mid" if low.startswith("mid") else low), i + 1
            if self.lows[j] in {"-", "of"}:
                j += 1
            low, nxt = self.lows[j], self.lows[j + 1]
        span_end = self.toks[j].end if j < len(self.toks) else tok.end
        if low in {"all", "any", "whole", "full", "entire"} and nxt in {"day", "time", "times", "-day"}:
            if low == "any" and nxt == "day":
                return None  # "noon-2 any day but Sunday": the days, read by the day rules
            lo, hi = self.parts["program_day"]
            return Expr("part", tok.start, self.toks[j + 1].end, lo=lo, hi=hi), j + 2
        if low in {"business", "office", "work", "working"} and nxt in {"hours", "hrs", "time"}:
            return Expr("part", tok.start, self.toks[j + 1].end, lo=540, hi=1020), j + 2
        if low == "lunch" and nxt in {"time", "times", "hour", "hours", "break", "breaks"}:
            lo, hi = self.parts["lunch"]
            return Expr("part", tok.start, self.toks[j + 1].end, lo=lo, hi=hi), j + 2
        name = lx.PART_WORDS.get(low)
        if name is None and self.kinds[j] == "word":
            fuzzy = lx.closest_word(low)
            if fuzzy is not None and fuzzy[1] == "part":
                name = lx.PART_WORDS[fuzzy[0]]
                self.guess(f'"{self.toks[j].text}" read as {fuzzy[0]}')
        if not name:
            return None
        lo, hi = self.parts[name]
        if modifier is not None and name != "program_day":
            half = (hi - lo) // 2
            lo, hi = {
                "early": (lo, lo + half),
                "late": (hi - half, hi),
                "mid": (lo + half // 2, hi - half // 2),
            }[modifier]
        return Expr("part", tok.start, span_end, lo=lo, hi=hi), j + 1

    def time_expr(self, i: int) -> tuple[Expr, int] | None:
        if not 0 <= i < len(self.toks):
            return None
        low = self.lows[i]
        tok = self.toks[i]
        # "after work", "after school", "before lunch": named moments
        if low in AFTER_WORDS | BEFORE_WORDS and self.lows[i + 1] in {
            "work",
            "school",
            "class",
            "classes",
            "lunch",
        }:
            what = self.lows[i + 1]
            minute = {
                "work": 1020,
                "school": 900,
                "class": 900,
                "classes": 900,
                "lunch": self.parts["lunch"][1],
            }[what]
            if what == "lunch" and low in BEFORE_WORDS:
                minute = self.parts["lunch"][0]
            kind = "after" if low in AFTER_WORDS else "before"
            point = Point(minute // 60, minute % 60, None, True, minute, tok.start, self.toks[i + 1].end)
            # a guess like "after work": when lunch ends is the configured lunch part's end
            note = f'"{self.frag(tok.start, self.toks[i + 1].end)}" read as {kind} {fmt12(minute)}'
            return Expr(kind, tok.start, self.toks[i + 1].end, a=point, note=note), i + 2
        if low in {"anytime", "any"} and self.lows[i + 1] in {"after", "before", "from"}:
            found = self.time_expr(i + 1)
            if found is not None and found[0].kind in {"after", "before", "range"}:
                found[0].start = tok.start
                return found
        if low == "any" and self.lows[i + 1] == "time" and self.lows[i + 2] in {"after", "before", "from"}:
            found = self.time_expr(i + 2)
            if found is not None:
                found[0].start = tok.start
                return found
        if low in {"no", "not"} and (
            (self.lows[i + 1] in {"earlier", "later"} and self.lows[i + 2] == "than")
            or self.lows[i + 1] in {"before", "after"}
        ):
            kind = "after" if self.lows[i + 1] in {"earlier", "before"} else "before"
            found_point = self.point(i + 3 if self.lows[i + 2] == "than" else i + 2)
            if found_point is None:
                return None
            return Expr(kind, tok.start, found_point[0].end, a=found_point[0]), found_point[1]
        if low in {"between", "from"} or low in AFTER_WORDS or low in BEFORE_WORDS or low in AT_WORDS:
            j = i + 1
            while self.lows[j] in {"at", "from", "around", "about", "the", "of", "my", "hours", "hour"}:
                j += 1
            first = self.point(j)
            if first is None:
                return None
            point_a, j = first
            j = self.zone_inside_range(j)
            sep = self.lows[j]
            if (
                sep in TIME_RANGE_WORDS
                or (sep == "and" and low == "between")
                or (sep == "-" and low in AT_WORDS)
            ):
                second = self.point(j + 1)
                if second is not None:
                    return Expr("range", tok.start, second[0].end, a=point_a, b=second[0]), second[1]
            if low == "between":
                return None
            if low in BEFORE_WORDS:
                return Expr("before", tok.start, point_a.end, a=point_a), j
            if low in AFTER_WORDS:
                if self.lows[j] in {"and", "but"} and self.lows[j + 1] in BEFORE_WORDS:
                    closing = self.point(j + 2)  # "after 4:30 and before 7", "after 2 but before 5"
                    if closing is not None:
                        return Expr("range", tok.start, closing[0].end, a=point_a, b=closing[0]), closing[1]
                return self.open_tail(Expr("after", tok.start, point_a.end, a=point_a), j)
            return self.open_tail(Expr("point", tok.start, point_a.end, a=point_a), j)
        first = self.point(i)
        if first is None:
            return None
        point_a, j = first
        j = self.zone_inside_range(j)
        if self.lows[j] in TIME_RANGE_WORDS and self.day_atom(j + 1) is not None:
            return self.open_tail(Expr("point", tok.start, point_a.end, a=point_a), j)
        if self.lows[j] in TIME_RANGE_WORDS:
            second = self.point(j + 1)
            if second is not None:
                return Expr("range", tok.start, second[0].end, a=point_a, b=second[0]), second[1]
        return self.open_tail(Expr("point", tok.start, point_a.end, a=point_a), j)

    def zone_inside_range(self, j: int) -> int:
        """'9AM EST - 11AM EST': a zone between the ends of a range is noted and stepped over."""
        low = self.lows[j]
        if (low in ABBREVIATIONS or self.kinds[j] in {"zone", "offset"}) and self.lows[
            j + 1
        ] in TIME_RANGE_WORDS:
            zone = self.toks[j].value if self.kinds[j] == "zone" else resolve_zone(self.toks[j].text)[0]
            if zone is not None:
                start = self.toks[j].start
                if not any(
                    isinstance(x, ZoneItem) and x.start == start for x in self.items[-3:]
                ):  # lookaheads
                    self.items.append(ZoneItem(start, self.toks[j].end, zone))
                return j + 1
        return j

    def next_day_end(self, expr: Expr, j: int) -> tuple[Expr, int] | None:
        """'Sun 10pm-Mon 2am', 'Friday 10pm through Saturday 1am': a range ending on the next day."""
        if self.lows[j] not in TIME_RANGE_WORDS or expr.a is None:
            return None
        last = self.items[-1] if self.items else None
        if not isinstance(last, DayItem) or (last.weekdays is None and last.dates is None):
            return None
        first_days = (
            last.weekdays if last.weekdays is not None else frozenset(d.weekday() for d in last.dates or ())
        )
        atom = self.day_atom(j + 1)
        if atom is None and last.dates is not None and len(last.dates) == 1:
            dated = self.single_date(j + 1)  # "Dec 31 10pm - Jan 1 1am"
            if dated is None or dated[0] is None or (dated[0] - last.dates[0]).days != 1:
                return None
            atom = (frozenset({dated[0].weekday()}), dated[1])
        if atom is None or len(first_days) != 1 or len(atom[0]) != 1:
            return None
        later = (next(iter(atom[0])) - next(iter(first_days))) % 7
        k = atom[1]
        while self.lows[k] in {"at", "@", "morning", "night", "evening"}:
            k += 1
        end = self.point(k)
        if later != 1 or end is None:
            return None
        return Expr("range", expr.start, end[0].end, a=expr.a, b=end[0], days_later=1), end[1]

    def duration(self, j: int) -> tuple[int, int] | None:
        """'for an hour', 'for 90 minutes', 'for 45 min', 'for 1.5 hours', 'for half an hour'."""
        if self.lows[j] not in {"for", "("}:
            return None
        k = j + 1
        while self.lows[k] in {"about", "around", "roughly", "approx", "approximately", "maybe", "up", "to"}:
            k += 1  # "for about an hour", "for up to 2 hours"
        amount: float | None = None
        if self.lows[k] in {"a", "an", "one"}:
            amount, k = 1.0, k + 1
        elif self.lows[k] in _NUMBER_WORDS:
            amount, k = float(_NUMBER_WORDS[self.lows[k]]), k + 1
            if self.lows[k] == "-" and self.lows[k + 1] in _NUMBER_WORDS:  # "forty-five"
                amount, k = amount + _NUMBER_WORDS[self.lows[k + 1]], k + 2
        elif self.lows[k] == "half" and self.lows[k + 1] in {"an", "a"}:
            amount, k = 0.5, k + 2
        elif self.kinds[k] == "num":
            amount = float(self.toks[k].value[0])
            k += 1
            if self.lows[k] == "." and self.kinds[k + 1] == "num" and self.toks[k + 1].glued:
                fraction = self.toks[k + 1].text
                amount += int(fraction) / 10 ** len(fraction)
                k += 2
        if amount is None:
            return None
        unit = self.lows[k]
        if unit in {"hour", "hours", "hr", "hrs", "h"}:
            minutes = amount * 60
        elif unit in {"min", "mins", "minute", "minutes", "m"}:
            minutes = amount
        else:
            return None
        k += 1
        if unit.startswith("h") and self.lows[k] == "and" and self.lows[k + 1 : k + 3] == ["a", "half"]:
            minutes += 30  # "for an hour and a half"
            k += 3
        if self.lows[j] == "(":  # "2pm (1 hour)"
            if self.lows[k] != ")":
                return None
            k += 1
        if not 5 <= minutes <= 16 * 60:
            return None
        return int(minutes), k

    def open_tail(self, expr: Expr, j: int) -> tuple[Expr, int]:
        """'3pm onwards', '5 or later', '6+', '2pm and after', 'noon or earlier'."""
        if expr.kind == "point":
            crossing = self.next_day_end(expr, j)
            if crossing is not None:
                return crossing
            length = self.duration(j)
            if length is not None:
                expr.length, expr.end = length[0], self.toks[length[1] - 1].end
                return expr, length[1]
        low, nxt = self.lows[j], self.lows[j + 1]
        if low == "(" and nxt in {"or", "and", "onwards", "onward"}:  # "3pm (or later)"
            kind = expr.kind
            inner, k = self.open_tail(expr, j + 1)
            if k > j + 1 and self.lows[k] == ")":
                inner.end = self.toks[k].end
                return inner, k + 1
            expr.kind = kind
        on_tail = low == "on" and (
            self.kinds[j + 1] in {"", "nl", "punct"} or self.lows[j + 1] in {"and", "or"}
        )
        if low in {"onwards", "onward", "+", "forward", "later"} or on_tail:
            expr.kind, expr.end = "after", self.toks[j].end
            return expr, j + 1
        if low in {"or", "and"} and nxt in {"later", "after", "onwards", "onward"}:
            expr.kind, expr.end = "after", self.toks[j + 1].end
            return expr, j + 2
        if low in {"or", "and"} and nxt in {"earlier", "before"}:
            expr.kind, expr.end = "before", self.toks[j + 1].end
            return expr, j + 2
        return expr, j

    def times(self, i: int) -> int:
        """A run of adjacent time expressions and parts of day: one `TimeItem`."""
        exprs: list[Expr] = []
        j = i
        moment: str | None = None  # "after work (6pm)": the bracketed point says when "after work" is
        while j < len(self.toks):
            found = self.time_expr(j) or self.part(j) or self.mer_part(j, exprs)
            if found is None:
                break
            if moment is not None and found[0].kind == "point" and found[0].length is None:
                found[0].kind = moment
            moment = None
            exprs.append(found[0])
            j = found[1]
            # "evenings (after 6 PM)", "Evening: 5-9 PM": a bracket or colon keeps the qualifier attached
            if self.lows[j] in {"(", ":", "["} and (inner := self.time_expr(j + 1) or self.part(j + 1)):
                exact = inner[0].kind != "part" and inner[0].note is None
                if self.lows[j] == "(" and exprs[-1].kind != "part" and exact:
                    # "after work (after 6pm)": the bracket says it exactly; "7-9 (evening)" and
                    # "1600-1730 (after class)" only qualify the times before them
                    dropped = exprs.pop()
                    if dropped.kind in {"after", "before"} and dropped.a is not None and dropped.a.fixed:
                        moment = dropped.kind  # "after work (6pm)", "after lunch (2pm)"
                j += 1
            while self.lows[j] in {")", "]"}:
                j += 1
        if not exprs:
            return i
        self.items.append(TimeItem(exprs[0].start, exprs[-1].end, exprs))
        return j

    def mer_part(self, j: int, exprs: list[Expr]) -> tuple[Expr, int] | None:
        """'Monday AM', 'Tue PM': a meridiem after a day reads as a part of day."""
        tok = self.toks[j] if j < len(self.toks) else None
        if tok is None or tok.kind != "mer" or len(tok.low.replace(".", "")) != 2 or exprs:
            return None
        previous = self.items[-1] if self.items else None
        if not isinstance(previous, DayItem) or (tok.text.islower() and previous.end != tok.start - 1):
            return None
        lo, hi = (self.parts["morning"][0], 720) if tok.value == "am" else (720, self.parts["program_day"][1])
        return Expr("part", tok.start, tok.end, lo=lo, hi=hi), j + 1
