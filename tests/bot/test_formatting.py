from datetime import UTC, datetime

from mentormatch.bot.formatting import discord_time, escape, paginate, truncate


def test_truncate_keeps_short_text_as_it_is() -> None:
    assert truncate("Jane Doe", 20) == "Jane Doe"


def test_truncate_cuts_long_text_to_the_limit_with_an_ellipsis() -> None:
    cut = truncate("a" * 50, 10)
    assert len(cut) == 10
    assert cut.endswith("…")


def test_discord_time_renders_the_instant_in_the_readers_zone() -> None:
    moment = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)
    assert discord_time(moment) == f"<t:{int(moment.timestamp())}:F>"
    assert discord_time(moment, "R").endswith(":R>")


def test_escape_neutralises_markdown_and_mentions() -> None:
    assert escape("**Jane** @everyone") == "\\*\\*Jane\\*\\* @\u200beveryone"


def test_paginate_puts_everything_on_one_page_when_it_fits() -> None:
    assert paginate(["one", "two"], header="List:") == ["List:\none\ntwo"]


def test_paginate_never_exceeds_the_message_limit_and_never_splits_a_block() -> None:
    blocks = [f"block {i} " + "x" * 300 for i in range(20)]
    pages = paginate(blocks, header="Header", max_pages=10)
    assert all(len(page) <= 2000 for page in pages)
    assert len(pages) > 1
    joined = "\n".join(pages)
    assert all(block in joined for block in blocks)


def test_paginate_summarises_what_does_not_fit_in_the_page_budget() -> None:
    blocks = [f"line {i:03d} " + "y" * 90 for i in range(200)]
    pages = paginate(blocks, max_pages=2)
    assert len(pages) == 2
    assert all(len(page) <= 2000 for page in pages)
    shown = sum(page.count("line ") for page in pages)
    assert pages[-1].endswith(f"…and {200 - shown} more.")


def test_paginate_truncates_a_single_block_longer_than_a_page() -> None:
    pages = paginate(["z" * 5000])
    assert len(pages) == 1
    assert len(pages[0]) <= 2000


def test_paginate_counts_multi_line_blocks_left_out_as_whole_blocks() -> None:
    blocks = [f"block {i:03d}\n  detail " + "d" * 150 for i in range(100)]
    pages = paginate(blocks, header="Header", max_pages=2)
    assert all(len(page) <= 2000 for page in pages)
    shown = sum(page.count("block ") for page in pages)
    assert sum(page.count("detail ") for page in pages) == shown
    assert pages[-1].endswith(f"…and {100 - shown} more.")


def test_paginate_counts_items_that_were_not_given_among_those_left_out() -> None:
    pages = paginate(["one", "two"], header="List:", not_given=5)
    assert pages == ["List:\none\ntwo\n…and 5 more."]
