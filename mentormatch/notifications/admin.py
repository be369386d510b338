"""Admin pages: what went out, what failed and why, and what people said afterwards."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mentormatch.notifications.models import Notification, SessionFeedback


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = (
        "id",
        "session",
        "kind",
        "channel",
        "recipient_role",
        "recipient",
        "status",
        "attempts",
        "scheduled_for",
        "sent_at",
        "needs_attention",
    )
    list_filter = ("status", "kind", "channel", "needs_attention")
    search_fields = ("recipient", "dedupe_key", "last_error", "detail")
    date_hierarchy = "scheduled_for"
    list_select_related = ("session__student", "session__professional")
    readonly_fields = (
        "session",
        "kind",
        "channel",
        "recipient_role",
        "recipient",
        "sequence",
        "payload",
        "dedupe_key",
        "attempts",
        "last_error",
        "detail",
        "scheduled_for",
        "sent_at",
        "created_at",
        "updated_at",
    )
    actions = ("retry_now", "mark_seen")

    @admin.action(description="Retry the selected failed notifications now")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        from mentormatch.notifications.services import notifications_enqueue

        now = timezone.now()
        retried = list(queryset.filter(status=Notification.Status.FAILED))
        for notification in retried:
            notification.status = Notification.Status.PENDING
            notification.attempts = 0
            notification.scheduled_for = now
            notification.save(update_fields=["status", "attempts", "scheduled_for", "updated_at"])
        notifications_enqueue(notifications=retried, now=now)
        self.message_user(request, f"{len(retried)} notification(s) queued again.", messages.SUCCESS)

    @admin.action(description="Mark as seen (clear the attention flag)")
    def mark_seen(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = queryset.update(needs_attention=False)
        self.message_user(request, f"{count} notification(s) marked as seen.", messages.SUCCESS)


@admin.register(SessionFeedback)
class SessionFeedbackAdmin(admin.ModelAdmin[SessionFeedback]):
    list_display = ("session", "role", "happened", "rating", "submitted_at")
    list_filter = ("role", "happened", "rating")
    search_fields = ("comments", "session__student__name", "session__professional__name")
    list_select_related = ("session__student", "session__professional")
    readonly_fields = ("session", "role", "happened", "rating", "comments", "submitted_at")
