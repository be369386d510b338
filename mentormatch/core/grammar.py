"""Grammar of availability text: tokens -> items (days, dates, times, zones, separators, negations).

The reader walks the tokens once, trying the productions in a fixed order at each position (dates before
days before times, so "Dec 14" is a date and "Dec 14 3-5pm" a date then a time range). Every token is
either used by an item, known to carry nothing (a filler such as "available"), or reported as not
understood with its exact text. Times are kept unresolved (`Point`s with or without a meridiem) so that
the clause builder can share a meridiem across a list ("10 or 11am").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from mentormatch.core import lexicon as lx
from mentormatch.core.grammar_base import AFTER_WORDS, AT_WORDS, BEFORE_WORDS, TIME_RANGE_WORDS, UNITS
from mentormatch.core.grammar_dates import DateRules
from mentormatch.core.grammar_times import TimeRules
from mentormatch.core.items import (
    DayItem,
    Expr,
    Item,
    NegItem,
    Point,
    PosItem,
    SepItem,
    TimeItem,
    ZoneItem,
)
from mentormatch.core.tokens import Token
from mentormatch.core.zones import ABBREVIATIONS, AMBIGUOUS, city_zone, resolve_zone

__all__ = [
    "DayItem",
    "Expr",
    "Item",
    "NegItem",
    "Point",
    "PosItem",
    "Reader",
    "SepItem",
    "TimeItem",
    "ZoneItem",
]

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
_POSTFIX_NEGATIONS = frozenset({"off", "out", "unavailable", "blocked", "booked", "excluded"})
# Day words that start nothing but a day ("Monday", "weekends"): read by `days` directly.
_PLAIN_DAY_WORDS = (frozenset(lx.WEEKDAYS) | frozenset(lx.DAY_SETS)) - (
    frozenset(lx.MONTHS) | frozenset(ABBREVIATIONS) | frozenset(AMBIGUOUS) | lx.NEGATIONS
)
# Every word that can start a production; any other filler word is skipped at once.
_TRIGGERS = (
    AFTER_WORDS
    | BEFORE_WORDS
    | AT_WORDS
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
        most out ooo effective as same ditto too alternate alternating biweekly fortnightly bi fortnight
        this next coming every any each all work business working school from between anytime noon midday
        midnight early late mid middle whole full entire office lunch and or plus nor n
        """
    )
)


Production = Callable[["Reader", int], int]


def _letter_day(piece: str, previous: int | None, following: str | None) -> int:
    """A one-letter day code in a run of them: 'T' after 'W' is Thursday ('MTWTF'), 'S' after 'F' is
    Saturday and after Saturday Sunday ('MTWTFSS'); a leading 'S' before 'M' is Sunday ('SMTWTFS')."""
    if piece == "t" and previous is not None and previous >= 2:
        return 3
    if piece == "s":
        if previous == 5 or previous == 6 or (previous is None and following == "m"):
            return 6
        return 5
    return lx.DAY_CODES[piece]


