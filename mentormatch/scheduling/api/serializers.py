"""Input and output shapes of the REST resources (`scheduled-sessions/`, `professional-availability/`).

Output serializers are read-only views of models; input serializers validate what a caller sends before a
service is called. Times go out as ISO 8601 in UTC (`2026-12-07T20:30:00Z`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone as django_timezone
from rest_framework import serializers

from mentormatch.scheduling.api.bot import DiscordIdField
from mentormatch.scheduling.limits import SESSION_MINUTES_RANGE, validate_session_minutes
from mentormatch.scheduling.models import (
    Professional,
    ProfessionalAvailability,
    ScheduledSession,
    Student,
)


class WindowSerializer(serializers.Serializer):
    """One parsed window: weekly (weekday set) or dated (date set), in local wall time."""

    weekday = serializers.IntegerField(allow_null=True, help_text="0 = Monday … 6 = Sunday; null when dated.")
    date = serializers.DateField(allow_null=True, help_text="Set for a dated window.")
    start = serializers.CharField(help_text="HH:MM local time.")
    end = serializers.CharField(help_text="HH:MM local time (24:00 allowed).")
    tz = serializers.CharField(allow_null=True, help_text="IANA zone named by the text; null = the person's.")


class StudentSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Student
        fields = ["id", "name", "discord_id", "discord_username", "email", "timezone"]
        read_only_fields = fields


class ProfessionalSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Professional
        fields = ["id", "name", "email", "title", "company", "timezone", "max_sessions_per_week", "active"]
        read_only_fields = fields


class ScheduledSessionSerializer(serializers.ModelSerializer):
    student = StudentSummarySerializer(read_only=True)
    professional = ProfessionalSummarySerializer(read_only=True)
    review_request: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ScheduledSession
        fields = [
            "id",
            "student",
            "professional",
            "review_request",
            "start",
            "end",
            "status",
            "scheduled_by",
            "sequence",
            "meeting_link",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class ScheduledSessionListQuerySerializer(serializers.Serializer):
    status = serializers.CharField(
        required=False, help_text="One status or several, comma-separated: scheduled,completed."
    )
    professional = serializers.CharField(
        required=False,
        help_text="Professional id, or name as the bot API reads it (a unique part works); unknown is a 404.",
    )
    student = serializers.CharField(
        required=False, help_text="Student id, or Discord id (a long number) or mention; unknown is a 404."
    )
    start_after = serializers.DateTimeField(required=False, help_text="Only sessions starting at/after this.")
    start_before = serializers.DateTimeField(required=False, help_text="Only sessions starting before this.")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=1000, default=200)

    def validate_status(self, value: str) -> list[str]:
        statuses = [part.strip() for part in value.split(",") if part.strip()]
        unknown = [s for s in statuses if s not in ScheduledSession.Status.values]
        if unknown:
            allowed = ", ".join(ScheduledSession.Status.values)
            raise serializers.ValidationError(f"unknown status {', '.join(unknown)} (one of {allowed})")
        return statuses


def session_minutes_field() -> serializers.IntegerField:
    """`duration_minutes` of a booking or a move: checked by the one session-length validator (10-240)."""
    low, high = SESSION_MINUTES_RANGE
    return serializers.IntegerField(
        required=False,
        validators=[validate_session_minutes],
        help_text=f"The session's length, {low} to {high} minutes (default SESSION_MINUTES).",
    )


# A booking's exact start must fall within this span around now; anything else is a typing error.
START_PAST_DAYS = 366
START_FUTURE_DAYS = 2 * 366


class BookingStartField(serializers.DateTimeField):
    """An exact start: ISO 8601 with an offset ("2026-12-14T15:30:00-05:00" or "...Z"), within two years,
    on a whole minute (no seconds or fractions: a typed scheduled_time cannot give them either).

    A time without an offset is refused rather than read silently as UTC: give the offset, or send
    `scheduled_time` (read in `timezone`, else the program's zone).
    """

    def to_internal_value(self, value: Any) -> dt.datetime:
        if isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                raise serializers.ValidationError(
                    "not an ISO 8601 time such as 2026-12-14T15:30:00-05:00"
                ) from None
            if parsed.tzinfo is None:
                raise serializers.ValidationError(
                    "give an offset (2026-12-14T15:30:00-05:00 or ...Z), or send scheduled_time to have it "
                    "read in timezone (else the program's zone)"
                )
            try:
                start = parsed.astimezone(dt.UTC)
            except OverflowError:
                raise serializers.ValidationError("outside the calendar's range") from None
        else:
            start = super().to_internal_value(value)
        now = django_timezone.now()
        earliest = now - dt.timedelta(days=START_PAST_DAYS)
        latest = now + dt.timedelta(days=START_FUTURE_DAYS)
        if not earliest <= start <= latest:
            raise serializers.ValidationError(
                f"{start:%Y-%m-%d} is not within a year before and two years after today"
            )
        if start.second or start.microsecond:
            # Sessions start on a whole minute, as a typed scheduled_time always does.
            whole = start.replace(second=0, microsecond=0).isoformat()
            raise serializers.ValidationError(f"give a whole minute, without seconds (such as {whole})")
        return start


class ScheduledSessionCreateSerializer(serializers.Serializer):
    """Book a session: who (student by id or Discord id, professional by id or name) and when."""

    student_id = serializers.IntegerField(required=False)
    discord_id = DiscordIdField(required=False, help_text="The student's Discord id, or a mention <@...>.")
    professional_id = serializers.IntegerField(required=False)
    professional_name = serializers.CharField(required=False)
    scheduled_time = serializers.CharField(
        required=False, help_text='As typed: "Monday 2:00 PM", "Mon 14:00 ET", "2026-12-14 15:30".'
    )
    start = BookingStartField(
        required=False,
        help_text=(
            "An exact start instead of scheduled_time: ISO 8601 with an offset, within two years, on a whole "
            "minute."
        ),
    )
    duration_minutes = session_minutes_field()
    timezone = serializers.CharField(required=False, help_text="Zone for scheduled_time (IANA or ET/CT/…).")
    actor_discord_id = DiscordIdField(
        required=False, allow_blank=True, help_text="The Discord user who asked (recorded); a mention works."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, str] = {}
        # Each pair is one choice: neither is missing information, both is a contradiction (never resolved
        # silently by preferring one).
        for first, second, field, hint in (
            ("student_id", "discord_id", "student_id", "give student_id or discord_id"),
            (
                "professional_id",
                "professional_name",
                "professional_id",
                "give professional_id or professional_name",
            ),
            (
                "scheduled_time",
                "start",
                "scheduled_time",
                "give scheduled_time (as typed) or start (ISO 8601)",
            ),
        ):
            given = [name for name in (first, second) if name in attrs]
            if not given:
                errors[field] = hint
            elif len(given) == 2:
                errors[field] = f"{hint}, not both"
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ProfessionalAvailabilitySerializer(serializers.ModelSerializer):
    professional = ProfessionalSummarySerializer(read_only=True)
    windows = WindowSerializer(many=True, read_only=True)
    exclusions = WindowSerializer(many=True, read_only=True)
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ProfessionalAvailability
        fields = [
            "id",
            "professional",
            "source",
            "timezone",
            "availability_text",
            "form_answers",
            "windows",
            "exclusions",
            "confidence",
            "warnings",
            "valid_from",
            "valid_until",
            "is_current",
            "created_at",
        ]
        read_only_fields = fields


class ProfessionalAvailabilityQuerySerializer(serializers.Serializer):
    professional = serializers.CharField(
        required=False,
        help_text="Professional id, or name as the bot API reads it (a unique part works); unknown is a 404.",
    )
    active = serializers.BooleanField(required=False, default=True, help_text="Only active professionals.")
    needs_clarification = serializers.BooleanField(required=False, allow_null=True, default=None)
