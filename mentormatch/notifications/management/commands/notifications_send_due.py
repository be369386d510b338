"""Send every pending notification that is due now (a fallback for lost tasks; safe to run any time)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mentormatch.notifications.delivery import notifications_deliver_due


class Command(BaseCommand):
    help = "Send every pending notification that is due now."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = notifications_deliver_due()
        summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items())) or "nothing due"
        self.stdout.write(summary)
