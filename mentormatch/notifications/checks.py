"""Start-up checks of the notification settings, each naming the setting to fix."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register()
def notification_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    credentials, calendar_id = settings.GOOGLE_CALENDAR_CREDENTIALS, settings.GOOGLE_CALENDAR_ID
    if bool(credentials) != bool(calendar_id):
        missing = "GOOGLE_CALENDAR_ID" if credentials else "GOOGLE_CALENDAR_CREDENTIALS"
        problems.append(
            Warning(
                f"Google Calendar is off: {missing} is not set (both GOOGLE_CALENDAR_CREDENTIALS and "
                "GOOGLE_CALENDAR_ID are needed).",
                id="notifications.W001",
            )
        )
    elif credentials:
        from mentormatch.notifications.calendar_google.client import load_credentials

        try:
            load_credentials(credentials)
        except (ImproperlyConfigured, ValueError, KeyError) as error:
            problems.append(
                Error(f"GOOGLE_CALENDAR_CREDENTIALS cannot be used: {error}", id="notifications.E001")
            )
    for name, least in (
        ("NOTIFICATION_MAX_ATTEMPTS", 1),
        ("NOTIFICATION_RETRY_BASE_SECONDS", 0),
        ("NOTIFICATION_RETRY_MAX_SECONDS", 0),
        ("FEEDBACK_LINK_MAX_AGE_DAYS", 1),
        ("FEEDBACK_DELAY_MINUTES", 0),
    ):
        if getattr(settings, name) < least:
            problems.append(Error(f"{name} must be at least {least}.", id="notifications.E002"))
    return problems
