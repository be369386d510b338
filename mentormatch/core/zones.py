"""Time-zone names as people write them -> IANA zones.

Abbreviations name regions, not fixed offsets (DESIGN.md "Time rules"): "EST" in July still means
America/New_York, whose clocks are then on EDT. "UTC+2" and "GMT-5" are fixed offsets and map to the
`Etc/GMT∓N` zones (whose sign is inverted by POSIX convention). An abbreviation that names more than one
region is read as the most likely one, with a warning.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "AMBIGUOUS",
    "city_zone",
    "is_valid_zone",
    "offset_minutes",
    "offset_zone",
    "resolve_zone",
]

# Words that name a region's zone, lower case. Each maps to one IANA zone.
ABBREVIATIONS: dict[str, str] = {
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "central": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "mountain": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "akdt": "America/Anchorage",
    "alaska": "America/Anchorage",
    "hst": "Pacific/Honolulu",
    "hawaii": "Pacific/Honolulu",
    "arizona": "America/Phoenix",
    "atlantic": "America/Halifax",
    "adt": "America/Halifax",
    "nst": "America/St_Johns",
    "ndt": "America/St_Johns",
    "gmt": "Europe/London",
    "bst": "Europe/London",
    "uk": "Europe/London",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "wet": "Europe/Lisbon",
    "west": "Europe/Lisbon",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "msk": "Europe/Moscow",
    "utc": "UTC",
    "z": "UTC",
    "zulu": "UTC",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "pht": "Asia/Manila",
    "wib": "Asia/Jakarta",
    "pkt": "Asia/Karachi",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "acst": "Australia/Adelaide",
    "acdt": "Australia/Adelaide",
    "awst": "Australia/Perth",
    "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland",
    "wat": "Africa/Lagos",
    "cat": "Africa/Maputo",
    "eat": "Africa/Nairobi",
    "sast": "Africa/Johannesburg",
    "brt": "America/Sao_Paulo",
    "art": "America/Argentina/Buenos_Aires",
}

# Abbreviations that name several regions: read as the first, with a warning naming the others.
AMBIGUOUS: dict[str, tuple[str, str]] = {
    "ist": ("Asia/Kolkata", "India; also Irish or Israel Standard Time"),
    "ast": ("America/Halifax", "Atlantic; also Arabia Standard Time"),
    "sst": ("Pacific/Pago_Pago", "Samoa; also Singapore Standard Time"),
}

# Longer names, matched as whole phrases after normalising ("central european time" before "central").
_PHRASES: tuple[tuple[str, str], ...] = (
    ("central european", "Europe/Berlin"),
    ("central africa", "Africa/Maputo"),
    ("eastern european", "Europe/Athens"),
    ("western european", "Europe/Lisbon"),
    ("east africa", "Africa/Nairobi"),
    ("west africa", "Africa/Lagos"),
    ("south africa", "Africa/Johannesburg"),
    ("india", "Asia/Kolkata"),
    ("indian", "Asia/Kolkata"),
    ("british", "Europe/London"),
    ("greenwich", "Europe/London"),
    ("japan", "Asia/Tokyo"),
    ("korea", "Asia/Seoul"),
    ("china", "Asia/Shanghai"),
    ("singapore", "Asia/Singapore"),
    ("philippine", "Asia/Manila"),
    ("australian eastern", "Australia/Sydney"),
    ("new zealand", "Pacific/Auckland"),
    ("hawaii", "Pacific/Honolulu"),
    ("alaska", "America/Anchorage"),
    ("arizona", "America/Phoenix"),
    ("atlantic", "America/Halifax"),
    ("newfoundland", "America/St_Johns"),
    ("eastern", "America/New_York"),
    ("central", "America/Chicago"),
    ("mountain", "America/Denver"),
    ("pacific", "America/Los_Angeles"),
    ("coordinated universal", "UTC"),
    ("universal", "UTC"),
)

# Fixed offsets that are not whole hours have no Etc/ zone; these zones keep that offset all year.
_FRACTIONAL_OFFSETS: dict[int, str] = {
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    390: "Asia/Yangon",
    570: "Australia/Darwin",
    210: "Asia/Tehran",
    525: "Australia/Eucla",
    -570: "Pacific/Marquesas",
}

_OFFSET_RE = re.compile(r"^(?:utc|gmt|z)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$")
_NOISE_RE = re.compile(r"\b(?:standard|daylight|saving|savings|summer|time|zone|tz)\b")


@lru_cache(maxsize=1)
def _zones_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, str]:
    """'chicago' -> 'America/Chicago' for the canonical region/city zones (first one wins)."""
    cities: dict[str, str] = {}
    for name in sorted(zoneinfo.available_timezones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/")):
            continue
        city = name.rsplit("/", 1)[1].lower().replace("_", " ")
        cities.setdefault(city, name)
    return cities


def city_zone(city: str) -> str | None:
    """'london' -> 'Europe/London', 'new york' -> 'America/New_York'; None for anything else."""
    return _zones_by_city().get(city.strip().lower())


def is_valid_zone(name: str) -> bool:
    """True when `name` is an IANA zone this machine knows, spelled exactly."""
    return name in _zones_by_lower().values()


def canonical_zone(name: str) -> str | None:
    """The exact spelling of an IANA zone name written in any case, else None."""
    return _zones_by_lower().get(name.strip().lower())


def offset_zone(minutes: int) -> str | None:
    """The zone that is always `minutes` east of UTC: 120 -> 'Etc/GMT-2'; None when there is none."""
    if minutes == 0:
        return "UTC"
    if minutes % 60 == 0 and -12 * 60 <= minutes <= 14 * 60:
        hours = minutes // 60
        # POSIX sign convention: Etc/GMT-2 is two hours EAST of Greenwich.
        return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    return _FRACTIONAL_OFFSETS.get(minutes)


def resolve_zone(text: str) -> tuple[str | None, tuple[str, ...]]:
    """Read a zone as people write it: ("America/Chicago", ()) for "Central Time (CT)".

    Returns the IANA name and warnings; (None, (warning,)) when nothing in the text names a zone.
    """
    raw = text.strip()
    if not raw:
        return None, ("no time zone given",)
    lowered = raw.lower().replace("−", "-")
    if lowered in ABBREVIATIONS:  # before IANA names: "EST" and "CET" are legacy zones with fixed rules
        return ABBREVIATIONS[lowered], ()
    exact = canonical_zone(raw)
    if exact is not None:
        return exact, ()
    offset = _read_offset(lowered)
    if offset is not None:
        return _offset_result(raw, offset)
    # "(GMT-05:00) Eastern Time" and "Eastern Time (ET)": try each bracketed or bare part.
    embedded = re.search(r"(?:utc|gmt)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?", lowered)
    words = re.sub(r"[()\[\],.]", " ", lowered)
    words = " ".join(_NOISE_RE.sub(" ", words).split())
    for phrase, zone in _PHRASES:
        if re.search(rf"\b{phrase}\b", words):
            return zone, ()
    for word in words.split():
        if word in ABBREVIATIONS:
            return ABBREVIATIONS[word], ()
        if word in AMBIGUOUS:
            zone, note = AMBIGUOUS[word]
            return zone, (f'"{raw}" names more than one zone ({note}); read as {zone}',)
        exact = canonical_zone(word)
        if exact is not None:
            return exact, ()
    if embedded is not None:
        offset = _read_offset(embedded.group(0))
        if offset is not None:
            return _offset_result(raw, offset)
    city = _zones_by_city().get(words)
    if city is not None:
        return city, ()
    return None, (f'"{raw}" is not a time zone I know; use a name such as America/New_York',)


def offset_minutes(text: str) -> int | None:
    """Minutes east of UTC that "UTC+12:45" or "GMT-5" names (-12:00 to +14:00), else None."""
    return _read_offset(text.strip().lower())


def _read_offset(text: str) -> int | None:
    match = _OFFSET_RE.match(text.strip().replace("−", "-"))
    if match is None or not re.match(r"^(?:utc|gmt|z)", text.strip()):
        return None
    sign = -1 if match.group(1) in "-−" else 1
    hours = int(match.group(2))
    minutes = int(match.group(3) or 0)
    if hours > 14 or minutes >= 60:
        return None
    return sign * (hours * 60 + minutes)


def _offset_result(raw: str, minutes: int) -> tuple[str | None, tuple[str, ...]]:
    zone = offset_zone(minutes)
    if zone is None:
        return None, (f'"{raw}" is an offset no zone keeps all year; use a region name instead',)
    return zone, ()
