"""Send every pending notification that is due now, and make sure the periodic sweep is scheduled.

The workers sweep by themselves every NOTIFICATION_SWEEP_SECONDS once the sweep has been started; this
command starts it (`make run` runs it, and so should a deploy, after `migrate`). Safe to run any time, as
often as you like: from cron it is also the fallback where the sweep is switched off.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentormatch.notifications import conf
from mentormatch.notifications.delivery import notifications_deliver_due
from mentormatch.notifications.sweep import sweep_start


class Command(BaseCommand):
    help = (
        "Send every pending notification that is due now, and start the periodic sweep the workers run "
        "by themselves (safe to run any time)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule-only",
            action="store_true",
            help="Only start the periodic sweep; send nothing from this process.",
        )

    def handle(self, *args: Any, schedule_only: bool = False, **options: Any) -> None:
        if not schedule_only:
            counts = notifications_deliver_due()
            summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
            self.stdout.write(summary or "nothing due")
        interval = conf.sweep_interval()
        if sweep_start() and interval is not None:
            self.stdout.write(f"The workers sweep every {int(interval.total_seconds())} s.")
        elif interval is None:
            self.stdout.write(
                "The periodic sweep is off (NOTIFICATION_SWEEP_SECONDS=0): run this command from cron."
            )
        else:
            self.stdout.write("The task backend cannot defer tasks: run this command from cron.")
