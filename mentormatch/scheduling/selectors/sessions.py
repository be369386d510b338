"""Reads about sessions and review requests, for the bot API and the admin."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from mentormatch.scheduling.models import Professional, ReviewRequest, ScheduledSession, Student
from mentormatch.web.errors import NotFound

Status = ScheduledSession.Status


def session_get(*, session_id: int) -> ScheduledSession:
    session = (
        ScheduledSession.objects.select_related("student", "professional", "review_request")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound(f"No session with id {session_id}.")
    return session


def student_by_discord_id(*, discord_id: str) -> Student:
    """The student with this Discord id, given as the number or as a mention (`<@...>`, `<@!...>`)."""
    from mentormatch.scheduling.services.people import discord_id_normalise

    discord_id = discord_id_normalise(discord_id) or ""
    student = Student.objects.filter(discord_id=discord_id).first()
    if student is None:
        raise NotFound(
            f"No student with Discord id {discord_id}: they should fill in the request form first (!resume)."
        )
    return student


def professional_by_name(*, name: str | None = None, professional_id: int | None = None) -> Professional:
    """The professional an admin means by `name` (or the one with `professional_id`), through the one shared
    lookup (`selectors.people.professional_find`: exact ignoring case and accents, else a unique partial
    match; ambiguous is a 400 listing the candidates with ids and emails, none a 404 with did-you-mean), as a
    full record."""
    from mentormatch.scheduling.selectors.people import professional_find

    found = professional_find(name=name, professional_id=professional_id)
    return Professional.objects.get(pk=found.pk)


def student_session_for_action(
    *, student: Student, now: datetime, started: bool, professional: Professional | None = None
) -> ScheduledSession:
    """The scheduled session an admin most likely means when naming only the student.

    For cancel and reschedule (`started=False`): the next upcoming one. For complete and no-show
    (`started=True`): the latest one that has started.
    """
    sessions = ScheduledSession.objects.select_related("student", "professional", "review_request").filter(
        student=student, status=Status.SCHEDULED
    )
    if professional is not None:
        sessions = sessions.filter(professional=professional)
    if started:
        found = sessions.filter(start__lte=now).order_by("-start").first()
        missing = "no scheduled session that has started"
    else:
        found = sessions.filter(start__gt=now).order_by("start").first()
        missing = "no upcoming scheduled session"
    if found is None:
        raise NotFound(f"{student} has {missing}.")
    return found


def pending_review_requests() -> QuerySet[ReviewRequest]:
    """Pending requests, oldest first, with their students."""
    return (
        ReviewRequest.objects.filter(status=ReviewRequest.Status.PENDING)
        .select_related("student")
        .order_by("created_at", "pk")
    )


def student_review_requests(*, student: Student) -> QuerySet[ReviewRequest]:
    """The student's requests, newest first, each with its sessions (newest first)."""
    sessions = ScheduledSession.objects.select_related("student", "professional").order_by("-start")
    return (
        student.review_requests.select_related("student")
        .prefetch_related(Prefetch("sessions", queryset=sessions))
        .order_by("-created_at", "-pk")
    )


def professionals_list(*, active_only: bool = False) -> QuerySet[Professional]:
    rows = Professional.objects.all().prefetch_related("availabilities").order_by("name", "pk")
    if active_only:
        rows = rows.filter(active=True)
    return rows
