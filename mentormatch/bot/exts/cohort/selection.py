"""Read which proposals `!approve_proposals` should book: `all`, or ids ("101 102", "#101, #102"). Pure."""

from __future__ import annotations

import re
from typing import Literal

from mentormatch.bot.formatting import truncate

__all__ = ["parse_selection"]

_ID = re.compile(r"#?([0-9]{1,18})")


def parse_selection(text: str) -> list[int] | Literal["all"]:
    """`"all"` or the ids in the order given, each once. Raises ValueError with a message for the admin."""
    tokens = [token for token in re.split(r"[\s,]+", text.strip()) if token]
    if not tokens:
        raise ValueError("Say `all` or give proposal ids such as `101 102`.")
    if any(token.casefold() == "all" for token in tokens):
        if len(tokens) > 1:
            raise ValueError("Say either `all` or proposal ids, not both.")
        return "all"
    ids: list[int] = []
    for token in tokens:
        match = _ID.fullmatch(token)
        if match is None or int(match.group(1)) < 1:
            shown = truncate(token.replace("`", "'"), 40)
            raise ValueError(f"`{shown}` is not a proposal id: use the numbers `!auto_match` shows.")
        ids.append(int(match.group(1)))
    return list(dict.fromkeys(ids))
