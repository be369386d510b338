"""Building the email for a notification: subject, text and HTML from templates, and the invitation.

Invitations follow what Gmail and Outlook recognise: a `text/calendar; method=...` alternative whose method
matches the calendar's METHOD, plus the same calendar as an `invite.ics` attachment.
"""

from __future__ import annotations

import email.policy
from datetime import datetime
from email.message import EmailMessage as MimeMessage
from email.policy import Policy

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from mentormatch.notifications.email.ics import Attendee, Invitation, build_ics
from mentormatch.notifications.models import Notification
from mentormatch.notifications.presentation import View, format_time, session_view
from mentormatch.scheduling.models import ScheduledSession

Kind = Notification.Kind
INVITATION_KINDS = (Kind.INVITE, Kind.UPDATE, Kind.CANCEL)


def _subject(kind: str, v: View) -> str:
    when = format_time(v.start, v.recipient.zone)
    other = v.other.label
    subjects = {
        Kind.INVITE: f"Resume review booked: {when} with {other}",
        Kind.UPDATE: f"Resume review moved: now {when} with {other}",
        Kind.CANCEL: (
            f"No longer needed: resume review {when} with {other}"
            if v.reassigned
            else f"Resume review cancelled: {when} with {other}"
        ),
        Kind.REMINDER: f"Reminder: resume review in {v.lead} with {other}",
        Kind.FEEDBACK_REQUEST: f"How was your resume review with {other}?",
        Kind.FEEDBACK_NOTES: f"Please confirm your session with {other}",
    }
    return subjects[Kind(kind)]


class CalendarEmail(EmailMultiAlternatives):
    """An email whose `text/calendar` alternative carries the iTIP method as a Content-Type parameter."""

    calendar_method = "REQUEST"

    def message(self, *, policy: Policy | None = email.policy.default) -> MimeMessage:
        msg = super().message(policy=policy)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar" and part.get_filename() is None:
                part.set_param("method", self.calendar_method)
        return msg


def invitation_for(notification: Notification, v: View) -> Invitation:
    """The calendar document of an invitation, update or cancellation: the session's one UID, the SEQUENCE
    of its change, and the people and times of its snapshot (a former professional's cancellation names
    them, not whoever has the session now)."""
    student, professional = v.student, v.professional
    people = [(student.name, student.email), (professional.name, professional.email)]
    attendees = tuple(Attendee(name, address) for name, address in people if address)
    description = (
        f"{v.program} resume review: {student.name} with {professional.name}.\n"
        f"Student: {student.email or student.contact or student.name}\n"
        f"Professional: {professional.email or professional.name}"
    )
    if v.meeting_link and notification.kind != Kind.CANCEL:
        description += f"\nJoin: {v.meeting_link}"
    session: ScheduledSession = notification.session
    return Invitation(
        uid=session.ics_uid,
        sequence=notification.sequence,
        start=v.start,
        end=v.end,
        summary=f"Resume review: {student.name} with {professional.name}",
        description=description,
        organizer=settings.DEFAULT_FROM_EMAIL,
        attendees=attendees,
        meeting_link="" if notification.kind == Kind.CANCEL else v.meeting_link,
        cancelled=notification.kind == Kind.CANCEL,
    )


def build_message(notification: Notification, *, now: datetime) -> EmailMultiAlternatives:
    v = session_view(notification)
    context = {"v": v}
    text = render_to_string(f"notifications/email/{notification.kind}.txt", context)
    html = render_to_string(f"notifications/email/{notification.kind}.html", context)
    headers = {"X-Mentormatch-Notification": str(notification.pk)}
    if notification.kind not in INVITATION_KINDS:
        message = EmailMultiAlternatives(
            subject=_subject(notification.kind, v), body=text, to=[notification.recipient], headers=headers
        )
        message.attach_alternative(html, "text/html")
        return message
    invitation = invitation_for(notification, v)
    ics = build_ics(invitation, now=now).decode()
    calendar_message = CalendarEmail(
        subject=_subject(notification.kind, v), body=text, to=[notification.recipient], headers=headers
    )
    calendar_message.calendar_method = invitation.method
    calendar_message.attach_alternative(html, "text/html")
    calendar_message.attach_alternative(ics, "text/calendar")
    calendar_message.attach("invite.ics", ics.encode(), "application/ics")
    return calendar_message
