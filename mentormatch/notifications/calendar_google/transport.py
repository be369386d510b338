"""Google Calendar events for sessions: created with a Meet link, moved on reschedule, deleted on cancel.

A service account without domain-wide delegation may not invite attendees (403 forbiddenForServiceAccounts):
the event is then created without them and the notification is flagged for the admin. A calendar that
refuses the Meet conference type gets the event without a link, and the emails leave the link out. Either
way the booking stands: this runs in the worker, after the booking committed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import datetime
from typing import Any

import httplib2
from django.conf import settings
from google.auth import exceptions as auth_exceptions
from googleapiclient.errors import HttpError

from mentormatch.notifications.calendar_google.client import calendar_service
from mentormatch.notifications.errors import PermanentError, TransientError
from mentormatch.notifications.models import Notification
from mentormatch.notifications.transports import Outcome
from mentormatch.scheduling.models import ScheduledSession

logger = logging.getLogger(__name__)

ATTENDEES_REFUSED = "forbiddenForServiceAccounts"
ATTENDEES_DROPPED_NOTE = (
    "Event {verb} without attendees: the service account may not invite people "
    "(forbiddenForServiceAccounts). Give it domain-wide delegation to invite them."
)
_RATE_LIMIT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}


def event_id_for(session: ScheduledSession) -> str:
    """A stable event id (base32hex: 0-9, a-v) so a retried create never makes a second event; the
    keyed suffix keeps two installations sharing one calendar apart."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"session-{session.pk}".encode(), hashlib.sha256)
    return f"mentormatch{session.pk}s{digest.hexdigest()[:12]}"


def _reason(error: HttpError) -> tuple[str, str]:
    """The first error reason and message Google gave."""
    try:
        payload = json.loads(error.content or b"{}")
    except ValueError:
        return "", str(error)
    body = payload.get("error", {}) if isinstance(payload, dict) else {}
    details = body.get("errors") or [{}]
    return str(details[0].get("reason", "")), str(body.get("message", ""))


def _classify(error: HttpError) -> Exception:
    status = error.status_code
    reason, message = _reason(error)
    text = f"Google Calendar {status} {reason}: {message}".strip()
    if status in (429, 500, 502, 503, 504) or reason in _RATE_LIMIT_REASONS:
        return TransientError(text, code=reason or str(status))
    return PermanentError(text, code=reason or str(status))


