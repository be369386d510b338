"""People, availability, review requests and sessions.

Model names follow the original setup guide (`Professional`, `ProfessionalAvailability`, `ScheduledSession`,
`ReviewRequest`) so its instructions still hold. Models hold fields, constraints and single-row derived state;
writes live in `services`, reads in `selectors`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from mentormatch.scheduling.limits import validate_weekly_limit


def _default_zone() -> str:
    from django.conf import settings

    return str(settings.PROGRAM_TIMEZONE)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AvailabilityFields(models.Model):
    """What a person said about when they are free, kept verbatim, and what it was read as.

    `windows` and `exclusions` hold the parser's output as JSON: a list of
    `{"weekday": 0-6|null, "date": "YYYY-MM-DD"|null, "start": "HH:MM", "end": "HH:MM", "tz": IANA|null}`,
    where a null `tz` means the person's own zone (`timezone`).
    """

    availability_text = models.TextField(blank=True, help_text="Free-text availability exactly as written.")
    form_answers = models.JSONField(default=dict, blank=True, help_text="Structured form answers, verbatim.")
    timezone = models.CharField(max_length=64, default=_default_zone, help_text="IANA time zone.")
    windows = models.JSONField(default=list, blank=True)
    exclusions = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(default=0.0)
    warnings = models.JSONField(default=list, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True


class Student(TimestampedModel):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    discord_id = models.CharField(max_length=32, unique=True, null=True, blank=True)
    discord_username = models.CharField(max_length=100, blank=True)
    timezone = models.CharField(max_length=64, default=_default_zone, help_text="IANA time zone.")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return self.name or self.discord_username or f"Student {self.pk}"


class Professional(TimestampedModel):
    name = models.CharField(max_length=200)
    email = models.EmailField(unique=True, null=True, blank=True)
    title = models.CharField(max_length=200, blank=True)
    company = models.CharField(max_length=200, blank=True)
    specialties = models.TextField(blank=True, help_text="Comma-separated, as the professional wrote them.")
    industries = models.JSONField(default=list, blank=True)
    experience_levels = models.JSONField(default=list, blank=True)
    meeting_formats = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    timezone = models.CharField(max_length=64, default=_default_zone, help_text="IANA time zone.")
    rating = models.FloatField(null=True, blank=True, help_text="Mean feedback rating, 1-5.")
    rating_count = models.PositiveIntegerField(default=0)
    reviews_done = models.PositiveIntegerField(default=0)
    max_sessions_per_week = models.PositiveIntegerField(default=3, validators=[validate_weekly_limit])
    active = models.BooleanField(default=True)
    discord_id = models.CharField(max_length=32, blank=True)
    needs_clarification = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["active", "name"])]

    def __str__(self) -> str:
        return self.name


class ProfessionalAvailability(TimestampedModel, AvailabilityFields):
    """One submission of a professional's availability. The newest `is_current` one is used for matching;
    earlier ones stay as history."""

    class Source(models.TextChoices):
        FORM = "form", "Google Form"
        BOT = "bot", "Discord bot"
        ADMIN = "admin", "Admin"
        SELF_SERVICE = "self_service", "Self-service link"
        DEMO = "demo", "Demo data"

    professional = models.ForeignKey(Professional, on_delete=models.CASCADE, related_name="availabilities")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FORM)
    is_current = models.BooleanField(default=True)
    delivery = models.ForeignKey(
        "intake.WebhookDelivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "professional availabilities"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["professional"],
                condition=models.Q(is_current=True),
                name="one_current_availability_per_professional",
            )
        ]

    def __str__(self) -> str:
        return f"{self.professional} ({self.created_at:%Y-%m-%d})"


class ReviewRequest(TimestampedModel, AvailabilityFields):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="review_requests")
    target_industry = models.CharField(max_length=200, blank=True)
    target_role = models.CharField(max_length=200, blank=True)
    experience_level = models.CharField(max_length=200, blank=True)
    resume_link = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    needs_clarification = models.BooleanField(default=False)
    delivery = models.ForeignKey(
        "intake.WebhookDelivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.student} – {self.target_role or self.target_industry or 'review'} ({self.status})"


class ReviewRequestStatusChange(models.Model):
    """The status history of a review request: who moved it, when, and why."""

    review_request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.CharField(
        max_length=200, blank=True, help_text="Who acted: discord:<id>, user:<name>, system."
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status} by {self.actor or 'system'}"


class ScheduledSession(TimestampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "No-show"

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="sessions")
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="sessions")
    # PROTECT: deleting a request must never leave its session booked but unlinked (cancel it first).
    review_request = models.ForeignKey(
        ReviewRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    start = models.DateTimeField(help_text="UTC")
    end = models.DateTimeField(help_text="UTC")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_by = models.CharField(
        max_length=200, blank=True, help_text="discord:<id>, user:<name> or system."
    )
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, raised on every change.")
    meeting_link = models.URLField(max_length=500, blank=True)
    calendar_event_id = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["professional", "start"]),
            models.Index(fields=["student", "start"]),
            models.Index(fields=["status", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} with {self.professional} at {self.start:%Y-%m-%d %H:%M} UTC"

    @property
    def ics_uid(self) -> str:
        return f"session-{self.pk}@mentormatch"


class SessionEvent(models.Model):
    """Every change to a session: booked, rescheduled, cancelled, completed, no-show; who and when."""

    session = models.ForeignKey(ScheduledSession, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    actor = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)
    data: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} by {self.actor or 'system'} at {self.at:%Y-%m-%d %H:%M}"
