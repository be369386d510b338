"""Discord DMs sent by the worker through Discord's HTTP API."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from mentormatch.notifications.discord_dm.client import CANNOT_MESSAGE_USER, DiscordRestClient
from mentormatch.notifications.discord_dm.messages import dm_text
from mentormatch.notifications.errors import PermanentError, Skipped
from mentormatch.notifications.models import Notification
from mentormatch.notifications.transports import Outcome

CLOSED_INBOX_PREFIX = f"[{CANNOT_MESSAGE_USER}]"


class DiscordDmTransport:
    def send(self, notification: Notification, *, now: datetime) -> Outcome:
        if not settings.DISCORD_TOKEN:
            raise PermanentError("DISCORD_TOKEN is not set.", code="not_configured")
        closed_before = (
            Notification.objects.filter(
                session_id=notification.session_id,
                channel=Notification.Channel.DISCORD,
                recipient=notification.recipient,
                status=Notification.Status.FAILED,
                last_error__startswith=CLOSED_INBOX_PREFIX,
            )
            .exclude(pk=notification.pk)
            .exists()
        )
        if closed_before:
            raise Skipped("This person does not accept DMs (recorded on an earlier message).")
        client = DiscordRestClient(
            base_url=settings.DISCORD_API_BASE,
            token=settings.DISCORD_TOKEN,
            timeout=settings.DISCORD_HTTP_TIMEOUT,
        )
        channel_id = client.open_dm(notification.recipient)
        message_id = client.send_message(channel_id, dm_text(notification))
        return Outcome(detail=f"Discord message {message_id} in channel {channel_id}.")
