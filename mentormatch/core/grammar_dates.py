"""Date rules of the grammar: 'Dec 14', '12/15', 'Dec 14-18', 'the week of Jan 4', 'tomorrow'."""

from __future__ import annotations

import datetime as dt

from mentormatch.core import lexicon as lx
from mentormatch.core.grammar_base import TIME_RANGE_WORDS, ReaderBase
from mentormatch.core.items import DayItem, Expr, TimeItem

__all__ = ["DateRules"]


class DateRules(ReaderBase):
    """Dates and date ranges, absolute and relative to `today`."""

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
        if self.lows[i + 1] in TIME_RANGE_WORDS and self.kinds[i + 3] == "mer" and self.kinds[i + 2] == "num":
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
            if month > 12 >= day and not tok.text[:4].isdigit():  # 15/12: day first (never 2026-13-01)
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
                if not tok.value[1]:  # only an ordinal ("the 14th") names a day of the month alone
                    return None
                # the next such day: this month if it is still ahead, else next month
                month, year_now = self.today.month, self.today.year
                if day < self.today.day:
                    month, year_now = (1, year_now + 1) if month == 12 else (month + 1, year_now)
                found = self.make_date(year_now, month, day, tok.start, tok.end)
                return found, i + 1, month
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
        if self.lows[j] in TIME_RANGE_WORDS or (self.lows[j] == "and" and prefix == "between"):
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
            if day <= dates[-1].day or self.lows[j + 2] in TIME_RANGE_WORDS:
                break
            try:
                dates = (*dates, dates[-1].replace(day=day))
            except ValueError:
                break
            j += 2
        self.items.append(DayItem(self.toks[start_index].start, self.toks[j - 1].end, dates=dates))
        return j

    def validity(self, i: int) -> int:
        """'Mondays 2-3pm until Dec 20', 'Tuesdays starting Jan 5': a date bounding weekly days is when
        they hold, not a day of its own. Only next to weekly days; 'until Dec 18' alone is every day."""
        low = self.lows[i]
        j = i + 1
        if low in {"as", "effective"} and self.lows[j] in {"of", "from"}:
            j += 1
        if low in {"from", "starting", "as", "beginning", "effective"} and self.lows[j] in {"now", "today"}:
            if self.lows[j] == "today" and low in {"from", "as"} and j == i + 1:
                return i  # "from today" may be a date of its own
            self.filler_tokens.update(range(i, j + 1))  # "from now until Dec 20", "as of now"
            return j + 1
        if low in {"until", "till", "through", "by", "thru", "ending", "ends"}:
            bound = "until"
        elif low in {"starting", "beginning", "from", "after", "as", "effective", "begins", "starts"}:
            bound = "from"
        else:
            return i
        found = self.single_date(self.skip_fillers(j, frozenset({"the"})))  # "until the 20th"
        if found is None or found[0] is None:
            return i
        day: dt.date = found[0]
        k = found[1]
        last: dt.date | None = None
        if bound == "from" and self.lows[k] in TIME_RANGE_WORDS - {"-"}:
            second = self.single_date(k + 1)  # "Tuesdays 4-6pm from Jan 4 through Feb 26"
            if second is None or second[0] is None or second[0] < day:
                return i
            last, k = second[0], second[1]
        if self.lows[k] in TIME_RANGE_WORDS or self.lows[k] == "and" or self.kinds[k] in {"num", "clock"}:
            return i  # "from Dec 14 to Dec 18", "starting Jan 5 at 3pm": dates, not a bound
        if self.items and isinstance(self.items[-1], DayItem):
            return i  # "Weekdays until Dec 4": the days filter the dates, as 'Mondays in January' does
        weekly = any(isinstance(x, DayItem) and x.weekdays is not None for x in self.items)
        following = self.skip_fillers(k + 1 if self.lows[k] == "," else k, frozenset({"on", "every", "the"}))
        if not weekly and self.day_atom(following) is None:
            return i
        phrase = self.frag(self.toks[i].start, self.toks[k - 1].end)
        if bound == "until":
            self.valid_until = day if self.valid_until is None else min(self.valid_until, day)
            self.warnings.append(f'"{phrase}": the weekly times hold until {day:%b} {day.day}, {day.year}')
        else:
            self.valid_from = day if self.valid_from is None else max(self.valid_from, day)
            held = f"from {day:%b} {day.day}, {day.year}"
            if last is not None:
                self.valid_until = last if self.valid_until is None else min(self.valid_until, last)
                held += f" to {last:%b} {last.day}, {last.year}"
            self.warnings.append(f'"{phrase}": the weekly times hold {held}')
        self.filler_tokens.update(range(i, k))
        return k

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