class GoogleCalendarTransport:
    def send(self, notification: Notification, *, now: datetime) -> Outcome:
        session: ScheduledSession = notification.session
        try:
            service = calendar_service()
            # The event shows the session as it is now, whichever change's call this is: a late call of an
            # earlier change cannot put back an older time, professional, or a cancelled event.
            change = notification.payload.get("change", "booked")
            if change == "cancelled" or session.status == ScheduledSession.Status.CANCELLED:
                return self._delete(service, session)
            if session.calendar_event_id:
                return self._move(service, session)
            return self._create(service, session)
        except HttpError as error:
            raise _classify(error) from error
        except auth_exceptions.RefreshError as error:
            raise PermanentError(f"Google refused the service account: {error}", code="auth") from error
        except (auth_exceptions.TransportError, httplib2.HttpLib2Error, OSError) as error:
            raise TransientError(f"Google Calendar unreachable: {error}", code="network") from error

    def _body(self, session: ScheduledSession) -> dict[str, Any]:
        student, professional = session.student, session.professional
        return {
            "summary": f"Resume review: {student.name} with {professional.name}",
            "description": (
                f"{settings.PROGRAM_NAME} resume review.\n"
                f"Student: {student.name} {student.email}\n"
                f"Professional: {professional.name} {professional.email or ''}"
            ),
            "start": {"dateTime": session.start.isoformat(), "timeZone": "UTC"},
            "end": {"dateTime": session.end.isoformat(), "timeZone": "UTC"},
        }

    def _attendees(self, session: ScheduledSession) -> list[dict[str, str]]:
        people = (
            (session.student.name, session.student.email),
            (session.professional.name, session.professional.email),
        )
        return [{"email": email, "displayName": name} for name, email in people if email]

    def _create(self, service: Any, session: ScheduledSession) -> Outcome:
        event_id = event_id_for(session)
        body = self._body(session) | {
            "id": event_id,
            "attendees": self._attendees(session),
            "conferenceData": {
                "createRequest": {
                    "requestId": f"{event_id}-{session.sequence}",
                    "conferenceSolutionKey": {"type": "hangoutsMeet"},
                }
            },
        }
        notes: list[str] = []
        for _ in range(3):
            try:
                event = (
                    service.events()
                    .insert(
                        calendarId=settings.GOOGLE_CALENDAR_ID,
                        body=body,
                        conferenceDataVersion=1,
                        sendUpdates="none",
                    )
                    .execute()
                )
                break
            except HttpError as error:
                reason, message = _reason(error)
                if error.status_code == 403 and reason == ATTENDEES_REFUSED and "attendees" in body:
                    body.pop("attendees")
                    notes.append(ATTENDEES_DROPPED_NOTE.format(verb="created"))
                    continue
                if error.status_code == 400 and "conference" in message.lower() and "conferenceData" in body:
                    body.pop("conferenceData")
                    notes.append(f"Event created without a Meet link: the calendar refused it ({message}).")
                    continue
                if error.status_code == 409:
                    # The event exists already (an earlier try got through): bring it up to date instead.
                    ScheduledSession.objects.filter(pk=session.pk).update(calendar_event_id=event_id)
                    session.calendar_event_id = event_id
                    return self._move(service, session, notes=notes, may_create=False)
                raise
        else:
            raise PermanentError("Google Calendar kept refusing the event.", code="refused")
        link = self._save(session, event)
        for note in notes:
            logger.warning("Session %s: %s", session.pk, note)
        detail = " ".join([f"Event {event.get('id')} created{' with Meet link' if link else ''}.", *notes])
        return Outcome(detail=detail, needs_attention=bool(notes))

    def _move(
        self, service: Any, session: ScheduledSession, notes: list[str] | None = None, may_create: bool = True
    ) -> Outcome:
        """Move the event (and update its attendees, e.g. after a change of professional). Attendees Google
        refuses are dropped and the admin told, as on create."""
        notes = list(notes or [])
        body = self._body(session) | {"attendees": self._attendees(session)}
        try:
            try:
                event = self._patch(service, session, body)
            except HttpError as error:
                if error.status_code == 403 and _reason(error)[0] == ATTENDEES_REFUSED:
                    body.pop("attendees")
                    event = self._patch(service, session, body)
                    if not any("without attendees" in note for note in notes):
                        notes.append(ATTENDEES_DROPPED_NOTE.format(verb="updated"))
                else:
                    raise
        except HttpError as error:
            if error.status_code in (404, 410) and may_create:
                return self._create(service, session)
            raise
        self._save(session, event)
        for note in notes:
            logger.warning("Session %s: %s", session.pk, note)
        return Outcome(
            detail=" ".join([f"Event {event.get('id')} moved.", *notes]), needs_attention=bool(notes)
        )

    def _patch(self, service: Any, session: ScheduledSession, body: dict[str, Any]) -> dict[str, Any]:
        event: dict[str, Any] = (
            service.events()
            .patch(
                calendarId=settings.GOOGLE_CALENDAR_ID,
                eventId=session.calendar_event_id,
                body=body,
                sendUpdates="none",
            )
            .execute()
        )
        return event

    def _delete(self, service: Any, session: ScheduledSession) -> Outcome:
        event_id = session.calendar_event_id or event_id_for(session)
        try:
            service.events().delete(
                calendarId=settings.GOOGLE_CALENDAR_ID, eventId=event_id, sendUpdates="none"
            ).execute()
        except HttpError as error:
            if error.status_code in (404, 410):
                return Outcome(detail=f"Event {event_id} was already gone.")
            raise
        return Outcome(detail=f"Event {event_id} deleted.")

    def _save(self, session: ScheduledSession, event: dict[str, Any]) -> str:
        link = str(event.get("hangoutLink") or "")
        if not link:
            for entry in (event.get("conferenceData") or {}).get("entryPoints", []):
                if entry.get("entryPointType") == "video":
                    link = str(entry.get("uri", ""))
        fields: dict[str, str] = {"calendar_event_id": str(event.get("id", ""))}
        if link:
            fields["meeting_link"] = link
        ScheduledSession.objects.filter(pk=session.pk).update(**fields)
        return link
