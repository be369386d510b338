"""The periodic sweep, run by the task workers themselves: `notifications_deliver_due` every
NOTIFICATION_SWEEP_SECONDS (it takes back dead workers' claims, lets go of emails held too long for a
calendar event, and sends whatever is due whose task was lost).

The sweep is a task that, before it sweeps, queues its own next run (`run_after`), in the same transaction
as it takes its turn on the one `SweepSchedule` row: a conditional UPDATE moves `next_run_at` forward only
if it is due. A run that finds its turn taken (a second chain, started by a second worker or a second
`sweep_start`) ends without sweeping or queueing anything, so any number of workers sweep once per interval
between them, and starting it again is always safe. A worker that dies mid-sweep has already queued the
next run.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mentormatch.notifications import conf
from mentormatch.notifications.models import SweepSchedule

logger = logging.getLogger(__name__)

SCHEDULE_PK = 1
# A schedule this far behind (no worker took its turn) is started again by the next session change: its
# queued run may have been lost (the task table emptied, a database error at the wrong moment).
OVERDUE_AFTER = timedelta(minutes=10)


def _can_defer() -> bool:
    from mentormatch.notifications.tasks import sweep_notifications

    return bool(sweep_notifications.get_backend().supports_defer)


def sweep_start() -> bool:
    """Queue a sweep to run now; it queues the next, and so on. Returns False when the sweep is switched off
    (NOTIFICATION_SWEEP_SECONDS=0) or the task backend cannot defer tasks (then schedule
    `manage.py notifications_send_due` instead)."""
    if conf.sweep_interval() is None or not _can_defer():
        return False
    from mentormatch.notifications.tasks import sweep_notifications

    sweep_notifications.enqueue()
    return True


def sweep_run(*, now: datetime | None = None) -> dict[str, int] | None:
    """One turn of the periodic sweep (the task calls it): take the turn, queue the next, sweep. Returns
    the sweep's counts, or None when this run ended without sweeping (its turn was taken, or the sweep is
    switched off)."""
    from mentormatch.notifications.delivery import notifications_deliver_due
    from mentormatch.notifications.tasks import sweep_notifications

    interval = conf.sweep_interval()
    if interval is None:
        return None
    now = now or timezone.now()
    with transaction.atomic():
        SweepSchedule.objects.get_or_create(pk=SCHEDULE_PK, defaults={"next_run_at": now})
        taken = SweepSchedule.objects.filter(pk=SCHEDULE_PK, next_run_at__lte=now).update(
            next_run_at=now + interval, last_started_at=now
        )
        if not taken:
            return None
        # In this transaction: the turn is never taken without the next run queued.
        sweep_notifications.using(run_after=now + interval).enqueue()
    counts = notifications_deliver_due(now=now)
    SweepSchedule.objects.filter(pk=SCHEDULE_PK).update(last_finished_at=timezone.now(), last_counts=counts)
    if counts:
        logger.info("Notification sweep: %s", counts)
    return counts


def sweep_revive_if_overdue(*, now: datetime) -> bool:
    """Start the sweep again when its schedule is more than OVERDUE_AFTER behind; at most one caller does.
    A schedule never started (no row) is left to `sweep_start`."""
    if conf.sweep_interval() is None or not _can_defer():
        return False
    from mentormatch.notifications.tasks import sweep_notifications

    with transaction.atomic():
        revived = SweepSchedule.objects.filter(pk=SCHEDULE_PK, next_run_at__lte=now - OVERDUE_AFTER).update(
            next_run_at=now
        )
        if not revived:
            return False
        sweep_notifications.enqueue()
    logger.warning("The notification sweep was more than %s behind; started it again.", OVERDUE_AFTER)
    return True
