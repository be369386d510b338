"""Admin actions for the session lifecycle: cancel, reschedule, complete, no-show.

Each action calls the same service as the bot API (so the same checks, history and notifications apply) and
records the staff user as the actor (`user:<username>`). Hooked into `ScheduledSessionAdmin` by
`actions = SESSION_ACTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from mentormatch.scheduling.models import Professional, ScheduledSession
from mentormatch.scheduling.services.sessions import (
    session_cancel,
    session_complete,
    session_mark_no_show,
    session_reschedule_outcome,
    session_reschedule_refusal,
)
from mentormatch.web.errors import ApiError


def clock() -> datetime:
    """The time an action runs (one place, so tests can freeze it)."""
    return timezone.now()


def _actor(request: HttpRequest) -> str:
    return f"user:{request.user.get_username()}"


def _each(
    modeladmin: admin.ModelAdmin[Any],
    request: HttpRequest,
    queryset: QuerySet[ScheduledSession],
    change: Callable[[ScheduledSession], object],
    done: str,
) -> None:
    """Apply `change` to every selected session; report successes and each refusal with its reason."""
    changed = 0
    for session in queryset.select_related("student", "professional"):
        try:
            change(session)
        except ApiError as refusal:
            modeladmin.message_user(request, f"{session}: {refusal.message}", level=messages.ERROR)
        else:
            changed += 1
    if changed:
        modeladmin.message_user(request, f"{done} {changed} session{'s' if changed != 1 else ''}.")


@admin.action(description="Cancel selected sessions (requests go back to pending)")
def cancel_sessions(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[ScheduledSession]
) -> None:
    now, actor = clock(), _actor(request)
    _each(
        modeladmin,
        request,
        queryset,
        lambda s: session_cancel(session=s, actor=actor, reason="cancelled in the admin", now=now),
        "Cancelled",
    )


@admin.action(description="Mark selected sessions as held (completed)")
def complete_sessions(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[ScheduledSession]
) -> None:
    now, actor = clock(), _actor(request)
    _each(
        modeladmin,
        request,
        queryset,
        lambda s: session_complete(session=s, actor=actor, now=now),
        "Completed",
    )


@admin.action(description="Mark selected sessions as no-show: the student did not come")
def student_no_show(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[ScheduledSession]
) -> None:
    now, actor = clock(), _actor(request)
    _each(
        modeladmin,
        request,
        queryset,
        lambda s: session_mark_no_show(session=s, actor=actor, absent="student", now=now),
        "Marked as no-show",
    )


@admin.action(description="Mark selected sessions as no-show: the professional did not come")
def professional_no_show(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[ScheduledSession]
) -> None:
    now, actor = clock(), _actor(request)
    _each(
        modeladmin,
        request,
        queryset,
        lambda s: session_mark_no_show(session=s, actor=actor, absent="professional", now=now),
        "Marked as no-show",
    )


class RescheduleForm(forms.Form):
    scheduled_time = forms.CharField(
        max_length=200,
        help_text='As you would type it: "Wednesday 1:30 PM", "Dec 14 3pm ET", "2026-12-14 15:30".',
    )
    timezone = forms.CharField(
        max_length=64,
        required=False,
        help_text="Zone of the time when it names none (default: the program's).",
    )
    professional = forms.ModelChoiceField(
        queryset=Professional.objects.filter(active=True),
        required=False,
        help_text="Leave empty to keep the same professional.",
    )


@admin.action(description="Reschedule the selected session…")
def reschedule_session(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[ScheduledSession]
) -> HttpResponse | None:
    if queryset.count() != 1:
        modeladmin.message_user(request, "Select exactly one session to reschedule.", level=messages.WARNING)
        return None
    session = queryset.select_related("student", "professional").get()
    if (unmovable := session_reschedule_refusal(session=session, now=clock())) is not None:
        modeladmin.message_user(request, f"{session}: {unmovable.message}", level=messages.ERROR)
        return None
    form = RescheduleForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            outcome = session_reschedule_outcome(
                session=session,
                scheduled_time=form.cleaned_data["scheduled_time"],
                timezone=form.cleaned_data["timezone"] or None,
                professional=form.cleaned_data["professional"],
                actor=_actor(request),
                now=clock(),
            )
        except ApiError as refusal:
            form.add_error("scheduled_time", refusal.message)
        else:
            moved = outcome.session
            done = f"Moved to {moved.start:%Y-%m-%d %H:%M} UTC: {moved}." if outcome.changed else ""
            modeladmin.message_user(request, " ".join([done, *outcome.notes]).strip())
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Reschedule session",
        "session": session,
        "form": form,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/scheduling/scheduledsession/reschedule.html", context)


SESSION_ACTIONS = [
    cancel_sessions,
    reschedule_session,
    complete_sessions,
    student_no_show,
    professional_no_show,
]
