"""Which notifications a session change calls for: who hears what, by which channel, and when.

Planning only builds `Planned` values; `services.session_changed` stores them (deduplicated) and enqueues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mentormatch.notifications import conf
from mentormatch.notifications.durations import format_duration
from mentormatch.notifications.models import Notification
from mentormatch.scheduling.models import ScheduledSession

Kind = Notification.Kind
Channel = Notification.Channel
Role = Notification.Role
Status = Notification.Status

CHANGES = frozenset({"booked", "rescheduled", "cancelled", "completed", "no_show"})
ANNOUNCEMENT_KIND = {"booked": Kind.INVITE, "rescheduled": Kind.UPDATE, "cancelled": Kind.CANCEL}
# Kinds planned ahead of time for a given start; re-planned when the session moves.
TIMED_KINDS = (Kind.REMINDER, Kind.FEEDBACK_REQUEST, Kind.FEEDBACK_NOTES)
ANNOUNCEMENT_KINDS = (Kind.INVITE, Kind.UPDATE, Kind.CANCEL)


@dataclass(frozen=True)
class Planned:
    kind: str
    channel: str
    role: str
    recipient: str
    dedupe_key: str
    scheduled_for: datetime
    sequence: int = 0
    status: str = Status.PENDING
    detail: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    snapshot: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Told:
    """The last invitation, update or cancellation that reached (or is reaching) one address."""

    kind: str
    start: str  # ISO 8601, the start it announced


@dataclass(frozen=True)
class FormerProfessional:
    """A professional the session was taken from: where their last message went and the session as it
    described it (what their cancellation says)."""

    email: str
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class Recipient:
    role: str
    channel: str
    address: str


def recipients(session: ScheduledSession, *, kind: str) -> list[Recipient]:
    """Who gets a message of this kind, and where. Students get DMs for everything; professionals get DM
    reminders only (their invitations come by email), and only when they gave a Discord id."""
    student, professional = session.student, session.professional
    found: list[Recipient] = []
    wants_student = kind != Kind.FEEDBACK_NOTES
    wants_professional = kind != Kind.FEEDBACK_REQUEST
    if wants_student and student.email:
        found.append(Recipient(Role.STUDENT, Channel.EMAIL, student.email))
    if wants_professional and professional.email:
        found.append(Recipient(Role.PROFESSIONAL, Channel.EMAIL, professional.email))
    if conf.discord_enabled():
        if wants_student and student.discord_id:
            found.append(Recipient(Role.STUDENT, Channel.DISCORD, student.discord_id))
        if kind == Kind.REMINDER and professional.discord_id:
            found.append(Recipient(Role.PROFESSIONAL, Channel.DISCORD, professional.discord_id))
    return found


def _times(session: ScheduledSession) -> dict[str, str]:
    return {"start": session.start.isoformat(), "end": session.end.isoformat()}


def change_version(session: ScheduledSession) -> str:
    """What tells one change of a session from another in dedupe keys (its SEQUENCE rises on each)."""
    return f"v{session.sequence}:{session.start.isoformat()}"


def plan_announcements(
    *,
    session: ScheduledSession,
    change: str,
    now: datetime,
    sequence: int,
    snapshot: dict[str, Any],
    told: Mapping[tuple[str, str], Told],
    former_professionals: Sequence[FormerProfessional] = (),
) -> list[Planned]:
    """The invitation, update or cancellation for each person, describing `snapshot`.

    On a reschedule, someone told nothing yet about the session (a new professional, or anyone whose
    invitation was superseded before it went out) is invited; someone told of it gets an update from the
    time they were told of. Each former professional gets a cancellation of what they were told."""
    kind = ANNOUNCEMENT_KIND[change]
    # Emails wait for the calendar event when there is one, so they can carry its Meet link.
    status = (
        Status.HELD
        if conf.google_calendar_enabled() and change in ("booked", "rescheduled")
        else Status.PENDING
    )
    version = change_version(session)
    planned: list[Planned] = []
    for r in recipients(session, kind=kind):
        own_kind, payload = kind, {"start": snapshot["start"], "end": snapshot["end"], "change": change}
        if change == "rescheduled":
            last = told.get((r.channel, r.address))
            if last is None or last.kind == Kind.CANCEL:
                own_kind = Kind.INVITE
            elif last.start != snapshot["start"]:
                payload["previous_start"] = last.start
        planned.append(
            Planned(
                kind=own_kind,
                channel=r.channel,
                role=r.role,
                recipient=r.address,
                dedupe_key=f"s{session.pk}:{own_kind}:{r.channel}:{r.role}:{version}",
                scheduled_for=now,
                sequence=sequence,
                status=status,
                payload=payload,
                snapshot=snapshot,
            )
        )
    for former in former_professionals:
        planned.append(
            Planned(
                kind=Kind.CANCEL,
                channel=Channel.EMAIL,
                role=Role.PROFESSIONAL,
                recipient=former.email,
                dedupe_key=f"s{session.pk}:cancel:email:former:{former.email}:{version}",
                scheduled_for=now,
                sequence=sequence,
                payload={
                    "start": former.snapshot["start"],
                    "end": former.snapshot["end"],
                    "change": "reassigned",
                },
                snapshot=former.snapshot,
            )
        )
    return planned


def plan_calendar(*, session: ScheduledSession, change: str, now: datetime) -> list[Planned]:
    if not conf.google_calendar_enabled() or change not in ANNOUNCEMENT_KIND:
        return []
    from django.conf import settings

    version = change_version(session)
    return [
        Planned(
            kind=Kind.CALENDAR,
            channel=Channel.GOOGLE_CALENDAR,
            role=Role.CALENDAR,
            recipient=settings.GOOGLE_CALENDAR_ID,
            dedupe_key=f"s{session.pk}:calendar:{change}:{version}",
            scheduled_for=now,
            sequence=session.sequence,
            payload=_times(session) | {"change": change},
        )
    ]


def plan_reminders(*, session: ScheduledSession, now: datetime) -> list[Planned]:
    planned: list[Planned] = []
    for lead in conf.reminder_lead_times():
        when = session.start - lead
        too_late = when <= now
        for r in recipients(session, kind=Kind.REMINDER):
            planned.append(
                Planned(
                    kind=Kind.REMINDER,
                    channel=r.channel,
                    role=r.role,
                    recipient=r.address,
                    dedupe_key=(
                        f"s{session.pk}:reminder:{format_duration(lead)}:{r.channel}:{r.role}:"
                        f"{session.start.isoformat()}"
                    ),
                    scheduled_for=when,
                    status=Status.SKIPPED if too_late else Status.PENDING,
                    detail="Booked inside the reminder lead time." if too_late else "",
                    payload=_times(session) | {"lead": format_duration(lead)},
                )
            )
    return planned


def plan_feedback(*, session: ScheduledSession) -> list[Planned]:
    when = session.end + conf.feedback_delay()
    planned: list[Planned] = []
    for kind in (Kind.FEEDBACK_REQUEST, Kind.FEEDBACK_NOTES):
        for r in recipients(session, kind=kind):
            planned.append(
                Planned(
                    kind=kind,
                    channel=r.channel,
                    role=r.role,
                    recipient=r.address,
                    dedupe_key=f"s{session.pk}:{kind}:{r.channel}:{r.role}:{session.end.isoformat()}",
                    scheduled_for=when,
                    payload=_times(session),
                )
            )
    return planned
