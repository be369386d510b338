"""The shared example table and the project's own table: every phrase gives its expected net windows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from mentormatch.core.timetext import parse_availability

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_TODAY = dt.date(2026, 12, 1)


def _rows(name: str) -> list[dict[str, Any]]:
    path = DATA / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(window: dict[str, Any]) -> tuple[Any, ...]:
    return (
        window["weekday"] if window["weekday"] is not None else -1,
        window["date"] or "",
        window["start"],
        window["end"],
        window["tz"] or "",
    )


def _check(row: dict[str, Any]) -> None:
    today = dt.date.fromisoformat(row["now"]) if row.get("now") else DEFAULT_TODAY
    result = parse_availability(row["text"], today=today)
    got = sorted(_key(w.to_json()) for w in result.net_windows())
    expected = sorted(_key(w) for w in row["expect"])
    assert got == expected, f"{row['text']!r} read as {got}, warnings {result.warnings}"
    if row.get("expect_warning"):
        assert result.warnings, f"{row['text']!r} gave no warning"
    for fragment in row.get("warning_mentions", ()):
        assert any(fragment in w for w in result.warnings), f"{row['text']!r}: no warning quotes {fragment!r}"


@pytest.mark.parametrize("row", _rows("availability_examples.jsonl"), ids=lambda r: r["text"][:60])
def test_each_shared_example_gives_its_expected_net_windows(row: dict[str, Any]) -> None:
    _check(row)


@pytest.mark.parametrize("row", _rows("availability_more.jsonl"), ids=lambda r: r["text"][:60])
def test_each_phrase_of_our_own_table_gives_its_expected_net_windows(row: dict[str, Any]) -> None:
    _check(row)


def test_our_own_table_holds_at_least_300_phrases() -> None:
    rows = _rows("availability_more.jsonl")
    assert len(rows) >= 300
    assert len({row["text"] for row in rows}) == len(rows)
