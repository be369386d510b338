"""`mentormatch` command line: `mentormatch parse [--tz ZONE] [--now YYYY-MM-DD] [--json] TEXT`.

`--jsonl` reads JSON Lines on stdin, each {"text": ..., "tz": optional, "now": optional}, and writes one
parse-contract object per line. Pure core only: no Django setup, so it starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from mentormatch.core.availability import ParseResult, Window, format_minutes
from mentormatch.core.timetext import parse_availability
from mentormatch.core.zones import resolve_zone

__all__ = ["main"]

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _zone_arg(value: str) -> str:
    zone, warnings = resolve_zone(value)
    if zone is None:
        raise argparse.ArgumentTypeError(warnings[0] if warnings else f"{value!r} is not a time zone")
    return zone


# Days relative dates can be read from: far enough for any program, near enough that a year later still
# exists (no date arithmetic can overflow).
_FIRST_NOW, _LAST_NOW = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def _date_arg(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD") from None
    if not _FIRST_NOW <= day <= _LAST_NOW:
        raise argparse.ArgumentTypeError(
            f"{value!r} is out of range; give a date from {_FIRST_NOW} to {_LAST_NOW}"
        )
    return day


def _today(zone: str) -> dt.date:
    return dt.datetime.now(ZoneInfo(zone)).date()


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mentormatch", description="mentormatch tools")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser(
        "parse",
        help="show what an availability text is read as",
        description="Show what an availability text is read as (windows, exclusions, confidence, warnings).",
    )
    parse.add_argument(
        "--tz", type=_zone_arg, default=None, help="the person's time zone (default: program's)"
    )
    parse.add_argument(
        "--now", type=_date_arg, default=None, help="today's date, YYYY-MM-DD (default: today)"
    )
    parse.add_argument("--json", action="store_true", help="print the parse contract object as JSON")
    parse.add_argument(
        "--jsonl", action="store_true", help="read JSON Lines on stdin, write one object per line"
    )
    parse.add_argument("text", nargs="*", help="the availability text")
    parse.set_defaults(parse_parser=parse)
    return parser


def _describe_day(window: Window) -> str:
    if window.date is not None:
        return f"{_DAYS[window.date.weekday()][:3]} {window.date.isoformat()}"
    assert window.weekday is not None
    return _DAYS[window.weekday]


def _next_local(window: Window, person_zone: str, today: dt.date) -> str:
    """The window's next occurrence shown in the person's zone, when it was written in another zone."""
    zone = ZoneInfo(window.tz or person_zone)
    if window.date is not None:
        day = window.date
    else:
        assert window.weekday is not None
        day = today + dt.timedelta(days=(window.weekday - today.weekday()) % 7)
    start = dt.datetime.combine(day, dt.time(window.start // 60, window.start % 60), tzinfo=zone)
    end = start + dt.timedelta(minutes=window.end - window.start)
    here = ZoneInfo(person_zone)
    local_start, local_end = start.astimezone(here), end.astimezone(here)
    if local_end.date() != local_start.date() and (local_end.hour, local_end.minute) != (0, 0):
        return f"{local_start:%a %H:%M}-{local_end:%a %H:%M}"
    end_text = "24:00" if (local_end.hour, local_end.minute) == (0, 0) else f"{local_end:%H:%M}"
    return f"{local_start:%a %H:%M}-{end_text}"


def render_table(result: ParseResult, *, person_zone: str, today: dt.date) -> str:
    """The readable default output: a small table in the person's zone, then the warnings."""
    lines = [f"text:       {result.text!r}", f"zone:       {person_zone} (the person's zone)"]
    lines.append(f"confidence: {result.confidence:.2f}")
    if result.valid_from is not None or result.valid_until is not None:
        since = result.valid_from.isoformat() if result.valid_from else "now"
        until = result.valid_until.isoformat() if result.valid_until else "no end"
        lines.append(f"weekly times hold: {since} to {until}")

    def table(title: str, windows: Sequence[Window]) -> None:
        lines.append(f"{title}:" if windows else f"{title}: none")
        if not windows:
            return
        lines.append(f"  {'day':<15} {'start':>5}  {'end':>5}  {'zone':<22} in {person_zone}")
        for window in windows:
            zone = window.tz or "(person's zone)"
            shown = (
                _next_local(window, person_zone, today) if window.tz and window.tz != person_zone else "same"
            )
            start, end = format_minutes(window.start), format_minutes(window.end)
            lines.append(f"  {_describe_day(window):<15} {start:>5}  {end:>5}  {zone:<22} {shown}")

    table("windows (net of exclusions)", result.net_windows())
    if result.exclusions:
        table("exclusions", result.exclusions)
    if result.warnings:
        lines.append("warnings:")
        lines.extend(f"  - {warning}" for warning in result.warnings)
    return "\n".join(lines)


def _jsonl(stdin: TextIO, stdout: TextIO, *, default_zone: str, default_today: dt.date | None) -> int:
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        try:
            row: Any = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError("each line must be an object with a string 'text'")
            zone = default_zone
            if row.get("tz") is not None:
                try:
                    zone = _zone_arg(str(row["tz"]))
                except argparse.ArgumentTypeError as error:
                    raise ValueError(f"'tz': {error}") from None
            if row.get("now") is not None:
                try:
                    today = _date_arg(str(row["now"])[:10])
                except argparse.ArgumentTypeError as error:
                    raise ValueError(f"'now': {error}") from None
            else:
                today = default_today or _today(zone)
            output = parse_availability(row["text"], today=today).to_json()
        except (ValueError, TypeError) as error:
            output = ParseResult("", (), (), 0.0, (f"line {number}: {error}",)).to_json()
            output["text"] = None
        stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def main(
    argv: Sequence[str] | None = None, *, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> int:
    args = _build_parser().parse_args(list(argv) if argv is not None else None)
    out = stdout or sys.stdout
    zone = args.tz or resolve_zone(os.environ.get("PROGRAM_TIMEZONE", "") or "America/New_York")[0] or "UTC"
    if args.jsonl:
        return _jsonl(stdin or sys.stdin, out, default_zone=zone, default_today=args.now)
    text = " ".join(args.text)
    if not text.strip():
        args.parse_parser.error("give the availability text (or --jsonl to read JSON Lines on stdin)")
    today = args.now or _today(zone)
    result = parse_availability(text, today=today)
    if args.json:
        out.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    else:
        out.write(render_table(result, person_zone=zone, today=today) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
