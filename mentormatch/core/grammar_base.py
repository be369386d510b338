"""State shared by the grammar's rules: the tokens, their lower-case text and kinds, what was read."""

from __future__ import annotations

import datetime as dt

from mentormatch.core import lexicon as lx
from mentormatch.core.items import Item
from mentormatch.core.tokens import Token

__all__ = [
    "AFTER_WORDS",
    "AT_WORDS",
    "BEFORE_WORDS",
    "MIDNIGHT",
    "NOON",
    "TIME_RANGE_WORDS",
    "UNITS",
    "ReaderBase",
]

NOON, MIDNIGHT = 720, 0
TIME_RANGE_WORDS = frozenset({"to", "till", "til", "until", "untill", "thru", "through", "-"})
UNITS = lx.words(
    """
    min mins minute minutes hour hours hr hrs h day days week weeks sessions session students people
    reviews review times per x mo months month year years yrs pm's slots
    """
)
AFTER_WORDS = frozenset({"after", "since", "past", "from", "starting", "beginning", "later", "post"})
BEFORE_WORDS = frozenset({"before", "until", "till", "til", "untill", "by", "prior"})
AT_WORDS = frozenset({"at", "around", "about", "approx", "approximately", "@", "~", "near"})


class ReaderBase:
    """One pass over the tokens of one text: the state every rule reads and writes."""

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
        self.valid_from: dt.date | None = None  # "Mondays 2-3pm starting Jan 5"
        self.valid_until: dt.date | None = None  # "Mondays 2-3pm until Dec 20"
        # Lower-case text and kind of each token, with empty sentinels so that i - 2 .. i + 4 never fail.
        pad = ["", "", "", "", ""]
        self.lows: list[str] = [t.low for t in tokens] + pad
        self.kinds: list[str] = [t.kind for t in tokens] + pad

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

    def day_atom(self, i: int, *, allow_letters: bool = False) -> tuple[frozenset[int], int] | None:
        """A day name, set or code at i (the day rules define it)."""
        raise NotImplementedError

    def single_date(self, i: int) -> tuple[dt.date | None, int, int] | None:
        """A date at i (the date rules define it)."""
        raise NotImplementedError
