"""Typed readers for settings that come from the environment.

Each helper fails loudly with the name of the setting, so bad configuration stops the process at start
with a message an operator can act on.
"""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def env_int(name: str, default: int, *, bounds: tuple[int, int] | None = None) -> int:
    """A whole number; with `bounds` (low, high), one within them."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        raise ImproperlyConfigured(
            f"{name} must be a whole number from {bounds[0]} to {bounds[1]} (got {raw!r})."
        )
    return value


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number (got {raw!r}).") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_zone(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be an IANA time zone such as America/New_York (got {value!r})."
        ) from None
    return value


def management_run(argv: list[str]) -> int:
    """Run a `manage.py` command; bad configuration prints its message (no traceback) and exits 78.

    78 is sysexits' EX_CONFIG, so `make run` can tell a configuration error (already explained) apart.
    """
    import sys

    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 78
    return 0
