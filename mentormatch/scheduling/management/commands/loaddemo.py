"""`manage.py loaddemo`: load the demo professionals, students and admin login (idempotent)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from mentormatch.scheduling.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, demo_load


class Command(BaseCommand):
    help = "Create the demo professionals, students with pending requests, and the demo admin (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.now().astimezone(ZoneInfo(str(settings.PROGRAM_TIMEZONE))).date()
        summary = demo_load(today=today)
        self.stdout.write(
            f"Demo data: {summary.professionals_created} professionals and "
            f"{summary.students_created} students created; {summary.availabilities_added} availabilities and "
            f"{summary.requests_added} review requests added."
        )
        if summary.admin_created:
            self.stdout.write(f"Demo admin created: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}")
