"""REST resources: `GET, POST scheduled-sessions/` and `GET professional-availability/`.

Callers are the bot (header `X-Bot-Secret`) or a logged-in staff user. Views parse their input with a
serializer, call one selector or service, and render the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentormatch.scheduling.api.serializers import (
    ProfessionalAvailabilityQuerySerializer,
    ProfessionalAvailabilitySerializer,
    ScheduledSessionCreateSerializer,
    ScheduledSessionListQuerySerializer,
    ScheduledSessionSerializer,
)
from mentormatch.scheduling.models import Professional, ProfessionalAvailability, ScheduledSession, Student
from mentormatch.scheduling.selectors.people import professional_find
from mentormatch.scheduling.selectors.sessions import student_by_discord_id
from mentormatch.scheduling.services.people import discord_id_normalise
from mentormatch.scheduling.services.sessions import session_schedule
from mentormatch.web.auth import BotSecretAuthentication, IsStaffOrBot, is_bot
from mentormatch.web.errors import NotFound


def professional_from_filter(value: str) -> Professional:
    """The professional a `professional=` filter means: an id, else a name through the one shared lookup
    (`professional_find`, as the bot API: exact ignoring case and accents, else a unique part). Unknown is
    a 404 (with "did you mean" for a name), ambiguous a 400 listing the candidates."""
    value = value.strip()
    if value.isdigit():
        return professional_find(professional_id=int(value))
    return professional_find(name=value)


def student_from_filter(value: str) -> Student:
    """The student a `student=` filter means: a database id (a short number), else a Discord id or mention.
    Unknown is a 404; text that is neither is a 400."""
    value = value.strip()
    # Discord ids are 17-20 digit snowflakes; shorter numbers are database ids.
    if value.isdigit() and len(value) < 15:
        student = Student.objects.filter(pk=int(value)).first()
        if student is None:
            raise NotFound(f"No student with id {value}.")
        return student
    discord_id = discord_id_normalise(value, field="student") or ""
    student = Student.objects.filter(discord_id=discord_id).first()
    if student is None:
        raise NotFound(f"No student with Discord id {discord_id}.")
    return student


def scheduled_sessions_list(
    *,
    statuses: list[str] | None = None,
    professional: Professional | None = None,
    student: Student | None = None,
    start_after: Any = None,
    start_before: Any = None,
) -> QuerySet[ScheduledSession]:
    """Sessions by start time, filtered by status, professional, student and start."""
    sessions = ScheduledSession.objects.select_related("student", "professional").order_by("start", "pk")
    if statuses:
        sessions = sessions.filter(status__in=statuses)
    if professional is not None:
        sessions = sessions.filter(professional=professional)
    if student is not None:
        sessions = sessions.filter(student=student)
    if start_after is not None:
        sessions = sessions.filter(start__gte=start_after)
    if start_before is not None:
        sessions = sessions.filter(start__lt=start_before)
    return sessions


def professional_availability_current_list(
    *,
    professional: Professional | None = None,
    active: bool | None = True,
    needs_clarification: bool | None = None,
) -> QuerySet[ProfessionalAvailability]:
    """Each professional's current availability, with the professional, ordered by name."""
    rows = ProfessionalAvailability.objects.filter(is_current=True).select_related("professional")
    if professional is not None:
        rows = rows.filter(professional=professional)
    if active is not None:
        rows = rows.filter(professional__active=active)
    if needs_clarification is not None:
        rows = rows.filter(professional__needs_clarification=needs_clarification)
    return rows.order_by("professional__name", "pk")


def _optional[T](find: Callable[[str], T], value: str | None) -> T | None:
    return find(value) if value and value.strip() else None


class _StaffOrBotView(APIView):
    authentication_classes = [BotSecretAuthentication, SessionAuthentication]
    permission_classes = [IsStaffOrBot]


class ScheduledSessionsView(_StaffOrBotView):
    @extend_schema(
        operation_id="scheduled_sessions_list",
        summary="List scheduled sessions",
        parameters=[ScheduledSessionListQuerySerializer],
        responses={200: ScheduledSessionSerializer(many=True)},
        tags=["sessions"],
    )
    def get(self, request: Request) -> Response:
        query = ScheduledSessionListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        sessions = scheduled_sessions_list(
            statuses=params.get("status"),
            professional=_optional(professional_from_filter, params.get("professional")),
            student=_optional(student_from_filter, params.get("student")),
            start_after=params.get("start_after"),
            start_before=params.get("start_before"),
        )[: params["limit"]]
        return Response(ScheduledSessionSerializer(sessions, many=True).data)

    @extend_schema(
        operation_id="scheduled_sessions_create",
        summary="Book a session (refused with alternatives when either person is not free)",
        request=ScheduledSessionCreateSerializer,
        responses={
            201: ScheduledSessionSerializer,
            400: OpenApiResponse(description="Invalid input (error shape)."),
            404: OpenApiResponse(description="No such student or professional."),
            409: OpenApiResponse(
                description="Refused: error.code says why, error.alternatives lists free times."
            ),
        },
        tags=["sessions"],
    )
    def post(self, request: Request) -> Response:
        data = ScheduledSessionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = data.validated_data
        student = _student_for(params)
        professional = _professional_for(params)
        actor = _actor(request, params.get("actor_discord_id"))
        session = session_schedule(
            student=student,
            professional=professional,
            actor=actor,
            start=params.get("start"),
            scheduled_time=params.get("scheduled_time"),
            timezone=params.get("timezone"),
            duration_minutes=params.get("duration_minutes"),
        )
        return Response(ScheduledSessionSerializer(session).data, status=status.HTTP_201_CREATED)


def _student_for(params: dict[str, Any]) -> Student:
    if "student_id" in params:
        student = Student.objects.filter(pk=params["student_id"]).first()
        if student is None:
            raise NotFound(f"No student with id {params['student_id']}.")
        return student
    return student_by_discord_id(discord_id=str(params["discord_id"]))


def _professional_for(params: dict[str, Any]) -> Professional:
    if "professional_id" in params:
        return professional_find(professional_id=params["professional_id"])
    return professional_find(name=str(params["professional_name"]))


def _actor(request: Request, actor_discord_id: str | None) -> str:
    if actor_discord_id:
        return f"discord:{actor_discord_id}"
    if is_bot(request):
        return "bot"
    return f"user:{request.user.get_username()}" if request.user is not None else "system"


class ProfessionalAvailabilityView(_StaffOrBotView):
    @extend_schema(
        operation_id="professional_availability_list",
        summary="Current availability of each professional, with its parsed windows",
        parameters=[ProfessionalAvailabilityQuerySerializer],
        responses={200: ProfessionalAvailabilitySerializer(many=True)},
        tags=["availability"],
    )
    def get(self, request: Request) -> Response:
        query = ProfessionalAvailabilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rows = professional_availability_current_list(
            professional=_optional(professional_from_filter, params.get("professional")),
            active=params.get("active"),
            needs_clarification=params.get("needs_clarification"),
        )
        return Response(ProfessionalAvailabilitySerializer(rows, many=True).data)
