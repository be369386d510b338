"""`mentormatch parse`: the DESIGN.md contract, in-process and as a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mentormatch.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    assert main(list(args), stdin=io.StringIO(stdin), stdout=out) == 0
    return out.getvalue()


def test_json_output_is_the_parse_contract_object() -> None:
    data = json.loads(run("parse", "--now", "2026-12-01", "--json", "Friday Dec 18, 1-2pm ET"))
    assert data == {
        "text": "Friday Dec 18, 1-2pm ET",
        "windows": [
            {
                "weekday": None,
                "date": "2026-12-18",
                "start": "13:00",
                "end": "14:00",
                "tz": "America/New_York",
            }
        ],
        "exclusions": [],
        "confidence": 1.0,
        "warnings": [],
    }


def test_the_words_of_the_text_may_come_as_separate_arguments() -> None:
    data = json.loads(run("parse", "--json", "Monday", "2-3", "PM"))
    assert data["text"] == "Monday 2-3 PM"
    assert data["windows"] == [{"weekday": 0, "date": None, "start": "14:00", "end": "15:00", "tz": None}]


def test_jsonl_writes_one_object_per_input_line() -> None:
    lines = [
        {"text": "Dec 14 3-5pm", "now": "2026-12-01"},
        {"text": "Tuesday 2-4", "tz": "America/Chicago"},
        {"text": "asdf"},
    ]
    out = run("parse", "--jsonl", stdin="\n".join(json.dumps(x) for x in lines) + "\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows] == ["Dec 14 3-5pm", "Tuesday 2-4", "asdf"]
    assert rows[0]["windows"] == [
        {"weekday": None, "date": "2026-12-14", "start": "15:00", "end": "17:00", "tz": None}
    ]
    assert rows[1]["warnings"] == ['"2-4" read as 2:00-4:00 PM']
    assert rows[2]["windows"] == [] and rows[2]["warnings"]
    assert set(rows[0]) == {"text", "windows", "exclusions", "confidence", "warnings"}


def test_jsonl_reports_a_broken_line_and_goes_on() -> None:
    out = run("parse", "--jsonl", stdin='not json\n{"text": "Monday 9-5"}\n')
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["windows"] == [] and first["warnings"][0].startswith("line 1:")
    assert second["windows"][0]["start"] == "09:00"


def test_the_readable_output_is_a_table_in_the_persons_zone_with_the_warnings() -> None:
    out = run(
        "parse", "--tz", "America/Chicago", "--now", "2026-12-01", "Monday 2-4 EST, Wed 9-5 except 12-1"
    )
    assert "America/Chicago (the person's zone)" in out
    assert "Monday" in out and "14:00" in out and "16:00" in out
    assert "Mon 13:00-15:00" in out  # 2-4 PM in New York is 1-3 PM in Chicago
    assert "Wednesday" in out and "13:00" in out
    assert "exclusions:" in out


def test_the_readable_output_lists_warnings() -> None:
    out = run("parse", "Tuesday 2-4 plus something odd")
    assert "warnings:" in out
    assert '"2-4" read as 2:00-4:00 PM' in out
    assert '"something odd" not understood' in out


def test_the_console_script_runs_as_a_subprocess() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "mentormatch.cli", "parse", "--json", "--now", "2026-12-01", "Jan 5 morning"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    data = json.loads(completed.stdout)
    assert data["windows"] == [
        {"weekday": None, "date": "2027-01-05", "start": "08:00", "end": "12:00", "tz": None}
    ]


def test_jsonl_runs_as_a_subprocess() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "mentormatch.cli", "parse", "--jsonl"],
        cwd=ROOT,
        input='{"text": "weekends"}\n{"text": "TTh 1-3pm"}\n',
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rows = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [len(r["windows"]) for r in rows] == [2, 2]


def test_a_bad_zone_is_refused_with_a_message() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "mentormatch.cli", "parse", "--tz", "Narnia", "Monday"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 2
    assert "Narnia" in completed.stderr


def test_the_installed_console_script_prints_the_contract_object() -> None:
    script = Path(sys.executable).with_name("mentormatch")
    if not script.exists():
        pytest.skip("the package is not installed with its console script in this environment")
    completed = subprocess.run(
        [str(script), "parse", "--json", "--now", "2026-12-01", "TTh 1-3pm"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    data = json.loads(completed.stdout)
    assert [w["weekday"] for w in data["windows"]] == [1, 3]
    assert {(w["start"], w["end"]) for w in data["windows"]} == {("13:00", "15:00")}


def _jsonl_rows(stdin: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in run("parse", "--jsonl", stdin=stdin).splitlines()]


def test_jsonl_reports_a_line_with_an_unknown_zone() -> None:
    bad, good = _jsonl_rows('{"text": "Monday 2pm", "tz": "Nope/Zone"}\n{"text": "Monday 2pm", "tz": "CT"}\n')
    assert bad["text"] is None and bad["windows"] == []
    assert "line 1" in str(bad["warnings"]) and "Nope/Zone" in str(bad["warnings"])
    assert good["text"] == "Monday 2pm"


def test_jsonl_reports_a_missing_text_and_a_text_that_is_not_a_string_alike() -> None:
    empty, number = _jsonl_rows('{}\n{"text": 5}\n')
    for number_of_line, row in enumerate((empty, number), start=1):
        assert row["text"] is None
        assert f"line {number_of_line}" in str(row["warnings"]) and "'text'" in str(row["warnings"])


def test_jsonl_reports_a_now_out_of_range() -> None:
    (row,) = _jsonl_rows('{"text": "Jan 2 2pm", "now": "9999-12-30"}\n')
    assert row["text"] is None and "out of range" in str(row["warnings"])


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mentormatch.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_parse_without_a_text_exits_2_with_the_usage() -> None:
    completed = _run_cli("parse")
    assert completed.returncode == 2
    assert "usage: mentormatch parse" in completed.stderr and "availability text" in completed.stderr
    assert completed.stdout == ""


def test_a_now_out_of_range_is_refused_with_a_message() -> None:
    completed = _run_cli("parse", "--now", "9999-12-30", "Jan 2 2pm")
    assert completed.returncode == 2
    assert "out of range" in completed.stderr and "Traceback" not in completed.stderr


def test_the_readable_output_shows_when_weekly_times_hold() -> None:
    out = run("parse", "--now", "2026-12-01", "Mondays 2-3pm until Dec 20")
    assert "weekly times hold: now to 2026-12-20" in out
    assert "Monday" in out and "2026-12-0" not in out.split("windows")[1].split("warnings")[0]
