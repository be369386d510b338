"""Zone names as people write them -> IANA zones (DESIGN.md "Time rules")."""

from __future__ import annotations

import pytest

from mentormatch.core.zones import offset_zone, resolve_zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Central Time (CT)", "America/Chicago"),
        ("Eastern Time (ET)", "America/New_York"),
        ("CST", "America/Chicago"),
        ("EDT", "America/New_York"),
        ("Eastern", "America/New_York"),
        ("Mountain", "America/Denver"),
        ("PST", "America/Los_Angeles"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("BST", "Europe/London"),
        ("GMT", "Europe/London"),
        ("CET", "Europe/Berlin"),
        ("Central European Time", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("Z", "UTC"),
        ("America/New_York", "America/New_York"),
        ("america/chicago", "America/Chicago"),
        ("Asia/Kolkata", "Asia/Kolkata"),
        ("(GMT-05:00) Eastern Time", "America/New_York"),
        ("Arizona", "America/Phoenix"),
        ("Chicago", "America/Chicago"),
        ("London", "Europe/London"),
    ],
)
def test_it_reads_region_names_and_abbreviations(text: str, zone: str) -> None:
    assert resolve_zone(text) == (zone, ())


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("UTC+2", "Etc/GMT-2"),
        ("GMT-5", "Etc/GMT+5"),
        ("UTC+0", "UTC"),
        ("utc + 10", "Etc/GMT-10"),
        ("UTC+5:30", "Asia/Kolkata"),
        ("GMT+05:45", "Asia/Kathmandu"),
    ],
)
def test_fixed_offsets_map_to_zones_that_keep_that_offset_all_year(text: str, zone: str) -> None:
    assert resolve_zone(text) == (zone, ())


def test_an_abbreviation_naming_two_regions_is_read_with_a_warning() -> None:
    zone, warnings = resolve_zone("IST")
    assert zone == "Asia/Kolkata"
    assert len(warnings) == 1 and '"IST"' in warnings[0] and "Israel" in warnings[0]


@pytest.mark.parametrize("text", ["", "my time", "Narnia", "UTC+3:17"])
def test_unreadable_zones_give_none_and_a_warning(text: str) -> None:
    zone, warnings = resolve_zone(text)
    assert zone is None
    assert warnings


def test_offset_zone_uses_the_inverted_posix_sign() -> None:
    assert offset_zone(120) == "Etc/GMT-2"
    assert offset_zone(-300) == "Etc/GMT+5"
    assert offset_zone(17) is None
