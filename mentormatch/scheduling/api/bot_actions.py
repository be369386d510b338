"""The bot API's actions for requests, matching, sessions and professionals.

Each action parses its input (its serializer), calls one selector or service, and renders the answer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from rest_framework import serializers

from mentormatch.scheduling.api.bot import (
    BotActionInput,
    BotCall,
    DiscordIdField,
    StrictCharField,
    bot_action,
)
from mentormatch.scheduling.api.render import (
    availability_json,
    match_result_json,
    professional_json,
    request_json,
    session_json,
    student_json,
)
from mentormatch.scheduling.api.serializers import session_minutes_field
from mentormatch.scheduling.limits import MAX_SESSIONS_PER_WEEK_RANGE, validate_weekly_limit
from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ScheduledSession
from mentormatch.scheduling.selectors import sessions as session_selectors
from mentormatch.scheduling.selectors.matching import suggest_matches
from mentormatch.scheduling.services import sessions as session_services
from mentormatch.web.errors import ApiError, Conflict, NotFound


def _discord_id(*, required: bool = True) -> serializers.CharField:
    return DiscordIdField(
        required=required,
        allow_blank=not required,
        help_text="The student's Discord user id, or a mention <@...>.",
    )


def _weekly_limit() -> serializers.IntegerField:
    low, high = MAX_SESSIONS_PER_WEEK_RANGE
    return serializers.IntegerField(
        required=False,
        validators=[validate_weekly_limit],
        help_text=f"Sessions a week at most, {low} to {high} (the same bounds as the form).",
    )


def _professional_id(*, new: bool = False) -> serializers.IntegerField:
    which = "the new professional" if new else "the professional"
    return serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=f"The id of {which}, instead of the name (picks among namesakes).",
    )


def _check_professional(attrs: dict[str, Any], *, prefix: str = "", required: bool) -> None:
    """`<prefix>professional_name` or `<prefix>professional_id`: one of them (when `required`), never both."""
    name_key, id_key = f"{prefix}professional_name", f"{prefix}professional_id"
    has_name, has_id = bool(attrs.get(name_key)), attrs.get(id_key) is not None
    if has_name and has_id:
        raise serializers.ValidationError(f"Give {name_key} or {id_key}, not both.")
    if required and not (has_name or has_id):
        raise serializers.ValidationError(f"Give {name_key} or {id_key}.")


def _professional(call: BotCall, *, prefix: str = "") -> Professional | None:
    """The professional named by `<prefix>professional_id` or `<prefix>professional_name`, through the one
    shared lookup; None when neither was given."""
    professional_id = call.data.get(f"{prefix}professional_id")
    name = call.data.get(f"{prefix}professional_name")
    if professional_id is None and not name:
        return None
    return session_selectors.professional_by_name(name=name, professional_id=professional_id)


# --- requests -------------------------------------------------------------------------------------------


class PendingReviewsInput(BotActionInput):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200, default=50)


@bot_action("pending-reviews", PendingReviewsInput, summary="Pending review requests, oldest first")
def pending_reviews(call: BotCall) -> dict[str, Any]:
    pending = session_selectors.pending_review_requests()
    shown = list(pending[: call.data["limit"]])
    return {"requests": [request_json(r) for r in shown], "count": pending.count()}


class DiscordIdInput(BotActionInput):
    discord_id = _discord_id()


@bot_action("review-status", DiscordIdInput, summary="A student's review requests and their sessions")
def review_status(call: BotCall) -> dict[str, Any]:
    student = session_selectors.student_by_discord_id(discord_id=call.data["discord_id"])
    requests = session_selectors.student_review_requests(student=student)
    return {
        "student": student_json(student),
        "requests": [request_json(r, sessions=list(r.sessions.all())) for r in requests],
    }


@bot_action("review-stats", summary="Program statistics: requests, sessions, professionals")
def review_stats(call: BotCall) -> dict[str, Any]:
    from mentormatch.dashboard.selectors import program_stats

    return program_stats(now=call.now)


class StudentLinkInput(BotActionInput):
    discord_id = _discord_id(required=False)
    discord_username = serializers.CharField(required=False, allow_blank=True, max_length=100)


def _student_link(call: BotCall) -> dict[str, Any]:
    url = str(settings.STUDENT_FORM_URL or "").strip()
    if not url:
        raise ApiError(
            "The student form link is not configured (STUDENT_FORM_URL).",
            code="form_not_configured",
            status_code=503,
        )
    entry = str(settings.STUDENT_FORM_DISCORD_ID_ENTRY or "").strip()
    discord_id = str(call.data.get("discord_id") or "").strip()
    if not (entry and discord_id):
        return {"url": url, "prefilled": False}
    if not entry.startswith("entry."):
        entry = f"entry.{entry}"
    query = urlencode({"usp": "pp_url", entry: discord_id}, quote_via=quote)
    separator = "&" if "?" in url else "?"
    return {"url": f"{url}{separator}{query}", "prefilled": True}


bot_action("student-link", StudentLinkInput, summary="The review request form link for !resume")(
    _student_link
)
bot_action("resume", StudentLinkInput, summary="Same as student-link")(_student_link)


# --- matching -------------------------------------------------------------------------------------------


class SuggestMatchesInput(BotActionInput):
    discord_id = _discord_id()
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50)


@bot_action(
    "suggest-matches", SuggestMatchesInput, summary="Ranked professionals who can really meet a student"
)
def suggest(call: BotCall) -> dict[str, Any]:
    student = session_selectors.student_by_discord_id(discord_id=call.data["discord_id"])
    result = suggest_matches(student=student, now=call.now, limit=call.data.get("limit"))
    return match_result_json(result)


# --- sessions ---------------------------------------------------------------------------------------------


class ScheduleSessionInput(BotActionInput):
    discord_id = _discord_id()
    professional_name = serializers.CharField(required=False, max_length=200)
    professional_id = _professional_id()
    scheduled_time = serializers.CharField(max_length=200, help_text='As typed: "Monday 2:00 PM".')
    duration_minutes = session_minutes_field()
    timezone = serializers.CharField(required=False, allow_blank=True, max_length=64)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _check_professional(attrs, required=True)
        return attrs


@bot_action("schedule-session", ScheduleSessionInput, summary="Book a session at a typed time")
def schedule_session(call: BotCall) -> dict[str, Any]:
    student = session_selectors.student_by_discord_id(discord_id=call.data["discord_id"])
    professional = _professional(call)
    assert professional is not None  # the input requires a name or an id
    outcome = session_services.session_schedule_outcome(
        student=student,
        professional=professional,
        scheduled_time=call.data["scheduled_time"],
        timezone=call.data.get("timezone") or None,
        duration_minutes=call.data.get("duration_minutes"),
        actor=call.actor,
        now=call.now,
    )
    return {"session": session_json(outcome.session), "notes": outcome.notes}


class SessionRefInput(BotActionInput):
    """A session by id, or by its student (their next upcoming one, or for complete/no-show the latest one
    that has started), optionally narrowed to one professional."""

    session_id = serializers.IntegerField(required=False, min_value=1)
    discord_id = _discord_id(required=False)
    professional_name = serializers.CharField(required=False, max_length=200)
    professional_id = _professional_id()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("session_id") and not attrs.get("discord_id"):
            raise serializers.ValidationError("Give session_id or the student's discord_id.")
        _check_professional(attrs, required=False)
        return attrs


def _session(call: BotCall, *, started: bool) -> ScheduledSession:
    if call.data.get("session_id"):
        return session_selectors.session_get(session_id=call.data["session_id"])
    student = session_selectors.student_by_discord_id(discord_id=call.data["discord_id"])
    return session_selectors.student_session_for_action(
        student=student, now=call.now, started=started, professional=_professional(call)
    )


class CancelSessionInput(SessionRefInput):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


@bot_action(
    "cancel-session", CancelSessionInput, summary="Cancel a session (the request goes back to pending)"
)
def cancel_session(call: BotCall) -> dict[str, Any]:
    session = session_services.session_cancel(
        session=_session(call, started=False), actor=call.actor, reason=call.data["reason"], now=call.now
    )
    return {"session": session_json(session)}


class RescheduleSessionInput(SessionRefInput):
    scheduled_time = serializers.CharField(max_length=200, help_text='As typed: "Wednesday 1:30 PM".')
    timezone = serializers.CharField(required=False, allow_blank=True, max_length=64)
    new_professional_name = serializers.CharField(required=False, max_length=200)
    new_professional_id = _professional_id(new=True)
    duration_minutes = session_minutes_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        _check_professional(attrs, prefix="new_", required=False)
        return attrs


@bot_action(
    "reschedule-session", RescheduleSessionInput, summary="Move a session, checked like a new booking"
)
def reschedule_session(call: BotCall) -> dict[str, Any]:
    new_professional = _professional(call, prefix="new_")
    outcome = session_services.session_reschedule_outcome(
        session=_session(call, started=False),
        scheduled_time=call.data["scheduled_time"],
        timezone=call.data.get("timezone") or None,
        professional=new_professional,
        duration_minutes=call.data.get("duration_minutes"),
        actor=call.actor,
        now=call.now,
    )
    return {"session": session_json(outcome.session), "changed": outcome.changed, "notes": outcome.notes}


class CompleteSessionInput(SessionRefInput):
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


@bot_action("complete-session", CompleteSessionInput, summary="Mark a session as held")
def complete_session(call: BotCall) -> dict[str, Any]:
    session = session_services.session_complete(
        session=_session(call, started=True), actor=call.actor, notes=call.data["notes"], now=call.now
    )
    return {"session": session_json(session)}


class NoShowInput(SessionRefInput):
    absent = serializers.ChoiceField(choices=["student", "professional"], default="student")


@bot_action("mark-no-show", NoShowInput, summary="Record that a session did not happen (who did not come)")
def mark_no_show(call: BotCall) -> dict[str, Any]:
    session = session_services.session_mark_no_show(
        session=_session(call, started=True), actor=call.actor, absent=call.data["absent"], now=call.now
    )
    return {"session": session_json(session)}


# --- professionals ------------------------------------------------------------------------------------


class AddProfessionalInput(BotActionInput):
    name = StrictCharField(required=False, max_length=200)
    professional_id = serializers.IntegerField(
        required=False, min_value=1, help_text="Update this professional (by id) instead of finding them."
    )
    specialties = StrictCharField(required=False, allow_blank=True, max_length=2000)
    email = serializers.EmailField(required=False, allow_blank=True)
    title = StrictCharField(required=False, allow_blank=True, max_length=200)
    company = StrictCharField(required=False, allow_blank=True, max_length=200)
    industries = serializers.ListField(child=StrictCharField(max_length=200), required=False)
    experience_levels = serializers.ListField(child=StrictCharField(max_length=200), required=False)
    timezone = StrictCharField(required=False, allow_blank=True, max_length=64)
    max_sessions_per_week = _weekly_limit()
    discord_id = DiscordIdField(required=False, allow_blank=True, help_text="Their Discord id or a mention.")
    active = serializers.BooleanField(
        required=False,
        help_text="false: not offered for matching (kept on file); omitted keeps what is stored.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("name") and attrs.get("professional_id") is None:
            raise serializers.ValidationError({"name": "Give the professional's name (or professional_id)."})
        return attrs


@bot_action("add-professional", AddProfessionalInput, summary="Create or update a professional")
def add_professional(call: BotCall) -> dict[str, Any]:
    from mentormatch.scheduling.services.people import professional_upsert

    data = call.data
    professional, created = professional_upsert(
        professional_id=data.get("professional_id"),
        name=data.get("name") or None,
        email=data.get("email") or None,
        title=data.get("title"),
        company=data.get("company"),
        specialties=data.get("specialties"),
        industries=data.get("industries"),
        experience_levels=data.get("experience_levels"),
        timezone=data.get("timezone") or None,
        max_sessions_per_week=data.get("max_sessions_per_week"),
        discord_id=data.get("discord_id") or None,
        active=data.get("active"),
        allow_namesake=False,
    )
    professional = session_selectors.professionals_list().get(pk=professional.pk)
    return {"professional": professional_json(professional, with_availability=True), "created": created}


class ListProfessionalsInput(BotActionInput):
    active_only = serializers.BooleanField(required=False, default=False)


@bot_action("list-professionals", ListProfessionalsInput, summary="Every professional, by name")
def list_professionals(call: BotCall) -> dict[str, Any]:
    rows = list(session_selectors.professionals_list(active_only=call.data["active_only"]))
    return {"professionals": [professional_json(p, with_availability=True) for p in rows], "count": len(rows)}


class AddAvailabilityInput(BotActionInput):
    professional_name = StrictCharField(
        required=False, max_length=200, help_text="Creates the professional when it matches nobody."
    )
    professional_id = _professional_id()
    email = serializers.EmailField(required=False, allow_blank=True)
    availability_text = serializers.CharField(
        max_length=5000, help_text='As written: "Mon 2-4pm, Wed mornings".'
    )
    timezone = serializers.CharField(required=False, allow_blank=True, max_length=64)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    max_sessions_per_week = _weekly_limit()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _check_professional(attrs, required=True)
        return attrs


@bot_action(
    "add-professional-availability",
    AddAvailabilityInput,
    summary="Store a professional's availability from text (creates the professional if new)",
)
def add_professional_availability(call: BotCall) -> dict[str, Any]:
    from mentormatch.scheduling.services.availability import professional_availability_ingest
    from mentormatch.scheduling.services.people import professional_upsert

    data = call.data
    # The shared lookup: an id, or a partial name of someone on file, is that person (never a new
    # professional); an ambiguous name is a 400 listing the candidates; only a name matching nobody creates
    # someone.
    professional: Professional | None
    try:
        professional = _professional(call)
    except NotFound:
        if data.get("professional_id") is not None:
            raise
        professional = None
    email = str(data.get("email") or "").strip().lower()
    if professional is not None and email and professional.email and professional.email.lower() != email:
        raise Conflict(
            f"Not stored: {professional.name} (id {professional.pk}) has the email {professional.email}, not "
            f"{email}. To add a different person, use add-professional with a name that tells them apart; to "
            f"change the email, use add-professional with professional_id {professional.pk} and the email.",
            code="email_mismatch",
            details={"professional_id": professional.pk},
        )
    # One transaction: availability that is refused (a bad zone, say) leaves no new or changed professional.
    with transaction.atomic():
        created = False
        if professional is None or data.get("email") or data.get("max_sessions_per_week") is not None:
            professional, created = professional_upsert(
                professional_id=professional.pk if professional is not None else None,
                name=None if professional is not None else data["professional_name"],
                email=data.get("email") or None,
                max_sessions_per_week=data.get("max_sessions_per_week"),
                allow_namesake=False,
            )
        availability: ProfessionalAvailability = professional_availability_ingest(
            professional=professional,
            text=data["availability_text"],
            form_answers={},
            timezone=data.get("timezone") or None,
            valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
            source=ProfessionalAvailability.Source.BOT,
            today=call.now.astimezone(ZoneInfo(settings.PROGRAM_TIMEZONE)).date(),
        )
    professional.refresh_from_db()
    return {
        "professional": professional_json(professional),
        "created": created,
        "availability": availability_json(availability),
    }
