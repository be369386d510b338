"""Texts of the cohort commands and the reading of `!approve_proposals`' selection, without Discord."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mentormatch.bot.exts.cohort.formatting import approvals_pages, auto_match_pages
from mentormatch.bot.exts.cohort.selection import parse_selection
from mentormatch.bot.formatting import MESSAGE_LIMIT
from mentormatch.bot.models import Approvals, AutoMatch

ZONE = "America/New_York"


def placed(i: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": 100 + i,
        "status": "proposed",
        "student": {"id": i, "name": f"Student {i:03d}", "discord_id": ""},
        "professional": {"id": 9, "name": "John Roe"},
        "start": "2026-12-07T15:30:00-05:00",
        "end": "2026-12-07T16:00:00-05:00",
        "label": "Mon Dec 7, 3:30 PM EST",
        "score": 81.2,
        "reasons": ["Reviews for Finance."],
        **extra,
    }


NO_OVERLAP = "No professional's availability overlaps the student's."


def unplaced(i: int, message: str = NO_OVERLAP) -> dict[str, Any]:
    return {
        "id": 900 + i,
        "status": "unplaced",
        "student": {"id": 500 + i, "name": f"Late {i:03d}", "discord_id": ""},
        "reason": {"code": "no_options", "message": message},
    }


def result(proposals: list[dict[str, Any]], left: list[dict[str, Any]], **run: Any) -> AutoMatch:
    counts = {"id": 7, "requests": len(proposals) + len(left), "placed": len(proposals), **run}
    return AutoMatch.from_json({"run": counts, "proposals": proposals, "unplaced": left})


def test_a_proposal_shows_its_id_people_score_and_time_in_the_program_zone() -> None:
    (page,) = auto_match_pages(result([placed(1)], []), zone="America/Chicago")
    assert "`#101` **Student 001** → **John Roe** · Mon Dec 7, 2:30 PM CST · score 81.2" in page
    assert "Times in America/Chicago." in page


def test_the_summary_counts_placed_of_pending_beside_one_at_a_time() -> None:
    (page,) = auto_match_pages(result([placed(1), placed(2)], [unplaced(1)], greedy_placed=1), zone=ZONE)
    assert page.startswith(
        "🧩 **Auto-match** run 7: placed **2** of 3 pending students (one at a time would place 1)."
    )
    assert "`!approve_proposals all`" in page


def test_unplaced_students_come_after_the_proposals_with_their_reason() -> None:
    (page,) = auto_match_pages(result([placed(1)], [unplaced(1, "Every professional is full.")]), zone=ZONE)
    assert page.index("`#101`") < page.index("**Not placed** (1):")
    assert "• **Late 001**: Every professional is full." in page


def test_a_run_that_placed_nobody_says_so_and_still_lists_why() -> None:
    (page,) = auto_match_pages(result([], [unplaced(1)]), zone=ZONE)
    assert "No student could be placed." in page
    assert "• **Late 001**: No professional's availability overlaps" in page


def test_a_run_with_nothing_pending_says_there_is_nothing_to_match() -> None:
    assert auto_match_pages(result([], []), zone=ZONE) == ["🎉 No pending review requests to match."]


def test_a_large_run_is_split_within_discords_limit_and_counts_what_it_leaves_out() -> None:
    run = result([placed(i) for i in range(300)], [unplaced(i) for i in range(100)])
    pages = auto_match_pages(run, zone=ZONE)
    assert all(len(page) <= MESSAGE_LIMIT for page in pages)
    assert len(pages) <= 6
    text = "\n".join(pages)
    shown = sum(1 for i in range(300) if f"`#{100 + i}`" in text)
    assert f"…and {300 - shown} more proposals (`!approve_proposals all` books them too)" in text
    shown_unplaced = sum(1 for i in range(100) if f"**Late {i:03d}**" in text)
    assert 0 < shown_unplaced < 100
    assert f"…and {100 - shown_unplaced} more not placed" in text


def test_names_from_people_cannot_format_the_message() -> None:
    (page,) = auto_match_pages(result([placed(1, student={"name": "Jane *Doe* @everyone"})], []), zone=ZONE)
    assert "**Jane \\*Doe\\* @\u200beveryone**" in page


def approvals(*outcomes: dict[str, Any]) -> Approvals:
    return Approvals.from_json({"results": list(outcomes)})


BOOKED = {"proposal_id": 101, "outcome": "booked", "session_id": 5, "start": "2026-12-07T20:30:00+00:00"}
REFUSED = {
    "proposal_id": 102,
    "outcome": "refused",
    "code": "already_booked",
    "message": "That time is taken.",
}
SKIPPED = {
    "proposal_id": 103,
    "outcome": "skipped",
    "code": "not_open",
    "message": "This proposal is booked.",
}


def test_approvals_count_booked_refused_and_skipped() -> None:
    (page,) = approvals_pages(approvals(BOOKED, REFUSED, SKIPPED), zone=ZONE)
    assert page.startswith("📅 Booked **1** of 3 proposals; 1 refused; 1 skipped. Times in America/New_York.")


def test_each_refusal_says_why_and_comes_before_the_bookings() -> None:
    (page,) = approvals_pages(approvals(BOOKED, REFUSED, SKIPPED), zone=ZONE)
    assert "✖️ `#102` refused: That time is taken." in page
    assert "⏭️ `#103` skipped: This proposal is booked." in page
    assert "✅ `#101` booked for Mon Dec 7, 3:30 PM EST" in page
    assert page.index("`#102`") < page.index("`#103`") < page.index("`#101`")


def test_a_refusal_without_a_message_shows_its_code_in_words() -> None:
    refused = {"proposal_id": 4, "outcome": "refused", "code": "weekly_limit"}
    (page,) = approvals_pages(approvals(refused), zone=ZONE)
    assert "✖️ `#4` refused: weekly limit" in page


def test_nothing_to_approve_points_at_auto_match() -> None:
    assert approvals_pages(approvals(), zone=ZONE) == [
        "There are no open proposals to approve. Run `!auto_match` first."
    ]


def test_many_approvals_fit_discords_limit_and_keep_every_refusal_first() -> None:
    booked = [{**BOOKED, "proposal_id": 1000 + i} for i in range(400)]
    pages = approvals_pages(approvals(*booked, REFUSED), zone=ZONE)
    assert all(len(page) <= MESSAGE_LIMIT for page in pages)
    assert "`#102` refused" in pages[0]
    assert "more: see the admin site" in pages[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all", "all"),
        (" ALL ", "all"),
        ("101", [101]),
        ("101 102", [101, 102]),
        ("#101, #102,103", [101, 102, 103]),
        ("102 101 102", [102, 101]),
    ],
)
def test_the_selection_reads_all_or_ids(text: str, expected: object) -> None:
    assert parse_selection(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Say `all` or give proposal ids"),
        ("all 101", "not both"),
        ("soon", "`soon` is not a proposal id"),
        ("0", "`0` is not a proposal id"),
        ("101 -2", "`-2` is not a proposal id"),
        ("`x`", "`'x'` is not a proposal id"),
    ],
)
def test_a_selection_that_is_not_all_or_ids_is_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_selection(text)
