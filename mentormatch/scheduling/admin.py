"""Django admin for people, availability, review requests and sessions.

What people wrote and what it was read as are shown read-only: edits to availability go through a new
submission (the form, the bot or a self-service link) so the history stays truthful.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from mentormatch.scheduling.admin_actions import SESSION_ACTIONS
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ReviewRequestStatusChange,
    ScheduledSession,
    SessionEvent,
    Student,
)
from mentormatch.web.admin_selection import SelectedIdsMixin

_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

admin.site.site_header = "mentormatch administration"
admin.site.site_title = "mentormatch"
# The admin's "View site" link opens the program dashboard.
admin.site.site_url = "/dashboard/"


def windows_summary(windows: Any, *, limit: int = 6) -> str:
    """`Mon 13:00-16:00, Dec 21 09:00-12:00 (+3 more)`: a short reading of stored windows."""
    if not isinstance(windows, list) or not windows:
        return "—"
    parts = []
    for window in windows[:limit]:
        if not isinstance(window, dict):
            continue
        weekday = window.get("weekday")
        day = _DAYS[weekday] if isinstance(weekday, int) and 0 <= weekday < 7 else str(window.get("date"))
        zone = f" {window['tz']}" if window.get("tz") else ""
        parts.append(f"{day} {window.get('start')}-{window.get('end')}{zone}")
    more = f" (+{len(windows) - limit} more)" if len(windows) > limit else ""
    return ", ".join(parts) + more


def _pretty_json(value: Any) -> str:
    return format_html(
        "<pre style='white-space: pre-wrap'>{}</pre>", json.dumps(value, indent=2, default=str)
    )


class _AvailabilityDisplay:
    """Read-only renderings shared by availability and review requests."""

    @admin.display(description="windows")
    def windows_display(self, obj: ProfessionalAvailability | ReviewRequest) -> str:
        return windows_summary(obj.windows)

    @admin.display(description="exclusions")
    def exclusions_display(self, obj: ProfessionalAvailability | ReviewRequest) -> str:
        return windows_summary(obj.exclusions)

    @admin.display(description="warnings")
    def warnings_display(self, obj: ProfessionalAvailability | ReviewRequest) -> str:
        if not obj.warnings:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings)))

    @admin.display(description="form answers")
    def form_answers_display(self, obj: ProfessionalAvailability | ReviewRequest) -> str:
        return _pretty_json(obj.form_answers) if obj.form_answers else "—"

    @admin.display(description="parsed windows (JSON)")
    def windows_json(self, obj: ProfessionalAvailability | ReviewRequest) -> str:
        return _pretty_json({"windows": obj.windows, "exclusions": obj.exclusions})


_AVAILABILITY_READONLY = (
    "availability_text",
    "form_answers_display",
    "timezone",
    "windows_display",
    "exclusions_display",
    "confidence",
    "warnings_display",
    "windows_json",
    "valid_from",
    "valid_until",
)


class ProfessionalAvailabilityInline(_AvailabilityDisplay, admin.StackedInline):
    model = ProfessionalAvailability
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at"]
    fields = readonly_fields = (
        "is_current",
        "source",
        "created_at",
        *_AVAILABILITY_READONLY,
        "delivery",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Professional)
class ProfessionalAdmin(SelectedIdsMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "email",
        "company",
        "title",
        "timezone",
        "max_sessions_per_week",
        "reviews_done",
        "rating",
        "active",
        "needs_clarification",
        "current_windows",
    ]
    list_filter = ["active", "needs_clarification", "timezone"]
    search_fields = ["name", "email", "company", "title", "specialties", "discord_id"]
    list_editable = ["active"]
    readonly_fields = ["created_at", "updated_at", "rating", "rating_count", "reviews_done"]
    fieldsets = [
        (None, {"fields": ["name", "email", "discord_id", "title", "company", "active"]}),
        (
            "What they review",
            {"fields": ["specialties", "industries", "experience_levels", "meeting_formats", "notes"]},
        ),
        ("Scheduling", {"fields": ["timezone", "max_sessions_per_week", "needs_clarification"]}),
        ("Record", {"fields": ["rating", "rating_count", "reviews_done", "created_at", "updated_at"]}),
    ]
    inlines = [ProfessionalAvailabilityInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Professional]:
        return super().get_queryset(request).prefetch_related("availabilities")

    @admin.display(description="current availability")
    def current_windows(self, obj: Professional) -> str:
        current = next((a for a in obj.availabilities.all() if a.is_current), None)
        return windows_summary(current.windows, limit=3) if current else "—"


@admin.register(ProfessionalAvailability)
class ProfessionalAvailabilityAdmin(_AvailabilityDisplay, SelectedIdsMixin, admin.ModelAdmin):
    list_display = [
        "professional",
        "created_at",
        "is_current",
        "source",
        "timezone",
        "confidence",
        "warning_count",
        "windows_display",
    ]
    list_filter = ["is_current", "source", "timezone"]
    search_fields = ["professional__name", "professional__email", "availability_text"]
    date_hierarchy = "created_at"
    list_select_related = ["professional"]
    fields = readonly_fields = (
        "professional",
        "is_current",
        "source",
        "created_at",
        *_AVAILABILITY_READONLY,
        "delivery",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="warnings")
    def warning_count(self, obj: ProfessionalAvailability) -> int:
        return len(obj.warnings or [])


class ReviewRequestInline(admin.TabularInline):
    model = ReviewRequest
    extra = 0
    can_delete = False
    show_change_link = True
    fields = readonly_fields = (
        "status",
        "target_industry",
        "target_role",
        "needs_clarification",
        "created_at",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Student)
class StudentAdmin(SelectedIdsMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "discord_username",
        "discord_id",
        "email",
        "timezone",
        "request_count",
        "created_at",
    ]
    list_filter = ["timezone"]
    search_fields = ["name", "email", "discord_id", "discord_username"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ReviewRequestInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Student]:
        return super().get_queryset(request).annotate(_requests=Count("review_requests"))

    @admin.display(description="requests", ordering="_requests")
    def request_count(self, obj: Student) -> int:
        return int(getattr(obj, "_requests", 0))


class ReviewRequestStatusChangeInline(admin.TabularInline):
    model = ReviewRequestStatusChange
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "at",
        "from_status",
        "to_status",
        "actor",
        "note",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SessionInline(admin.TabularInline):
    model = ScheduledSession
    fk_name = "review_request"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = readonly_fields = (
        "start",
        "end",
        "professional",
        "status",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NeedsClarificationFilter(admin.SimpleListFilter):
    title = "availability"
    parameter_name = "reading"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("unclear", "Needs clarification"), ("clear", "Read cleanly")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "unclear":
            return queryset.filter(needs_clarification=True)
        if self.value() == "clear":
            return queryset.filter(needs_clarification=False)
        return queryset


@admin.register(ReviewRequest)
class ReviewRequestAdmin(_AvailabilityDisplay, SelectedIdsMixin, admin.ModelAdmin):
    list_display = [
        "student",
        "status",
        "target_industry",
        "target_role",
        "experience_level",
        "timezone",
        "needs_clarification",
        "windows_display",
        "created_at",
    ]
    list_filter = ["status", NeedsClarificationFilter, "experience_level", "target_industry"]
    search_fields = [
        "student__name",
        "student__email",
        "student__discord_id",
        "student__discord_username",
        "target_industry",
        "target_role",
        "availability_text",
    ]
    date_hierarchy = "created_at"
    list_select_related = ["student"]
    readonly_fields = ("student", "status", "created_at", "updated_at", "delivery", *_AVAILABILITY_READONLY)
    fieldsets = [
        (None, {"fields": ["student", "status", "needs_clarification", "created_at", "updated_at"]}),
        ("Request", {"fields": ["target_industry", "target_role", "experience_level", "resume_link"]}),
        ("Availability", {"fields": _AVAILABILITY_READONLY}),
        ("Source", {"fields": ["delivery"]}),
    ]
    inlines = [ReviewRequestStatusChangeInline, SessionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReviewRequestStatusChange)
class ReviewRequestStatusChangeAdmin(SelectedIdsMixin, admin.ModelAdmin):
    list_display = ["at", "review_request", "from_status", "to_status", "actor", "note"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["review_request__student__name", "actor", "note"]
    date_hierarchy = "at"
    list_select_related = ["review_request__student"]
    readonly_fields = ["review_request", "from_status", "to_status", "actor", "note", "at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history


class SessionEventInline(admin.TabularInline):
    model = SessionEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "at",
        "kind",
        "actor",
        "data_display",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="data")
    def data_display(self, obj: SessionEvent) -> str:
        return json.dumps(obj.data, default=str) if obj.data else "—"


class UpcomingFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        from django.utils import timezone

        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(start__gte=now)
        if self.value() == "past":
            return queryset.filter(Q(start__lt=now))
        return queryset


@admin.register(ScheduledSession)
class ScheduledSessionAdmin(SelectedIdsMixin, admin.ModelAdmin):
    list_display = ["start", "end", "student", "professional", "status", "scheduled_by", "sequence"]
    list_filter = ["status", UpcomingFilter, "professional"]
    search_fields = [
        "student__name",
        "student__discord_id",
        "student__email",
        "professional__name",
        "professional__email",
        "scheduled_by",
    ]
    date_hierarchy = "start"
    list_select_related = ["student", "professional"]
    # Bookings change only through the scheduling services, which check availability and notify people.
    readonly_fields = [
        "student",
        "professional",
        "review_request",
        "start",
        "end",
        "status",
        "sequence",
        "calendar_event_id",
        "scheduled_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                # Deleting a row would leave its request "scheduled" with no session and tell nobody.
                "description": (
                    "Sessions are never deleted. To call one off, select it in the list and run the action "
                    "“Cancel selected sessions”: the request goes back to pending, both people are told and "
                    "the calendar event is cancelled."
                ),
                "fields": [
                    "student",
                    "professional",
                    "review_request",
                    "start",
                    "end",
                    "status",
                    "sequence",
                    "scheduled_by",
                    "meeting_link",
                    "notes",
                    "calendar_event_id",
                    "created_at",
                    "updated_at",
                ],
            },
        )
    ]
    inlines = [SessionEventInline]
    actions = SESSION_ACTIONS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # No delete view and no "Delete selected" action: cancel through the services (the cancel action).
        return False


@admin.register(SessionEvent)
class SessionEventAdmin(SelectedIdsMixin, admin.ModelAdmin):
    list_display = ["at", "session", "kind", "actor"]
    list_filter = ["kind"]
    search_fields = ["session__student__name", "session__professional__name", "actor", "kind"]
    date_hierarchy = "at"
    list_select_related = ["session__student", "session__professional"]
    readonly_fields = ["session", "kind", "actor", "at", "data"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history
