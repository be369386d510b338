"""How a session is described to one person: times in their own zone with the zone named, the other
person's name and contact. Shared by the email and Discord messages so both say the same thing."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from mentormatch.notifications.models import Notification
from mentormatch.scheduling.models import Professional, ScheduledSession, Student

_LEAD_WORDS = {"h": "hour", "m": "minute", "s": "second"}


def format_time(moment: datetime, zone: str) -> str:
    """`Monday, December 7, 2026 at 3:30 PM EST` in the given IANA zone."""
    local = moment.astimezone(ZoneInfo(zone))
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%A, %B} {local.day}, {local.year} at {hour}:{local:%M %p} {local.tzname()}"


def format_span(start: datetime, end: datetime, zone: str) -> str:
    """`Monday, December 7, 2026, 3:30 PM – 4:00 PM EST (America/New_York)`."""
    local_start, local_end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))

    def clock(moment: datetime) -> str:
        return f"{moment.strftime('%I').lstrip('0')}:{moment:%M %p}"

    day = f"{local_start:%A, %B} {local_start.day}, {local_start.year}"
    return f"{day}, {clock(local_start)} – {clock(local_end)} {local_end.tzname()} ({zone})"


def format_lead(lead: str) -> str:
    """`24h` -> `24 hours`, `1h` -> `1 hour`, `90m` -> `90 minutes`."""
    amount, unit = int(lead[:-1]), lead[-1]
    word = _LEAD_WORDS.get(unit, unit)
    return f"{amount} {word}{'' if amount == 1 else 's'}"


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    zone: str
    contact: str  # how to reach them, one line
    label: str  # the name with title and company, when known: how the other side sees them

    def to_json(self, *, pk: int | None) -> dict[str, Any]:
        return {"id": pk} | asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Person:
        return cls(**{name: str(data.get(name) or "") for name in _PERSON_FIELDS})


_PERSON_FIELDS = ("name", "email", "zone", "contact", "label")


def _student(student: Student) -> Person:
    bits = [student.email] if student.email else []
    if student.discord_username:
        bits.append(f"Discord @{student.discord_username}")
    name = student.name or str(student)
    return Person(name, student.email, student.timezone, ", ".join(bits), name)


def _professional(professional: Professional) -> Person:
    role = ", ".join(b for b in (professional.title, professional.company) if b)
    label = f"{professional.name} ({role})" if role else professional.name
    email = professional.email or ""
    return Person(professional.name, email, professional.timezone, email, label)


def session_snapshot(
    session: ScheduledSession, *, professional: Professional | None = None
) -> dict[str, Any]:
    """What a message about this session says, as the session is now: its times, both people (with what the
    other side is shown of them) and the meeting link. `professional` replaces the session's own (the one
    a former professional's cancellation describes)."""
    professional = professional or session.professional
    return {
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "meeting_link": session.meeting_link,
        "student": _student(session.student).to_json(pk=session.student_id),
        "professional": _professional(professional).to_json(pk=professional.pk),
        "cancel_reason": _cancel_reason(session),
    }


def _cancel_reason(session: ScheduledSession) -> str:
    """The reason the admin gave when cancelling (shown in the cancellation), or ""."""
    if session.status != ScheduledSession.Status.CANCELLED:
        return ""
    event = session.events.filter(kind="cancelled").order_by("-at", "-pk").first()
    return str((event.data or {}).get("reason") or "") if event is not None else ""


@dataclass(frozen=True)
class View:
    """Everything a message about a session needs, from the recipient's side."""

    program: str
    recipient: Person
    other: Person
    student: Person
    professional: Person
    role: str
    start: datetime
    end: datetime
    when: str
    previous_when: str
    meeting_link: str
    lead: str
    feedback_link: str
    reassigned: bool = False  # the recipient is a professional the session was taken from
    cancel_reason: str = ""


def session_view(notification: Notification) -> View:
    """The view of a notification. Invitations, updates and cancellations describe their snapshot (the
    session when their change was recorded); other messages, and rows from before snapshots, the session as
    it is now. The meeting link is the session's own when it has one (see docs/notifications.md)."""
    session: ScheduledSession = notification.session
    payload = notification.payload
    snapshot = notification.snapshot or _legacy_snapshot(notification)
    student = Person.from_json(snapshot["student"])
    professional = Person.from_json(snapshot["professional"])
    is_student = notification.recipient_role == Notification.Role.STUDENT
    recipient, other = (student, professional) if is_student else (professional, student)
    start, end = datetime.fromisoformat(snapshot["start"]), datetime.fromisoformat(snapshot["end"])
    previous = payload.get("previous_start")
    feedback_link = ""
    if notification.kind in (Notification.Kind.FEEDBACK_REQUEST, Notification.Kind.FEEDBACK_NOTES):
        from mentormatch.notifications.feedback.links import feedback_url

        feedback_link = feedback_url(session_id=session.pk, role=notification.recipient_role)
    return View(
        program=settings.PROGRAM_NAME,
        recipient=recipient,
        other=other,
        student=student,
        professional=professional,
        role=notification.recipient_role,
        start=start,
        end=end,
        when=format_span(start, end, recipient.zone),
        previous_when=format_time(datetime.fromisoformat(previous), recipient.zone) if previous else "",
        meeting_link=session.meeting_link or str(snapshot.get("meeting_link") or ""),
        lead=format_lead(payload["lead"]) if payload.get("lead") else "",
        feedback_link=feedback_link,
        reassigned=payload.get("change") == "reassigned",
        cancel_reason=str(snapshot.get("cancel_reason") or ""),
    )


def _legacy_snapshot(notification: Notification) -> dict[str, Any]:
    """The session as it is now, at the times the payload names (rows without a snapshot of their own)."""
    session: ScheduledSession = notification.session
    snapshot = session_snapshot(session)
    payload = notification.payload
    for key in ("start", "end"):
        if payload.get(key):
            snapshot[key] = payload[key]
    if notification.recipient_role == Notification.Role.PROFESSIONAL and "recipient_name" in payload:
        # A former professional's cancellation planned before snapshots: it named them in the payload.
        name = str(payload["recipient_name"] or notification.recipient)
        zone = str(payload.get("recipient_zone") or session.professional.timezone)
        former = Person(name, notification.recipient, zone, notification.recipient, name)
        snapshot["professional"] = former.to_json(pk=None)
    return snapshot
