"""The raw archive of every webhook delivery, stored before any processing."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        DUPLICATE = "duplicate", "Duplicate (already processed)"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    endpoint = models.CharField(max_length=100)
    form_type = models.CharField(max_length=100, blank=True)
    response_id = models.CharField(max_length=200, blank=True)
    response_revision = models.PositiveIntegerField(
        default=0,
        help_text="Processed version of its response: 0 the first submission, 1 its first edit, ...",
    )
    signature = models.CharField(
        max_length=100, blank=True, help_text="X-Mentormatch-Signature of a signed delivery (its replay key)."
    )
    received_at = models.DateTimeField(default=timezone.now)
    remote_addr = models.CharField(max_length=100, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["endpoint", "response_id"])]
        constraints = [
            # Each version of a response (the first submission, then each edit) is processed at most once per
            # endpoint, even under concurrent resends: copies racing for the same revision cannot both win.
            models.UniqueConstraint(
                fields=["endpoint", "response_id", "response_revision"],
                condition=models.Q(status="processed") & ~models.Q(response_id=""),
                name="response_revision_processed_once",
            ),
            # A signed delivery (same signature = same body and timestamp) is processed at most once.
            models.UniqueConstraint(
                fields=["endpoint", "signature"],
                condition=models.Q(status="processed") & ~models.Q(signature=""),
                name="signature_processed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.response_id or '(no id)'} {self.status}"