class Reader(DateRules, TimeRules):
    """The grammar: each position tries the productions that can start there, in priority order."""

    # The productions, as plain functions kept on the class: bound methods stored on each reader would
    # tie it in a reference cycle and leave it to the garbage collector.
    PRODUCTIONS: ClassVar[tuple[Production, ...]] = ()
    NUM_PRODUCTIONS: ClassVar[tuple[Production, ...]] = ()
    TIME_PRODUCTIONS: ClassVar[tuple[Production, ...]] = ()
    DATE_PRODUCTIONS: ClassVar[tuple[Production, ...]] = ()
    DAY_PRODUCTIONS: ClassVar[tuple[Production, ...]] = ()

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
        if low == "(" and self.items and isinstance(self.items[-1], DayItem):
            # "Weekdays (Fri excluded) 5-7pm": the bracket's own exclusion stops at the bracket
            k = i + 1
            while k < len(self.toks) and k <= i + 6 and self.lows[k] != ")":
                if self.lows[k] in _POSTFIX_NEGATIONS and k > i + 1:
                    self.items.append(SepItem(tok.start, tok.end, 2))
                    return i + 1
                k += 1
        if (tok.kind == "punct" and low in {"&", "+", "/"}) or low in {"and", "or", "plus", "nor", "n"}:
            self.items.append(SepItem(tok.start, tok.end, 1))
            return i + 1
        for production in self.productions_for(tok):
            try:
                j = production(self, i)
            except (OverflowError, ValueError):
                # date arithmetic past year 9999 (or before year 1): report, never raise
                self.warnings.append(f'"{tok.text}": the date is out of range')
                self.filler_tokens.add(i)
                return i + 1
            if j > i:
                return j
        if tok.kind in {"punct", "dash"}:
            if tok.kind == "dash" or low in {"/", "'", '"', "’", "‘", "“", "”"}:
                self.filler_tokens.add(i)
            return i + 1
        if tok.kind == "mer":  # "I am free": a lone am/pm that is not a time
            return i + 1
        if tok.kind == "num" and self.lows[i + 1] in UNITS:  # "30 minutes", "2 sessions a week"
            return i + 2
        if low in lx.AFFIRMATIONS or low in lx.FILLERS:
            return self.filler(i)
        self.unknown.append((tok.start, tok.end))
        self.unknown_tokens.append(i)
        if tok.kind in {"num", "clock", "date"}:
            # an unreadable time still belongs to its day: "Monday 25-30" must not become all of Monday
            self.items.append(TimeItem(tok.start, tok.end, []))
        return i + 1

    def productions_for(self, tok: Token) -> tuple[Production, ...]:
        """The productions that can start at this token, in priority order (a shortcut of the full list)."""
        kind = tok.kind
        if kind == "num":
            return self.NUM_PRODUCTIONS
        if kind == "clock":
            return self.TIME_PRODUCTIONS
        if kind == "date":
            return self.DATE_PRODUCTIONS
        if kind in {"punct", "dash", "nl", "other"}:
            return self.TIME_PRODUCTIONS if tok.low in AT_WORDS else ()
        if kind == "word" and tok.low in _PLAIN_DAY_WORDS:
            return self.DAY_PRODUCTIONS
        return self.PRODUCTIONS

    def alternating(self, i: int) -> int:
        """'every other Tuesday', 'alternate Mondays', 'biweekly', 'every 2 weeks': read as every week,
        with a warning (a guess: which weeks is not known)."""
        low, nxt = self.lows[i], self.lows[i + 1]
        j = i
        if low == "every" and nxt in {"other", "second", "alternate"}:
            j = i + 2
        elif low == "every" and self.kinds[i + 1] == "num" and self.lows[i + 2] in {"weeks", "wks"}:
            j = i + 3
        elif low in {"alternate", "alternating", "biweekly", "fortnightly"}:
            j = i + 1
        elif low == "bi" and nxt in {"-", "weekly"}:
            j = i + 2 if nxt == "weekly" else i + 3
        elif low == "every" and nxt == "fortnight":
            j = i + 2
        if j == i:
            return i
        if self.lows[j] in {"week", "weeks", "wk"}:
            j += 1
        self.filler_tokens.update(range(i, j))
        phrase = self.frag(self.toks[i].start, self.toks[j - 1].end)
        self.guess(f'"{phrase}" read as every week; which weeks is not known')
        self.guesses += 2  # half of the weeks read are wrong: much less sure than a plain guess
        return j

    def same_times(self, i: int) -> int:
        """'Thu same', 'Wednesdays: same time', 'ditto': the times of the clause before."""
        low = self.lows[i]
        if low in {"too", "as"}:
            # "Tuesdays 6-8pm, Thursdays too / as well": the days just named take the times before
            j = i + 1 if low == "too" else i + 2
            if low == "as" and self.lows[i + 1] != "well":
                return i
            last = self.items[-1] if self.items else None
            timed = any(isinstance(x, TimeItem) and x.exprs for x in self.items)
            if not isinstance(last, DayItem) or not timed or self.kinds[j] in {"num", "clock"}:
                return i
            tok = self.toks[i]
            end = self.toks[j - 1].end
            self.items.append(TimeItem(tok.start, end, [Expr("same", tok.start, end)]))
            return j
        if low not in {"same", "ditto"}:
            return i
        j = i + 1
        while self.lows[j] in {
            "time",
            "times",
            "hours",
            "hrs",
            "slot",
            "slots",
            "window",
            "windows",
            "again",
        }:
            j += 1
        if self.lows[j] == "as" and (atom := self.day_atom(j + 1)) is not None:
            j = atom[1]  # "same as Tuesday": the times written just before
        tok = self.toks[i]
        end = self.toks[j - 1].end
        self.items.append(TimeItem(tok.start, end, [Expr("same", tok.start, end)]))
        return j

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
            if saw_time and saw_zone:
                # "3pm EST / 12pm PST on Tuesdays": the other zone's time ends at its zone
                while self.lows[j] in _ZONE_NOISE or self.lows[j] in _ZONE_LEADERS:
                    j += 1
                break
        if not (saw_time and saw_zone):
            return i
        if self.lows[j] == ")":
            j += 1
        self.filler_tokens.update(range(i, j))
        return j

    def filler(self, i: int) -> int:
        """A word understood to carry no time ("available", "the"); affirmations may end an exclusion."""
        tok = self.toks[i]
        if tok.low == "flexible" and self.items and isinstance(self.items[-1], DayItem):
            # "weekends flexible", "Saturdays are flexible": any time of those days
            k = i - 1
            while k > 0 and self.lows[k] in {":", "-", "are", "is", "pretty", "very", "fairly", "totally"}:
                k -= 1
            if k >= 0 and self.toks[k].end == self.items[-1].end:
                lo, hi = self.parts["program_day"]
                self.items.append(
                    TimeItem(tok.start, tok.end, [Expr("part", tok.start, tok.end, lo=lo, hi=hi)])
                )
                return i + 1
        self.filler_tokens.add(i)
        if tok.low in lx.AFFIRMATIONS:
            self.items.append(PosItem(tok.start, tok.end))
        return i + 1

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
            self.items.append(NegItem(tok.start, self.toks[i + 1].end, prefix_only=True))
            return i + 2
        if low in {"holiday", "holidays"} and self.items and isinstance(self.items[-1], NegItem):
            # public holidays differ by country; say so rather than guess
            self.warnings.append(f'"{tok.text}": public holidays are not known here; give the dates')
            self.filler_tokens.add(i)
            return i + 1
        if low in {"can't", "cant", "cannot", "can"} and self.lows[i + 1] in {"do", "make", "meet", "not"}:
            j = i + 2 if low != "can" or self.lows[i + 1] == "not" else i
            if j == i:
                return i
            self.items.append(NegItem(tok.start, self.toks[j - 1].end))
            return j
        described = self.kinds[i - 1] in {"mer", "num", "clock"}  # "after my 3pm class": names a time
        if (
            low in _BUSY
            and not described
            and self.day_atom(i) is None
            and self.lows[i - 1] not in AFTER_WORDS | BEFORE_WORDS
        ):
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
        if (
            low in {"off", "out"}
            and self.lows[i + 1] != "of"
            and self.single_date(self.skip_fillers(i + 1, frozenset({"on", "the"})))
        ):
            # "Mondays (off Dec 21) 2-3pm": off on a date, not the days before
            self.items.append(NegItem(tok.start, tok.end, prefix_only=True))
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
            prefix_only = low in {"except", "excluding", "exclude", "excl", "besides", "minus"}
            self.items.append(NegItem(tok.start, self.toks[j - 1].end, prefix_only=prefix_only))
            return j
        return i

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
        if low == "we":
            # "Mo/We", "We 10-12"; but "we can meet Monday" is a pronoun: a day only before a time or
            # next to another day of a list
            listed = (
                self.lows[i + 1] in {"/", "&", ","} and self.day_atom(i + 2, allow_letters=True) is not None
            )
            if (
                allow_letters
                or listed
                or self.kinds[i + 1] in {"num", "clock"}
                or self.lows[i - 1] in {"/", "&"}
            ):
                return frozenset({2}), i + 1
            return None
        if low in lx.WEEKDAYS and (
            low not in {"th", "tu", "mo", "fr", "sa", "su", "sun", "sat"}
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
        mixed = not (text.isupper() or text.islower())
        previous: int | None = None
        while k < len(lowered):
            for size in (2, 1):
                piece = lowered[k : k + size]
                fits = size == 1 or (k + 1 < len(text) and (text[k + 1].islower() or text.isupper()))
                if mixed and not text[k].isupper():
                    fits = False  # "TTh", "TuTh": each code starts with a capital; "Thrs" is no code
                if len(piece) == size and piece in lx.DAY_CODES and fits:
                    following = lowered[k + size : k + size + 1] or None
                    day = _letter_day(piece, previous, following)
                    days.add(day)
                    previous = day
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
        if low in {"t", "s"} and len(days) == 1 and letters:
            days = frozenset({self.letter_in_run(i)})
        last_day = next(iter(days)) if len(days) == 1 else None
        while self.lows[j] == "/" and (more := self.day_atom(j + 1, allow_letters=True)) is not None:
            found = more[0]
            if self.lows[j + 1] in {"t", "s"} and len(found) == 1:  # "M/T/W/T/F"
                following = self.lows[j + 3] if self.lows[j + 2] == "/" else None
                found = frozenset({_letter_day(self.lows[j + 1], last_day, following)})
            last_day = next(iter(found)) if len(found) == 1 else None
            days, j = days | found, more[1]
        if self.lows[j] in TIME_RANGE_WORDS | {"and"} and (self.lows[j] != "and" or low == "between"):
            end_atom = self.day_atom(j + 1, allow_letters=letters or self.lows[j] == "-")
            chained = (
                end_atom is not None
                and self.lows[end_atom[1]] == "-"
                and self.day_atom(end_atom[1] + 1, allow_letters=letters)
            )
            if end_atom is not None and chained:  # "Mon-Wed-Fri" lists days
                while self.lows[j] == "-" and (more := self.day_atom(j + 1, allow_letters=True)) is not None:
                    found = more[0]
                    if self.lows[j + 1] in {"t", "s"} and len(found) == 1:  # "M-T-W-T-F"
                        following = self.lows[j + 3] if self.lows[j + 2] == "-" else None
                        found = frozenset({_letter_day(self.lows[j + 1], last_day, following)})
                    last_day = next(iter(found)) if len(found) == 1 else None
                    days, j = days | found, more[1]
            elif end_atom is not None and len(days) == 1 and len(end_atom[0]) == 1:
                first, last = next(iter(days)), next(iter(end_atom[0]))
                span = (last - first) % 7
                days = frozenset((first + k) % 7 for k in range(span + 1))
                j = end_atom[1]
        self.items.append(DayItem(self.toks[start_index].start, self.toks[j - 1].end, weekdays=days))
        return j

    def letter_in_run(self, i: int) -> int:
        """'T' or 'S' written alone in a run of letters ('M T W T F', 'S M T W T F S')."""
        previous: int | None = None
        k = i - 1
        if self.lows[k] in {"/", ",", "-", "&"}:
            k -= 1
        last = next((x for x in reversed(self.items) if not isinstance(x, SepItem)), None)
        if (
            k >= 0
            and len(self.toks[k].text) <= 2
            and isinstance(last, DayItem)
            and last.weekdays is not None
            and len(last.weekdays) == 1
            and last.end == self.toks[k].end
        ):
            previous = next(iter(last.weekdays))
        following = self.lows[i + 1] if self.lows[i + 1] not in {"/", ",", "-", "&"} else self.lows[i + 2]
        return _letter_day(self.lows[i], previous, following or None)

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
        if tok.text in {"M", "T", "W", "R", "F"} and self.kinds[i + 1] in {"num", "clock"}:
            return True  # "M 9-10": one day code before a time
        for joiner, other in ((i + 1, i + 2), (i - 1, i - 2)):
            if self.lows[joiner] in {"/", "-", ",", "&", "and", "+"} and code(other):  # "M/W/F", "T, Th"
                return True
        return False


Reader.PRODUCTIONS = (
    Reader.negation,
    Reader.zone,
    Reader.validity,
    Reader.date,
    Reader.relative,
    Reader.alternating,
    Reader.same_times,
    Reader.every_part,
    Reader.days,
    Reader.times,
)
Reader.NUM_PRODUCTIONS = (Reader.date, Reader.times)
Reader.TIME_PRODUCTIONS = (Reader.times,)
Reader.DATE_PRODUCTIONS = (Reader.date, Reader.times)
Reader.DAY_PRODUCTIONS = (Reader.days,)
