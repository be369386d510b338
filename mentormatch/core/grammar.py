"""Grammar of availability text: tokens -> items (days, dates, times, zones, separators, negations).

The reader walks the tokens once, trying the productions in a fixed order at each position (dates before
days before times, so "Dec 14" is a date and "Dec 14 3-5pm" a date then a time range). Every token is
either used by an item, known to carry nothing (a filler such as "available"), or reported as not
understood with its exact text. Times are kept unresolved (`Point`s with or without a meridiem) so that
the clause builder can share a meridiem across a list ("10 or 11am").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from mentormatch.core import lexicon as lx
from mentormatch.core.tokens import Token
from mentormatch.core.zones import ABBREVIATIONS, AMBIGUOUS, city_zone, resolve_zone

__all__ = ["DayItem", "Expr", "Item", "NegItem", "Point", "Reader", "SepItem", "TimeItem", "ZoneItem"]

_NOON, _MIDNIGHT = 720, 0
_TIME_RANGE_WORDS = frozenset({"to", "till", "til", "until", "untill", "thru", "through", "-"})
_UNITS = lx.words(
    """
    min mins minute minutes hour hours hr hrs h day days week weeks sessions session students people
    reviews review times per x mo months month year years yrs pm's slots
    """
)
_ENGLISH_ZONE_WORDS = frozenset({"west", "cat", "art", "wat", "eat", "wet", "uk", "ast", "sst", "ist", "z"})
_ZONE_LEADERS = lx.words(
    """
    eastern central mountain pacific atlantic alaska hawaii arizona india indian british greenwich
    european japan korea china singapore philippine australian newfoundland coordinated universal
    """
)
_ZONE_NOISE = lx.words(
    """
    standard daylight saving savings summer mean time zone european africa
    """
)
_BUSY = frozenset({"work", "class", "classes", "lecture", "lectures", "shift", "job", "practice", "lab"})
_POSTFIX_NEGATIONS = frozenset({"off", "out", "unavailable", "blocked", "booked"})
_AFTER_WORDS = frozenset({"after", "since", "past", "from", "starting", "beginning", "later", "post"})
_BEFORE_WORDS = frozenset({"before", "until", "till", "til", "untill", "by", "prior"})
_AT_WORDS = frozenset({"at", "around", "about", "approx", "approximately", "@", "~", "near"})
# Day words that start nothing but a day ("Monday", "weekends"): read by `days` directly.
_PLAIN_DAY_WORDS = (frozenset(lx.WEEKDAYS) | frozenset(lx.DAY_SETS)) - (
    frozenset(lx.MONTHS) | frozenset(ABBREVIATIONS) | frozenset(AMBIGUOUS) | lx.NEGATIONS
)
# Every word that can start a production; any other filler word is skipped at once.
_TRIGGERS = (
    _AFTER_WORDS
    | _BEFORE_WORDS
    | _AT_WORDS
    | _BUSY
    | _POSTFIX_NEGATIONS
    | _ZONE_LEADERS
    | lx.NEGATIONS
    | frozenset(lx.MONTHS)
    | frozenset(lx.WEEKDAYS)
    | frozenset(lx.DAY_SETS)
    | frozenset(lx.PART_WORDS)
    | frozenset(ABBREVIATIONS)
    | frozenset(AMBIGUOUS)
    | lx.words(
        """
        but other apart aside can can't cant cannot no not week in during throughout today tonight tomorrow
        most out ooo
        this next coming every any each all work business working school from between anytime noon midday
        midnight early late mid middle whole full entire office lunch and or plus nor n
        """
    )
)


@dataclass(slots=True)
class Point:
    hour: int
    minute: int
    mer: str | None  # "am" / "pm" when written
    h24: bool  # written as a 24-hour time ("14:00", "09:30")
    fixed: int | None  # noon / midnight
    start: int
    end: int

    @property
    def definite(self) -> bool:
        return self.fixed is not None or self.mer is not None or self.h24 or self.hour == 0 or self.hour > 12


@dataclass(slots=True)
class Expr:
    kind: str  # point range after before part
    start: int
    end: int
    a: Point | None = None
    b: Point | None = None
    lo: int = 0  # part of day bounds, minutes
    hi: int = 0
    note: str | None = None  # how a named moment was read ("after work" -> after 5:00 PM), reported if used


@dataclass(slots=True)
class DayItem:
    start: int
    end: int
    weekdays: frozenset[int] | None = None
    dates: tuple[dt.date, ...] | None = None


@dataclass(slots=True)
class TimeItem:
    start: int
    end: int
    exprs: list[Expr] = field(default_factory=list)


@dataclass(slots=True)
class ZoneItem:
    start: int
    end: int
    zone: str


@dataclass(slots=True)
class SepItem:
    start: int
    end: int
    strength: int  # 1 and/or/&, 2 comma, 3 line / semicolon / sentence


@dataclass(slots=True)
class NegItem:
    start: int
    end: int
    soft: bool = False  # "but" that reads as "except" only before a day or time
    postfix: bool = False  # "Wednesday: not available", "Fridays off": negates what came before


@dataclass(slots=True)
class PosItem:
    start: int
    end: int


Item = DayItem | TimeItem | ZoneItem | SepItem | NegItem | PosItem


class Reader:
    """One pass over the tokens of one text."""

    def __init__(self, text: str, tokens: list[Token], *, today: dt.date, parts: dict[str, tuple[int, int]]):
        self.text = text
        self.toks = tokens
        self.today = today
        self.parts = parts
        self.items: list[Item] = []
        self.warnings: list[str] = []
        self.unknown: list[tuple[int, int]] = []
        self.unknown_tokens: list[int] = []
        self.filler_tokens: set[int] = set()
        self.guesses = 0
        self.productions = (
            self.negation, self.zone, self.date, self.relative, self.every_part, self.days, self.times
        )  # fmt: skip
        self.num_productions = (self.date, self.times)
        self.time_productions = (self.times,)
        self.date_productions = (self.date, self.times)
        self.day_productions = (self.days,)
        # Lower-case text and kind of each token, with empty sentinels so that i - 2 .. i + 4 never fail.
        pad = ["", "", "", "", ""]
        self.lows: list[str] = [t.low for t in tokens] + pad
        self.kinds: list[str] = [t.kind for t in tokens] + pad

    # -- helpers ------------------------------------------------------------------------------------------
    def low(self, i: int) -> str:
        return self.lows[i]

    def kind(self, i: int) -> str:
        return self.kinds[i]

    def frag(self, start: int, end: int) -> str:
        return self.text[start:end]

    def guess(self, message: str) -> None:
        self.guesses += 1
        self.warnings.append(message)

    def skip_fillers(self, i: int, words: frozenset[str] = frozenset({"the", "of", "on", "in"})) -> int:
        while i < len(self.toks) and self.toks[i].low in words:
            i += 1
        return i

    # -- main loop ----------------------------------------------------------------------------------------
    def read(self) -> list[Item]:
        i = 0
        n = len(self.toks)
        while i < n:
            j = self.step(i)
            i = j if j > i else i + 1
        return self.items

    def fragments(self) -> list[str]:
        """The text not understood, as quoted fragments: neighbouring unknown words and the filler words
        around them ("whenever works for you") form one fragment."""
        spans: list[tuple[int, int]] = []
        for index in self.unknown_tokens:
            first = last = index
            while first - 1 in self.filler_tokens or first - 1 in self.unknown_tokens:
                first -= 1
            while last + 1 in self.filler_tokens or last + 1 in self.unknown_tokens:
                last += 1
            span = (self.toks[first].start, self.toks[last].end)
            if not spans or span != spans[-1]:
                spans.append(span)
        return [self.text[a:b] for a, b in spans]

    def step(self, i: int) -> int:
        tok = self.toks[i]
        low = tok.low
        if tok.kind == "word" and low not in _TRIGGERS and (low in lx.FILLERS or low in lx.AFFIRMATIONS):
            return self.filler(i)  # fast path: most words of a sentence start no production
        if low == "." and tok.glued:
            before = self.lows[i - 1]
            short = len(before) <= 5 and not before.endswith(("day", "days"))
            if (short and (before in lx.WEEKDAYS or before in lx.MONTHS)) or before == "approx":
                return i + 1  # "Thurs.", "Dec.": an abbreviation, not the end of a sentence
        if tok.kind == "nl" or (tok.kind == "punct" and low in {";", ".", "|", "•", "!", "?"}):
            self.items.append(SepItem(tok.start, tok.end, 3))
            return i + 1
        if tok.kind == "punct" and low == ",":
            self.items.append(SepItem(tok.start, tok.end, 2))
            return i + 1
        if low in {"(", "/"} and (j := self.equivalent_time(i)) > i:
            return j
        if (tok.kind == "punct" and low in {"&", "+", "/"}) or low in {"and", "or", "plus", "nor", "n"}:
            self.items.append(SepItem(tok.start, tok.end, 1))
            return i + 1
        for production in self.productions_for(tok):
            j = production(i)
            if j > i:
                return j
        if tok.kind in {"punct", "dash"}:
            if tok.kind == "dash" or low in {"/", "'", '"'}:
                self.filler_tokens.add(i)
            return i + 1
        if tok.kind == "mer":  # "I am free": a lone am/pm that is not a time
            return i + 1
        if tok.kind == "num" and self.lows[i + 1] in _UNITS:  # "30 minutes", "2 sessions a week"
            return i + 2
        if low in lx.AFFIRMATIONS or low in lx.FILLERS:
            return self.filler(i)
        self.unknown.append((tok.start, tok.end))
        self.unknown_tokens.append(i)
        if tok.kind in {"num", "clock", "date"}:
            # an unreadable time still belongs to its day: "Monday 25-30" must not become all of Monday
            self.items.append(TimeItem(tok.start, tok.end, []))
        return i + 1

    def productions_for(self, tok: Token) -> tuple[Callable[[int], int], ...]:
        """The productions that can start at this token, in priority order (a shortcut of the full list)."""
        kind = tok.kind
        if kind == "num":
            return self.num_productions
        if kind == "clock":
            return self.time_productions
        if kind == "date":
            return self.date_productions
        if kind in {"punct", "dash", "nl", "other"}:
            return self.time_productions if tok.low in _AT_WORDS else ()
        if kind == "word" and tok.low in _PLAIN_DAY_WORDS:
            return self.day_productions
        return self.productions

    def every_part(self, i: int) -> int:
        """'any evening', 'every morning', 'most afternoons': the part of day on every day."""
        nxt = self.lows[i + 1]
        if self.lows[i] in {"any", "every", "each", "most"} and lx.PART_WORDS.get(nxt):
            tok = self.toks[i]
            self.items.append(DayItem(tok.start, tok.end, weekdays=lx.ALL_DAYS))
            return i + 1
        return i

    def equivalent_time(self, i: int) -> int:
        """'3pm EST (12pm PST)', '11am ET / 8am PT': the same moment again in another zone; skipped."""
        if self.lows[i] not in {"(", "/"} or not any(isinstance(x, ZoneItem) for x in self.items[-2:]):
            return i
        j = i + 1
        saw_time = saw_zone = False
        while j < len(self.toks) and j <= i + 8 and self.lows[j] not in {")", ",", ";", "\n"}:
            kind, low = self.kinds[j], self.lows[j]
            saw_time = saw_time or kind in {"num", "clock"}
            saw_zone = saw_zone or kind in {"zone", "offset"} or low in ABBREVIATIONS or low in AMBIGUOUS
            j += 1
        if not (saw_time and saw_zone):
            return i
        if self.lows[j] == ")":
            j += 1
        self.filler_tokens.update(range(i, j))
        return j

    def filler(self, i: int) -> int:
        """A word understood to carry no time ("available", "the"); affirmations may end an exclusion."""
        tok = self.toks[i]
        self.filler_tokens.add(i)
        if tok.low in lx.AFFIRMATIONS:
            self.items.append(PosItem(tok.start, tok.end))
        return i + 1

    # -- negation -----------------------------------------------------------------------------------------
    def negation(self, i: int) -> int:
        low = self.lows[i]
        tok = self.toks[i]
        if low == "but":
            if self.lows[i + 1] in {"only", "preferably", "ideally", "mostly", "usually", "also", "best"}:
                return i + 2
            if self.lows[i + 1] == "not":
                self.items.append(NegItem(tok.start, self.toks[i + 1].end))
                return i + 2
            self.items.append(NegItem(tok.start, tok.end, soft=True))
            return i + 1
        if low in {"out", "ooo"} and (low == "ooo" or self.lows[i + 1] == "of"):
            j = i + 1 if low == "ooo" else i + 3  # "out of office", "out of town", "OOO"
            self.items.append(NegItem(tok.start, self.toks[min(j, len(self.toks)) - 1].end))
            return min(j, len(self.toks))
        if low in {"other", "apart", "aside"} and self.lows[i + 1] in {"than", "from"}:
            self.items.append(NegItem(tok.start, self.toks[i + 1].end))
            return i + 2
        if low in {"can't", "cant", "cannot", "can"} and self.lows[i + 1] in {"do", "make", "meet", "not"}:
            j = i + 2 if low != "can" or self.lows[i + 1] == "not" else i
            if j == i:
                return i
            self.items.append(NegItem(tok.start, self.toks[j - 1].end))
            return j
        if low in _BUSY and self.day_atom(i) is None and self.lows[i - 1] not in _AFTER_WORDS | _BEFORE_WORDS:
            # "I work 9-5", "class MWF 10-11": times that are taken
            j = i + 1
            while self.lows[j] in {"from", "on", "at", "during", "is", "until", "till", "in", "the", "most"}:
                j += 1
            if (
                self.kinds[j] in {"num", "clock", "date"}
                or self.day_atom(j) is not None
                or self.lows[j] in lx.MONTHS
                or self.lows[j] in lx.PART_WORDS
            ):
                self.items.append(NegItem(tok.start, tok.end))
                return i + 1
        if low in _POSTFIX_NEGATIONS and self.items and isinstance(self.items[-1], DayItem | TimeItem):
            self.items.append(NegItem(tok.start, tok.end, postfix=True))
            return i + 1
        if low in {"no", "not"} and self.lows[i + 1] in {"earlier", "later", "before", "after"}:
            return i  # "no earlier than 10am", "not before 9": an open range, read by `times`
        if low in lx.NEGATIONS:
            j = i + 1
            while self.lows[j] in {"available", "free", "around", "on", "for", "at", "during", "be", "the"}:
                j += 1
            self.items.append(NegItem(tok.start, self.toks[j - 1].end))
            return j
        return i

    # -- zones --------------------------------------------------------------------------------------------
    def zone(self, i: int) -> int:
        tok = self.toks[i]
        if tok.kind == "zone":
            self.items.append(ZoneItem(tok.start, tok.end, tok.value))
            return i + 1
        if tok.kind == "offset":
            zone, warnings = resolve_zone(tok.text)
            self.warnings.extend(warnings)
            if zone is not None:
                self.items.append(ZoneItem(tok.start, tok.end, zone))
            return i + 1
        if tok.kind not in {"word", "mer"}:
            return i
        low = tok.low
        if low in _ZONE_LEADERS:
            j = i + 1
            while self.lows[j] in _ZONE_NOISE or self.lows[j] in _ZONE_LEADERS:
                j += 1
            phrase = self.frag(tok.start, self.toks[j - 1].end)
            zone, warnings = resolve_zone(phrase)
            if zone is not None:
                self.warnings.extend(warnings)
                self.items.append(ZoneItem(tok.start, self.toks[j - 1].end, zone))
                return j
            return i
        for size in (1, 2):  # "London time", "New York time"
            if self.lows[i + size] == "time" and all(self.kinds[i + k] == "word" for k in range(size)):
                city = " ".join(self.lows[i : i + size])
                if city not in lx.FILLERS and (zone := city_zone(city)) is not None:
                    self.items.append(ZoneItem(tok.start, self.toks[i + size].end, zone))
                    return i + size + 1
        if low in ABBREVIATIONS or low in AMBIGUOUS:
            if low in _ENGLISH_ZONE_WORDS and not tok.text.isupper():
                return i
            zone, warnings = resolve_zone(tok.text)
            if zone is None:
                return i
            self.warnings.extend(warnings)
            j = i + 1
            while self.lows[j] in {"time", "timezone", "zone"}:
                j += 1
            self.items.append(ZoneItem(tok.start, self.toks[j - 1].end, zone))
            return j
        return i

    # -- dates --------------------------------------------------------------------------------------------
    def make_date(self, year: int | None, month: int, day: int, start: int, end: int) -> dt.date | None:
        try:
            if year is not None:
                return dt.date(year, month, day)
            candidate = dt.date(self.today.year, month, day)
            if candidate < self.today:
                candidate = dt.date(self.today.year + 1, month, day)
            return candidate
        except ValueError:
            self.guess(f'"{self.frag(start, end)}" is not a date')
            return None

    def day_number(self, i: int) -> int | None:
        tok = self.toks[i] if i < len(self.toks) else None
        if tok is None or tok.kind != "num":
            return None
        number, _ordinal, digits, _zero = tok.value
        if digits > 2 or not 1 <= number <= 31:
            return None
        if self.kinds[i + 1] == "mer" or self.lows[i + 1] in {"noon", "o'clock"}:
            return None
        if (
            self.lows[i + 1] in _TIME_RANGE_WORDS
            and self.kinds[i + 3] == "mer"
            and self.kinds[i + 2] == "num"
        ):
            return None  # "January 4-5pm" is a time range in January, not the 4th
        return int(number)

    def month_at(self, i: int) -> int | None:
        low = self.lows[i]
        if self.kinds[i] != "word" or low not in lx.MONTHS:
            return None
        return lx.MONTHS[low]

    def single_date(self, i: int) -> tuple[dt.date | None, int, int] | None:
        """A date at i: '12/15', '2026-12-14', 'Dec 14', 'December 14th, 2026', '14 Dec', '14th of Dec'."""
        if not 0 <= i < len(self.toks):
            return None
        tok = self.toks[i]
        if tok.kind == "date":
            year, month, day = tok.value
            if month > 12 >= day:  # 15/12: day first
                month, day = day, month
            return self.make_date(year, month, day, tok.start, tok.end), i + 1, month
        month = self.month_at(i)
        if month is not None:
            j = self.skip_fillers(i + 1, frozenset({"the", "."}))
            day = self.day_number(j)
            if day is None:
                return None
            end_index = j + 1
            year = self.year_at(end_index)
            if year is not None:
                end_index = year[1]
            found = self.make_date(
                year[0] if year else None, month, day, tok.start, self.toks[end_index - 1].end
            )
            return found, end_index, month
        day = self.day_number(i)
        if day is not None:
            j = self.skip_fillers(i + 1, frozenset({"of"}))
            month = self.month_at(j)
            if month is None:
                return None
            end_index = j + 1
            year = self.year_at(end_index)
            if year is not None:
                end_index = year[1]
            found = self.make_date(
                year[0] if year else None, month, day, tok.start, self.toks[end_index - 1].end
            )
            return found, end_index, month
        return None

    def year_at(self, i: int) -> tuple[int, int] | None:
        j = i + 1 if self.lows[i] == "," else i
        tok = self.toks[j] if j < len(self.toks) else None
        if tok is not None and tok.kind == "num" and tok.value[2] == 4 and 1990 <= tok.value[0] <= 2100:
            return int(tok.value[0]), j + 1
        return None

    def date(self, i: int) -> int:
        low = self.lows[i]
        if low == "week" and self.lows[i + 1] == "of":
            found = self.single_date(i + 2)
            if found is None or found[0] is None:
                return i
            monday = found[0] - dt.timedelta(days=found[0].weekday())
            dates = tuple(monday + dt.timedelta(days=k) for k in range(7))
            self.items.append(DayItem(self.toks[i].start, self.toks[found[1] - 1].end, dates=dates))
            return found[1]
        if (
            low in {"in", "during", "throughout"}
            and self.month_at(i + 1) is not None
            and self.day_number(i + 2) is None
        ):
            return self.whole_month(i + 1, i)
        if (
            self.month_at(i) is not None
            and low not in lx.AMBIGUOUS_MONTHS
            and self.day_number(self.skip_fillers(i + 1, frozenset({"the"}))) is None
            and self.kinds[i - 1] != "num"
        ):
            return self.whole_month(i, i)
        start_index = i
        prefix = ""
        if low in {"from", "between", "until", "till", "through", "by"} and self.kinds[i + 1] in {
            "word",
            "date",
            "num",
        }:
            prefix, i = low, i + 1  # "from Dec 14 to Dec 18", "between Dec 14 and 18", "until Dec 18"
        found = self.single_date(i)
        if found is None:
            return start_index
        first, j, _month = found
        if first is None:
            return j
        if prefix in {"until", "till", "through", "by"}:
            last, first = first, min(self.today, first)
            dates = tuple(first + dt.timedelta(days=k) for k in range((last - first).days + 1))
            self.items.append(DayItem(self.toks[start_index].start, self.toks[j - 1].end, dates=dates))
            return j
        last = first
        if self.lows[j] in _TIME_RANGE_WORDS or (self.lows[j] == "and" and prefix == "between"):
            nxt = self.toks[j + 1] if j + 1 < len(self.toks) else None
            second = self.single_date(j + 1) if nxt is not None else None
            if second is not None and second[0] is not None:
                last, j = second[0], second[1]
                if last < first:
                    last = last.replace(year=last.year + 1) if last.year == first.year else last
            else:
                day = self.day_number(j + 1)
                clock_after = self.kinds[j + 2] in {"clock", "mer"} or self.lows[j + 2] == ":"
                if day is not None and day > first.day and not clock_after:
                    try:
                        last = first.replace(day=day)
                        j += 2
                    except ValueError:
                        pass
        if (last - first).days > 366:
            self.warnings.append(f'"{self.frag(self.toks[i].start, self.toks[j - 1].end)}" spans over a year')
            last = first
        dates = tuple(first + dt.timedelta(days=k) for k in range((last - first).days + 1))
        # "Dec 15, 16 and 17": more days of the same month
        while last == first and self.lows[j] in {",", "and", "&"} and (day := self.day_number(j + 1)):
            if day <= dates[-1].day or self.lows[j + 2] in _TIME_RANGE_WORDS:
                break
            try:
                dates = (*dates, dates[-1].replace(day=day))
            except ValueError:
                break
            j += 2
        self.items.append(DayItem(self.toks[start_index].start, self.toks[j - 1].end, dates=dates))
        return j

    def whole_month(self, month_index: int, start_index: int) -> int:
        month = lx.MONTHS[self.lows[month_index]]
        year = self.today.year if month >= self.today.month else self.today.year + 1
        first = dt.date(year, month, 1)
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        if first < self.today < following:
            first = self.today
        dates = tuple(first + dt.timedelta(days=k) for k in range((following - first).days))
        self.items.append(DayItem(self.toks[start_index].start, self.toks[month_index].end, dates=dates))
        return month_index + 1

    def relative(self, i: int) -> int:
        low = self.lows[i]
        tok = self.toks[i]
        today = self.today
        if low in {"today", "tonight", "tomorrow", "tmrw", "tmr", "tomorow", "tommorow", "tommorrow"}:
            day = today if low in {"today", "tonight"} else today + dt.timedelta(days=1)
            self.items.append(DayItem(tok.start, tok.end, dates=(day,)))
            if low == "tonight":
                lo, hi = self.parts["evening"]
                self.items.append(
                    TimeItem(tok.start, tok.end, [Expr("part", tok.start, tok.end, lo=lo, hi=hi)])
                )
            return i + 1
        if low in {"this", "next", "coming"}:
            nxt = self.lows[i + 1]
            end = self.toks[i + 1].end if i + 1 < len(self.toks) else tok.end
            if nxt in {"week", "weekend"}:
                if nxt == "week":
                    monday = today - dt.timedelta(days=today.weekday())
                    first = monday + dt.timedelta(days=7) if low != "this" else today
                    last = monday + dt.timedelta(days=13 if low != "this" else 6)
                else:
                    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
                    if low == "next" and today.weekday() < 5:
                        saturday += dt.timedelta(days=7)
                    first, last = (
                        (today, saturday + dt.timedelta(days=1))
                        if today.weekday() == 6
                        else (saturday, saturday + dt.timedelta(days=1))
                    )
                dates = tuple(first + dt.timedelta(days=k) for k in range((last - first).days + 1))
                self.items.append(DayItem(tok.start, end, dates=dates))
                return i + 2
            if nxt in lx.WEEKDAYS:
                weekday = lx.WEEKDAYS[nxt]
                ahead = (weekday - today.weekday()) % 7
                if low == "next" and ahead == 0:
                    ahead = 7
                self.items.append(DayItem(tok.start, end, dates=(today + dt.timedelta(days=ahead),)))
                return i + 2
        return i

    # -- days ---------------------------------------------------------------------------------------------
    def day_atom(self, i: int, *, allow_letters: bool = False) -> tuple[frozenset[int], int] | None:
        tok = self.toks[i] if 0 <= i < len(self.toks) else None
        if tok is None or tok.kind not in {"word", "mer"}:
            return None
        low = tok.low
        nxt = self.lows[i + 1]
        if (low in {"every", "any", "each"} and nxt in {"day", "days", "week", "weekday", "weekdays"}) or (
            low == "all" and nxt in {"days", "week", "weekdays"}
        ):
            if nxt in {"weekday", "weekdays"}:
                return lx.WORKDAYS, i + 2
            return lx.ALL_DAYS, i + 2
        if (low in {"work", "business", "week", "working", "school"} and nxt in {"days", "day"}) or (
            low == "week" and nxt in {"nights", "night"}
        ):
            return lx.WORKDAYS, i + 2
        if low == "week" and nxt in {"ends", "end"}:
            return lx.WEEKEND, i + 2
        if low in lx.WEEKDAYS and (
            low not in {"th", "tu", "mo", "fr", "sun", "sat"}
            or allow_letters
            or tok.text[0].isupper()
            or low in {"sun", "sat"}
        ):
            return frozenset({lx.WEEKDAYS[low]}), i + 1
        if low in lx.DAY_SETS:
            return lx.DAY_SETS[low], i + 1
        codes = self.day_codes(tok, allow_letters)
        if codes is not None:
            return codes, i + 1
        return None

    def day_codes(self, tok: Token, allow_letters: bool) -> frozenset[int] | None:
        """'MWF', 'TTh', 'TR' (and single letters between slashes or dashes: 'M/W/F', 'M-F')."""
        text = tok.text
        if not text.isalpha() or len(text) > 7:
            return None
        if len(text) <= 2 and text.lower() in lx.DAY_CODES and allow_letters:
            return frozenset({lx.DAY_CODES[text.lower()]})
        if len(text) < 2 or not (text[0].isupper() or text.lower() in {"mwf", "tth", "mw", "tr", "tuth"}):
            return None
        days: set[int] = set()
        k = 0
        lowered = text.lower()
        while k < len(lowered):
            for size in (2, 1):
                piece = lowered[k : k + size]
                fits = size == 1 or (k + 1 < len(text) and (text[k + 1].islower() or text.isupper()))
                if len(piece) == size and piece in lx.DAY_CODES and fits:
                    days.add(lx.DAY_CODES[piece])
                    k += size
                    break
            else:
                return None
        return frozenset(days) if len(days) >= 2 else None

    def days(self, i: int) -> int:
        start_index = i
        low = self.lows[i]
        if low in {"from", "between"}:
            if self.day_atom(i + 1) is None:
                return i
            i += 1
        letters = self.letters_context(i)
        atom = self.day_atom(i, allow_letters=letters)
        if atom is None:
            fuzzy = lx.closest_word(low) if self.kinds[i] == "word" else None
            if fuzzy is None or fuzzy[1] not in {"day", "set"}:
                return i if start_index == i else start_index
            name = fuzzy[0]
            atom = (
                (lx.WEEKDAYS.get(name) is not None and frozenset({lx.WEEKDAYS[name]})) or lx.DAY_SETS[name],
                i + 1,
            )
            self.guess(f'"{self.toks[i].text}" read as {name.capitalize()}')
        days, j = atom
        while self.lows[j] == "/" and (more := self.day_atom(j + 1, allow_letters=True)) is not None:
            days, j = days | more[0], more[1]
        if self.lows[j] in _TIME_RANGE_WORDS | {"and"} and (self.lows[j] != "and" or low == "between"):
            end_atom = self.day_atom(j + 1, allow_letters=letters or self.lows[j] == "-")
            chained = (
                end_atom is not None and self.lows[end_atom[1]] == "-" and self.day_atom(end_atom[1] + 1)
            )
            if end_atom is not None and chained:  # "Mon-Wed-Fri" lists days
                while self.lows[j] == "-" and (more := self.day_atom(j + 1, allow_letters=True)) is not None:
                    days, j = days | more[0], more[1]
            elif end_atom is not None and len(days) == 1 and len(end_atom[0]) == 1:
                first, last = next(iter(days)), next(iter(end_atom[0]))
                span = (last - first) % 7
                days = frozenset((first + k) % 7 for k in range(span + 1))
                j = end_atom[1]
        self.items.append(DayItem(self.toks[start_index].start, self.toks[j - 1].end, weekdays=days))
        return j

    def letters_context(self, i: int) -> bool:
        """Single letters are day codes only when joined to another code: 'M/W/F', 'M-F', 'T/Th'."""
        tok = self.toks[i] if i < len(self.toks) else None
        if tok is None or tok.kind not in {"word", "mer"} or len(tok.text) > 2 or not tok.text[0].isupper():
            return False

        def code(k: int) -> bool:
            if not 0 <= k < len(self.toks):
                return False
            text = self.toks[k].text
            return len(text) <= 2 and text.lower() in lx.DAY_CODES and text[0].isupper()

        if code(i + 1) or code(i - 1):  # "M W F"
            return True
        for joiner, other in ((i + 1, i + 2), (i - 1, i - 2)):
            if self.lows[joiner] in {"/", "-", ",", "&", "and", "+"} and code(other):  # "M/W/F", "T, Th"
                return True
        return False

    # -- times --------------------------------------------------------------------------------------------
    def point(self, i: int) -> tuple[Point, int] | None:
        tok = self.toks[i] if 0 <= i < len(self.toks) else None
        if tok is None:
            return None
        low = tok.low
        if low in {"noon", "midday", "mid-day"}:
            return Point(12, 0, "pm", True, _NOON, tok.start, tok.end), i + 1
        if low == "midnight":
            return Point(0, 0, "am", True, _MIDNIGHT, tok.start, tok.end), i + 1
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
            ):
                hour, minute, h24 = number // 100, number % 100, digits == 4 and number >= 1300
            else:
                return None
            if self.lows[i + 1] in _UNITS and self.kinds[i + 1] != "mer":
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
        if mer is not None and hour > 12:
            mer = None  # "14pm": the 24-hour reading wins
        return Point(hour, minute, mer, h24, None, tok.start, self.toks[j - 1].end), j

    def military_pair(self, i: int) -> bool:
        """'1400-1600': four-digit times are read only in a range of two of them."""

        def four(k: int) -> bool:
            tok = self.toks[k] if 0 <= k < len(self.toks) else None
            return (
                tok is not None and tok.kind == "num" and tok.value[2] in {3, 4} and tok.value[0] % 100 < 60
            )

        return four(i) and (
            (self.lows[i + 1] in _TIME_RANGE_WORDS and four(i + 2))
            or (self.lows[i - 1] in _TIME_RANGE_WORDS and four(i - 2))
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
            lo, hi = self.parts["program_day"]
            return Expr("part", tok.start, self.toks[j + 1].end, lo=lo, hi=hi), j + 2
        if low in {"business", "office", "work", "working"} and nxt in {"hours", "hrs", "time"}:
            return Expr("part", tok.start, self.toks[j + 1].end, lo=540, hi=1020), j + 2
        if low == "lunch" and nxt in {"time", "hour", "break", "hours"}:
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
        if low in _AFTER_WORDS | _BEFORE_WORDS and self.lows[i + 1] in {
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
            if what == "lunch" and low in _BEFORE_WORDS:
                minute = self.parts["lunch"][0]
            kind = "after" if low in _AFTER_WORDS else "before"
            point = Point(minute // 60, minute % 60, None, True, minute, tok.start, self.toks[i + 1].end)
            note = None
            if what != "lunch":
                note = f'"{self.frag(tok.start, self.toks[i + 1].end)}" read as {kind} {_fmt12(minute)}'
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
        if low in {"between", "from"} or low in _AFTER_WORDS or low in _BEFORE_WORDS or low in _AT_WORDS:
            j = i + 1
            while self.lows[j] in {"at", "from", "around", "about", "the", "of"}:
                j += 1
            first = self.point(j)
            if first is None:
                return None
            point_a, j = first
            sep = self.lows[j]
            if (
                sep in _TIME_RANGE_WORDS
                or (sep == "and" and low == "between")
                or (sep == "-" and low in _AT_WORDS)
            ):
                second = self.point(j + 1)
                if second is not None:
                    return Expr("range", tok.start, second[0].end, a=point_a, b=second[0]), second[1]
            if low == "between":
                return None
            if low in _BEFORE_WORDS:
                return Expr("before", tok.start, point_a.end, a=point_a), j
            if low in _AFTER_WORDS:
                if self.lows[j] in {"and", "but"} and self.lows[j + 1] in _BEFORE_WORDS:
                    closing = self.point(j + 2)  # "after 4:30 and before 7", "after 2 but before 5"
                    if closing is not None:
                        return Expr("range", tok.start, closing[0].end, a=point_a, b=closing[0]), closing[1]
                return self.open_tail(Expr("after", tok.start, point_a.end, a=point_a), j)
            return self.open_tail(Expr("point", tok.start, point_a.end, a=point_a), j)
        first = self.point(i)
        if first is None:
            return None
        point_a, j = first
        if self.lows[j] in _TIME_RANGE_WORDS:
            second = self.point(j + 1)
            if second is not None:
                return Expr("range", tok.start, second[0].end, a=point_a, b=second[0]), second[1]
        return self.open_tail(Expr("point", tok.start, point_a.end, a=point_a), j)

    def open_tail(self, expr: Expr, j: int) -> tuple[Expr, int]:
        """'3pm onwards', '5 or later', '6+', '2pm and after', 'noon or earlier'."""
        low, nxt = self.lows[j], self.lows[j + 1]
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
        while j < len(self.toks):
            found = self.time_expr(j) or self.part(j) or self.mer_part(j, exprs)
            if found is None:
                break
            exprs.append(found[0])
            j = found[1]
            # "evenings (after 6 PM)", "Evening: 5-9 PM": a bracket or colon keeps the qualifier attached
            if self.lows[j] in {"(", ":", "["} and (self.time_expr(j + 1) or self.part(j + 1)) is not None:
                if self.lows[j] == "(" and exprs[-1].kind != "part":
                    exprs.pop()  # "after work (after 6pm)": the bracket says it exactly
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


def _fmt12(minutes: int) -> str:
    hour, minute = divmod(minutes % 1440, 60)
    suffix = "AM" if hour < 12 else "PM"
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"
