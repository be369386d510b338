"""iCalendar invitations (RFC 5545 / iTIP RFC 5546) for a session.

One UID per session (`ScheduledSession.ics_uid`) and a SEQUENCE that rises with every change, so a mail
client updates the event it already has instead of adding a second one; CANCEL removes it. Times are UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//mentormatch//Session invitations//EN"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class Invitation:
    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str
    organizer: str  # "Name <address>", as in DEFAULT_FROM_EMAIL
    attendees: tuple[Attendee, ...]
    meeting_link: str = ""
    cancelled: bool = False

    @property
    def method(self) -> str:
        return "CANCEL" if self.cancelled else "REQUEST"


def _address(name: str, email: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def build_ics(invitation: Invitation, *, now: datetime) -> bytes:
    """Render the invitation as an iCalendar document with METHOD REQUEST or CANCEL."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", invitation.method)

    event = Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", now)
    event.add("dtstart", invitation.start)
    event.add("dtend", invitation.end)
    event.add("summary", invitation.summary)
    event.add("description", invitation.description)
    event.add("status", "CANCELLED" if invitation.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if invitation.meeting_link:
        event.add("location", invitation.meeting_link)
        event.add("url", invitation.meeting_link)
    organizer_name, organizer_email = parseaddr(invitation.organizer)
    event.add("organizer", _address(organizer_name, organizer_email))
    for attendee in invitation.attendees:
        event.add(
            "attendee",
            _address(
                attendee.name,
                attendee.email,
                CUTYPE="INDIVIDUAL",
                ROLE="REQ-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="TRUE",
            ),
        )
    calendar.add_component(event)
    return calendar.to_ical()
