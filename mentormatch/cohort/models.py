"""A cohort run (one `auto-match`) and its proposals: who, with whom, when, and why; or why nobody."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from mentormatch.scheduling.models import Professional, ReviewRequest, ScheduledSession, Student


class CohortRun(models.Model):
    """One solve over every pending request, with the greedy pass measured beside it."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    as_of = models.DateTimeField(help_text="The moment availability and notice were judged from.")
    actor = models.CharField(max_length=200, blank=True, help_text="discord:<id>, user:<name> or system.")
    method = models.CharField(max_length=120, blank=True, help_text="How the solver reached its answer.")
    optimal = models.BooleanField(default=False, help_text="Proven optimal over the candidate slots.")
    seconds = models.FloatField(default=0.0)
    requests_considered = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(default=0)
    total_score = models.FloatField(default=0.0)
    greedy_placed = models.PositiveIntegerField(default=0, help_text="Placed by one-at-a-time, by hand.")
    greedy_score = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        placed = f"{self.placed}/{self.requests_considered} placed"
        return f"Run {self.pk}: {placed} ({self.created_at:%Y-%m-%d %H:%M})"


class Proposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        BOOKED = "booked", "Booked"
        REFUSED = "refused", "Refused at approval"
        UNPLACED = "unplaced", "Not placed"
        SUPERSEDED = "superseded", "Superseded by a later run"

    run = models.ForeignKey(CohortRun, on_delete=models.CASCADE, related_name="proposals")
    review_request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    professional = models.ForeignKey(
        Professional, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateTimeField(null=True, blank=True, help_text="UTC")
    end = models.DateTimeField(null=True, blank=True, help_text="UTC")
    score = models.FloatField(null=True, blank=True)
    parts: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="Why this professional, in words.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    reason_code = models.CharField(max_length=40, blank=True, help_text="Why not placed, or why refused.")
    message = models.TextField(blank=True)
    session = models.ForeignKey(
        ScheduledSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "start", "pk"]
        indexes = [models.Index(fields=["status", "run"])]

    def __str__(self) -> str:
        if self.professional is None:
            return f"{self.student}: not placed"
        return f"{self.student} with {self.professional} at {self.start:%Y-%m-%d %H:%M} UTC"
