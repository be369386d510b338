"""Background tasks: each loads a row by id and calls one service; the service owns retries."""

from __future__ import annotations

from django.tasks import task


@task()
def deliver_notification(notification_id: int) -> None:
    from mentormatch.notifications.delivery import notification_deliver

    notification_deliver(notification_id=notification_id)


@task()
def sweep_notifications() -> dict[str, int] | None:
    from mentormatch.notifications.sweep import sweep_run

    return sweep_run()
