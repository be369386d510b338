"""Tokenizer for availability text: one pass of one regular expression, each token keeping its span.

Spans let every warning quote the exact fragment of the original text it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mentormatch.core.lexicon import DAY_SETS, SHORTHANDS, WEEKDAYS
from mentormatch.core.zones import canonical_zone

__all__ = ["Token", "tokenize"]


@dataclass(slots=True)
class Token:
    kind: str  # num clock date word mer zone offset dash punct nl other
    text: str  # as written
    low: str  # lower case
    start: int
    end: int
    value: Any = None
    glued: bool = False  # no space between this token and the previous one


_PATTERN = re.compile(
    r"""
    (?P<nl>\r?\n|\u2028)
  | (?P<space>[^\S\n\u2028]+)
  | (?P<always>24\s?/\s?7|24\s?x\s?7(?![\d]))
  | (?P<iso>\d{4}-\d{1,2}-\d{1,2}(?![\d:]))
  | (?P<slashdate>\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/]))
  | (?P<clock>\d{1,2}(?::|\.(?=\d\d(?![\d.]))|h(?=\d\d\b))\d{2}(?!\d)|\d{1,2}h(?![a-z]))
  | (?P<num>\d+(?:st|nd|rd|th)?(?![a-z\d])|\d+)
  | (?P<offset>(?:utc|gmt)\s?[+\-−]\s?\d{1,2}(?::?\d{2})?(?!\d))
  | (?P<mer>[ap]\.\s?m\.?(?![a-z])|[ap]m(?![a-z])|[ap](?![a-z.']))
  | (?P<word>[a-z]+(?:['’][a-z]+)*)
    (?P<zonetail>(?:_[a-z]+)*/[a-z_]+(?:['’][a-z]+)?(?:/[a-z_]+(?:['’][a-z]+)?)?)?
  | (?P<dash>[\-–—−~]+|‐)
  | (?P<punct>[,;/&+().:!?|\[\]•*@"'’‘“”])
  | (?P<other>.)
    """,
    re.VERBOSE | re.IGNORECASE,
)


def _num(text: str) -> tuple[int, bool]:
    digits = text.rstrip("stndrh")
    return int(digits), digits != text


def _word_low(raw: str) -> str:
    """The lower-case form a word is read as: 'Thurs’s' -> 'thurs', 'tmrw' -> 'tomorrow'."""
    low = raw.lower().replace("’", "'")
    if low.endswith("'s") and len(low) > 4 and (low[:-2] in WEEKDAYS or low[:-2] in DAY_SETS):
        low = low[:-2]  # "Thurs's", "Saturday's", "weekend's": a plural written with an apostrophe
    return SHORTHANDS.get(low, low)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    last_end = -1
    for match in _PATTERN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "space":
            continue
        start, end = match.span()
        raw = match.group()
        glued = start == last_end
        last_end = end
        if kind == "zonetail":  # "America/New_York", or "Tue/Thu" that only looks like one
            kind = "zone"
        if kind == "always":  # "24/7": any time of the day
            append(Token("word", raw, "anytime", start, end, None, glued))
            continue
        if kind == "word":
            low = raw.lower()
            low = _word_low(raw) if "'" in low or "’" in low else SHORTHANDS.get(low, low)
            append(Token("word", raw, low, start, end, None, glued))
            continue
        low = raw.lower()
        value: Any = None
        if kind == "num":
            number, ordinal = _num(low)
            value = (number, ordinal, len(low.rstrip("stndrh")), raw.startswith("0") and len(raw) > 1)
        elif kind == "mer":
            value = "am" if low.startswith("a") else "pm"
        elif kind == "dash":
            low = "-"
        elif kind == "iso":
            kind, value = "date", tuple(int(part) for part in raw.split("-"))
        elif kind == "slashdate":
            parts = [int(part) for part in raw.split("/")]
            written = parts[2] if len(parts) == 3 else None
            if written is not None and written < 100:
                written += 2000
            kind, value = "date", (written, parts[0], parts[1])
        elif kind == "offset":
            value = low
        elif kind == "clock":
            hours, minutes = re.split(r"[:.h]", low)[:2] if re.search(r"[:.h]\d", low) else (low[:-1], "0")
            hour = int(hours)
            value = (hour, int(minutes or 0), raw.startswith("0") or hour > 12 or hour == 0)
        elif kind == "zone":
            zone = canonical_zone(raw)
            if zone is None:
                # "Tue/Thu" and "M/W/F" look like zone names: split them back into words and slashes.
                for piece in re.finditer(r"[A-Za-z]+(?:['’][A-Za-z]+)*(?:_[A-Za-z]+)*|/", raw):
                    text_piece = piece.group()
                    append(
                        Token(
                            "punct" if text_piece == "/" else "word",
                            text_piece,
                            "/" if text_piece == "/" else _word_low(text_piece),
                            start + piece.start(),
                            start + piece.end(),
                            None,
                            glued or piece.start() > 0,
                        )
                    )
                continue
            value = zone
        append(Token(kind, raw, low, start, end, value, glued))
    return tokens
