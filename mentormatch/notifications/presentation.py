"""How a session is described to one person: times in their own zone with the zone named, the other
person's name and contact. Shared by the email and Discord messages so both say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class View:
    """Everything a message about a session needs, from the recipient's side."""

    program: str
    recipient: Person
    other: Person
    role: str
    start: datetime
    end: datetime
    when: str
    previous_when: str
    meeting_link: str
    lead: str
    feedback_link: str
    reassigned: bool = False  # the recipient is a professional the session was taken from


def session_view(notification: Notification) -> View:
    session: ScheduledSession = notification.session
    student, professional = _student(session.student), _professional(session.professional)
    is_student = notification.recipient_role == Notification.Role.STUDENT
    recipient, other = (student, professional) if is_student else (professional, student)
    payload = notification.payload
    if not is_student and "recipient_name" in payload:
        # A former professional: the session's professional is someone else now.
        name = str(payload["recipient_name"] or notification.recipient)
        zone = str(payload.get("recipient_zone") or professional.zone)
        recipient = Person(name, notification.recipient, zone, notification.recipient, name)
    start = datetime.fromisoformat(payload["start"]) if payload.get("start") else session.start
    end = datetime.fromisoformat(payload["end"]) if payload.get("end") else session.end
    previous = payload.get("previous_start")
    feedback_link = ""
    if notification.kind in (Notification.Kind.FEEDBACK_REQUEST, Notification.Kind.FEEDBACK_NOTES):
        from mentormatch.notifications.feedback.links import feedback_url

        feedback_link = feedback_url(session_id=session.pk, role=notification.recipient_role)
    return View(
        program=settings.PROGRAM_NAME,
        recipient=recipient,
        other=other,
        role=notification.recipient_role,
        start=start,
        end=end,
        when=format_span(start, end, recipient.zone),
        previous_when=format_time(datetime.fromisoformat(previous), recipient.zone) if previous else "",
        meeting_link=session.meeting_link,
        lead=format_lead(payload["lead"]) if payload.get("lead") else "",
        feedback_link=feedback_link,
        reassigned=payload.get("change") == "reassigned",
    )
