"""Text helpers shared by every feature: Discord's limits, timestamps, pagination. Pure, no Discord calls."""

from __future__ import annotations

from collections.abc import Sequence
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
    not_given: int = 0,
) -> list[str]:
    """Pack text blocks into messages of at most `limit` characters, never splitting a block.

    The header starts the first page. A block longer than a page is truncated. When the blocks need more
    than `max_pages` pages, or `not_given` more items exist than were passed, the last page ends with `more`
    formatted with how many were left out in all.
    """
    reserve = len(more.format(count=len(blocks) + not_given)) + 1
    pages: list[list[str]] = [[header] if header else []]
    fixed = 1 if header else 0  # leading parts of the current page that are not blocks
    left_out = not_given

    def fits(parts: list[str]) -> bool:
        return len("\n".join(parts)) <= limit

    for index, raw in enumerate(blocks):
        block = truncate(raw, limit - reserve)
        page = pages[-1]
        if fits([*page, block]):
            page.append(block)
        elif len(pages) < max_pages:
            pages.append([block])
            fixed = 0
        else:
            left_out += len(blocks) - index
            break
    if left_out:
        page = pages[-1]
        while len(page) > fixed and not fits([*page, more.format(count=left_out)]):
            page.pop()  # make room for the summary: that block is left out too
            left_out += 1
        page.append(more.format(count=left_out))
    return ["\n".join(page) for page in pages if page]
