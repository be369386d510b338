"""Ask everyone whose availability still needs clarification to correct it (again).

For an admin after fixing the mail settings, or to remind people: enqueues one clarification message per
pending review request and per active professional marked "needs clarification". `--dry-run` only lists them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentormatch.intake.clarification import PROFESSIONAL, REVIEW_REQUEST, clarification_request
from mentormatch.scheduling.models import Professional, ReviewRequest


class Command(BaseCommand):
    help = "Email (and DM) everyone whose availability needs clarification a fresh correction link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List who would be asked; send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        requests = ReviewRequest.objects.filter(
            status=ReviewRequest.Status.PENDING, needs_clarification=True
        ).select_related("student")
        professionals = Professional.objects.filter(active=True, needs_clarification=True)
        targets = [(REVIEW_REQUEST, r.pk, f"student {r.student}") for r in requests.order_by("pk")]
        targets += [(PROFESSIONAL, p.pk, f"professional {p}") for p in professionals.order_by("pk")]
        for kind, obj_id, who in targets:
            if not options["dry_run"]:
                clarification_request(kind=kind, obj_id=obj_id)
            self.stdout.write(f"{'would ask' if options['dry_run'] else 'asked'}: {who}")
        verb = "would be asked" if options["dry_run"] else "asked; the worker sends the messages"
        self.stdout.write(f"{len(targets)} {verb}.")
