"""The channel registry: each integration folder provides one transport, loaded lazily on first use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Protocol

from django.utils.module_loading import import_string

from mentormatch.notifications.models import Notification


@dataclass(frozen=True)
class Outcome:
    """A successful send. `detail` is kept on the row; `needs_attention` flags it for an admin."""

    detail: str = ""
    needs_attention: bool = False


class Transport(Protocol):
    def send(self, notification: Notification, *, now: datetime) -> Outcome:
        """Send one notification or raise TransientError / PermanentError."""
        ...


_REGISTRY = {
    Notification.Channel.EMAIL: "mentormatch.notifications.email.transport.EmailTransport",
    Notification.Channel.DISCORD: "mentormatch.notifications.discord_dm.transport.DiscordDmTransport",
    Notification.Channel.GOOGLE_CALENDAR: (
        "mentormatch.notifications.calendar_google.transport.GoogleCalendarTransport"
    ),
}


@cache
def _transport_class(channel: str) -> type[Transport]:
    cls: type[Transport] = import_string(_REGISTRY[Notification.Channel(channel)])
    return cls


def get_transport(channel: str) -> Transport:
    return _transport_class(channel)()
