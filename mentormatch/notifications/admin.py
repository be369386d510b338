"""Admin pages: what went out, what failed and why, and what people said afterwards."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mentormatch.notifications import conf
from mentormatch.notifications.models import Notification, SessionFeedback, SweepSchedule, UnconfirmedSession
from mentormatch.web.admin_selection import SelectedIdsMixin


@admin.register(Notification)
class NotificationAdmin(SelectedIdsMixin, admin.ModelAdmin[Notification]):
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
        "snapshot",
        "dedupe_key",
        "attempts",
        "rate_limited",
        "claim",
        "superseded_results",
        "last_error",
        "detail",
        "scheduled_for",
        "sent_at",
        "created_at",
        "updated_at",
    )
    actions = ("retry_now", "mark_seen")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The record of what went out: a notification that should not go is cancelled by the lifecycle.
        return False

    @admin.action(description="Retry the selected failed or stuck notifications now")
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        from mentormatch.notifications.services import notifications_retry

        selected = list(queryset)
        retried = notifications_retry(notifications=selected, now=timezone.now())
        self.message_user(request, f"{len(retried)} notification(s) queued again.", messages.SUCCESS)
        retried_ids = {n.pk for n in retried}
        busy = [n for n in selected if n.status == Notification.Status.SENDING and n.pk not in retried_ids]
        if busy:
            minutes = int(conf.sending_stale_after().total_seconds() // 60)
            self.message_user(
                request,
                f"{len(busy)} notification(s) still being sent, left alone: a worker may be on them. After "
                f"{minutes} minutes a send is taken for a dead worker's and can be retried.",
                messages.WARNING,
            )

    @admin.action(description="Mark as seen (clear the attention flag)")
    def mark_seen(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = queryset.update(needs_attention=False)
        self.message_user(request, f"{count} notification(s) marked as seen.", messages.SUCCESS)


@admin.register(SweepSchedule)
class SweepScheduleAdmin(SelectedIdsMixin, admin.ModelAdmin[SweepSchedule]):
    """When the workers' periodic sweep last ran, what it did, and when it runs next (read-only)."""

    list_display = ("next_run_at", "last_started_at", "last_finished_at", "last_counts")
    readonly_fields = list_display

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SessionFeedback)
class SessionFeedbackAdmin(SelectedIdsMixin, admin.ModelAdmin[SessionFeedback]):
    list_display = ("session", "role", "happened", "rating", "submitted_at")
    list_filter = ("role", "happened", "rating")
    search_fields = ("comments", "session__student__name", "session__professional__name")
    list_select_related = ("session__student", "session__professional")
    readonly_fields = ("session", "role", "happened", "rating", "comments", "submitted_at")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The professional's rating already counts this answer: deleting it would leave the two apart.
        return False


@admin.register(UnconfirmedSession)
class UnconfirmedSessionAdmin(SelectedIdsMixin, admin.ModelAdmin[UnconfirmedSession]):
    """Sessions that ended unconfirmed. Actions go through the scheduling lifecycle services, so the review
    request, the history and the notifications follow as they would from the bot."""

    list_display = ("start", "student", "professional", "student_said_no", "professional_said_no")
    list_select_related = ("student", "professional")
    search_fields = ("student__name", "professional__name", "student__email", "professional__email")
    actions = ("mark_completed", "mark_no_show_student", "mark_no_show_professional")

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnconfirmedSession]:
        from mentormatch.notifications.selectors import sessions_awaiting_confirmation

        ids = sessions_awaiting_confirmation(now=timezone.now()).values("pk")
        said_no = SessionFeedback.objects.filter(session=OuterRef("pk"), happened=False)
        return (
            UnconfirmedSession.objects.filter(pk__in=ids)
            .select_related("student", "professional")
            .annotate(
                _student_said_no=Exists(said_no.filter(role=SessionFeedback.Role.STUDENT)),
                _professional_said_no=Exists(said_no.filter(role=SessionFeedback.Role.PROFESSIONAL)),
            )
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Deleting a session would leave its request "scheduled" with no session and tell nobody.
        return False

    @admin.display(boolean=True, description="Student said it did not happen")
    def student_said_no(self, obj: UnconfirmedSession) -> bool:
        return bool(getattr(obj, "_student_said_no", False))

    @admin.display(boolean=True, description="Professional said it did not happen")
    def professional_said_no(self, obj: UnconfirmedSession) -> bool:
        return bool(getattr(obj, "_professional_said_no", False))

    def _apply(
        self, request: HttpRequest, queryset: QuerySet[UnconfirmedSession], verb: str, **kwargs: str
    ) -> None:
        from mentormatch.scheduling.services.sessions import session_complete, session_mark_no_show
        from mentormatch.web.errors import ApiError

        actor = f"user:{request.user.get_username()}" if request.user.is_authenticated else "admin"
        done, refused = 0, []
        for session in queryset:
            try:
                if verb == "completed":
                    session_complete(session=session, actor=actor)
                else:
                    session_mark_no_show(session=session, actor=actor, absent=kwargs["absent"])  # type: ignore[arg-type]
                done += 1
            except ApiError as error:
                refused.append(f"{session}: {error}")
        self.message_user(request, f"{done} session(s) marked {verb}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="Mark completed (it happened)")
    def mark_completed(self, request: HttpRequest, queryset: QuerySet[UnconfirmedSession]) -> None:
        self._apply(request, queryset, "completed")

    @admin.action(description="Mark no-show: the student did not come")
    def mark_no_show_student(self, request: HttpRequest, queryset: QuerySet[UnconfirmedSession]) -> None:
        self._apply(request, queryset, "no-show", absent="student")

    @admin.action(description="Mark no-show: the professional did not come")
    def mark_no_show_professional(self, request: HttpRequest, queryset: QuerySet[UnconfirmedSession]) -> None:
        self._apply(request, queryset, "no-show", absent="professional")
