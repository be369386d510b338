"""Text helpers shared by every feature: Discord's limits, timestamps, pagination. Pure, no Discord calls."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

MESSAGE_LIMIT = 2000
# More pages than this would flood a channel; the rest is summarised in the last page.
MAX_PAGES = 5


def truncate(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def discord_time(moment: datetime, style: str = "F") -> str:
    """Discord timestamp markup: every reader sees `moment` in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def escape(text: str) -> str:
    """Neutralise markdown and mentions in text that came from people (names, free-text answers)."""
    out = text.replace("\\", "\\\\")
    for char in "*_`~|>":
        out = out.replace(char, "\\" + char)
    return out.replace("@", "@\u200b")


def paginate(
    blocks: Sequence[str],
    *,
    header: str = "",
    limit: int = MESSAGE_LIMIT,
    max_pages: int = MAX_PAGES,
    more: str = "…and {count} more.",
) -> list[str]:
    """Pack text blocks into messages of at most `limit` characters, never splitting a block.

    The header starts the first page. A block longer than a page is truncated. When the blocks need more
    than `max_pages` pages, the last page ends with `more` formatted with how many blocks were left out.
    """
    pages: list[str] = []
    current = header
    reserve = len(more.format(count=len(blocks))) + 2
    for index, raw in enumerate(blocks):
        block = truncate(raw, limit - reserve)
        candidate = f"{current}\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if len(pages) + 1 >= max_pages:
            tail = more.format(count=len(blocks) - index)
            while len(current) + len(tail) + 1 > limit and "\n" in current:
                # Not enough room for the summary: drop the last block shown and count it as left out.
                current = current.rsplit("\n", 1)[0]
                index -= 1
                tail = more.format(count=len(blocks) - index)
            pages.append(f"{current}\n{tail}" if current else tail)
            return pages
        pages.append(current)
        current = block
    if current:
        pages.append(current)
    return pages


def bullet_lines(items: Iterable[str], bullet: str = "•") -> list[str]:
    return [f"{bullet} {item}" for item in items]
