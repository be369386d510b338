"""What the notifications app stores: every message it means to send, and the feedback people give.

A `Notification` row exists before anything is sent, so a crash, a retry or a second worker never sends the
same message twice (`dedupe_key` is unique) and an admin can see what went out, what failed and why.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from mentormatch.scheduling.models import ScheduledSession


class Notification(models.Model):
    class Kind(models.TextChoices):
        INVITE = "invite", "Invitation (booked)"
        UPDATE = "update", "Update (rescheduled)"
        CANCEL = "cancel", "Cancellation"
        REMINDER = "reminder", "Reminder"
        FEEDBACK_REQUEST = "feedback_request", "Feedback request (student)"
        FEEDBACK_NOTES = "feedback_notes", "Notes request (professional)"
        CALENDAR = "calendar", "Google Calendar event"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        DISCORD = "discord", "Discord DM"
        GOOGLE_CALENDAR = "google_calendar", "Google Calendar"

    class Role(models.TextChoices):
        STUDENT = "student", "Student"
        PROFESSIONAL = "professional", "Professional"
        CALENDAR = "calendar", "Program calendar"

    class Status(models.TextChoices):
        HELD = "held", "Held (waiting for the calendar event)"
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (permanently)"
        CANCELLED = "cancelled", "Cancelled"
        SKIPPED = "skipped", "Skipped"

    session = models.ForeignKey(
        "scheduling.ScheduledSession", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    recipient_role = models.CharField(max_length=20, choices=Role.choices)
    recipient = models.CharField(max_length=320, help_text="Email address, Discord user id or calendar id.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE this message carries.")
    payload: models.JSONField[Any, Any] = models.JSONField(
        default=dict, blank=True, help_text="What the message announces, as it was when planned."
    )
    snapshot: models.JSONField[Any, Any] = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "Invitations, updates, cancellations: the session as this message describes it (start, end, both "
            "people, meeting link), taken when its change was recorded. Empty: described as it is when sent."
        ),
    )
    dedupe_key = models.CharField(max_length=255, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    rate_limited = models.PositiveIntegerField(
        default=0,
        help_text="Tries the provider rate-limited; counted apart from attempts, with their own cap.",
    )
    claim = models.CharField(
        max_length=32,
        blank=True,
        help_text="Token of the claim a worker took to send it; its result is kept only under that claim.",
    )
    superseded_results = models.TextField(
        blank=True,
        help_text=(
            "Results of workers whose claim had been taken back as stale (slow, not dead), kept apart: they "
            "never overwrite the newer claim's. A 'sent' here means the message may have arrived twice."
        ),
    )
    last_error = models.TextField(blank=True)
    detail = models.TextField(blank=True, help_text="Something an admin should know, e.g. a degraded event.")
    needs_attention = models.BooleanField(default=False)
    scheduled_for = models.DateTimeField(default=timezone.now, help_text="Earliest send time (UTC).")
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["session", "kind", "status"]),
            models.Index(fields=["status", "scheduled_for"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient_role} by {self.channel} ({self.status})"


class SessionFeedback(models.Model):
    """What one side of a session said afterwards. One per session and role; the first answer counts."""

    class Role(models.TextChoices):
        STUDENT = "student", "Student"
        PROFESSIONAL = "professional", "Professional"

    session = models.ForeignKey(
        "scheduling.ScheduledSession", on_delete=models.CASCADE, related_name="feedback"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    happened = models.BooleanField()
    rating = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1-5, students only.")
    comments = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "role"], name="one_feedback_per_session_and_role"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} feedback on session {self.session_id}"


class UnconfirmedSession(ScheduledSession):
    """Admin view of sessions that ended while still scheduled: nobody confirmed them through the feedback
    links. An admin marks each completed or a no-show (through the scheduling lifecycle services)."""

    class Meta:
        proxy = True
        verbose_name = "session awaiting confirmation"
        verbose_name_plural = "sessions awaiting confirmation"


class SweepSchedule(models.Model):
    """The one row that says when the periodic sweep runs next (`mentormatch.notifications.sweep`).

    Each run takes its turn by moving `next_run_at` forward with a conditional UPDATE and, in the same
    transaction, queues the next run; a run that finds its turn taken ends. So however many workers there
    are, and however often the sweep is started, it runs once per interval."""

    next_run_at = models.DateTimeField(help_text="When the next sweep may run (UTC).")
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_counts: models.JSONField[Any, Any] = models.JSONField(
        default=dict, blank=True, help_text="What the last sweep did: notifications by status afterwards."
    )

    class Meta:
        verbose_name = "notification sweep schedule"

    def __str__(self) -> str:
        return f"Notification sweep, next at {self.next_run_at:%Y-%m-%d %H:%M:%S} UTC"
