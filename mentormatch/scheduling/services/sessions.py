"""Writes for sessions: book, reschedule, cancel, complete, mark a no-show.

Each service runs in one transaction, records who acted and when (a `SessionEvent`, and a status change on
the review request when its status follows), and tells the notifications app after commit, so nothing is
sent for work that rolled back.

No double booking, guaranteed by the database: on PostgreSQL an exclusion constraint (migration
`0002_session_no_overlap`) rejects a second overlapping scheduled session of one professional or one student,
whichever process inserts it; the IntegrityError becomes a Conflict "already_booked". On SQLite every write
transaction is IMMEDIATE (settings), so the check and the insert below run alone. The professional's row is
locked for the check, which also keeps two concurrent bookings from both taking the last place of a week.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone as django_timezone

from mentormatch.core.describe import format_moment
from mentormatch.core.feasibility import Interval, Refusal, check_booking, nearest_slots
from mentormatch.core.zones import resolve_zone
from mentormatch.scheduling.limits import session_minutes_problem
from mentormatch.scheduling.models import (
    Professional,
    ReviewRequest,
    ReviewRequestStatusChange,
    ScheduledSession,
    SessionEvent,
    Student,
)
from mentormatch.scheduling.selectors.inputs import (
    current_availability,
    matching_request,
    professional_candidate,
    scheduling_rules,
    student_party,
)
from mentormatch.web.errors import ApiError, Conflict

logger = logging.getLogger(__name__)

Status = ScheduledSession.Status
RequestStatus = ReviewRequest.Status
Change = Literal["booked", "rescheduled", "cancelled", "completed", "no_show"]

OVERLAP_CONSTRAINTS = ("session_professional_no_overlap", "session_student_no_overlap")
# Migration 0003: at most one scheduled session per review request (a partial unique index).
ONE_PER_REQUEST_INDEX = "session_one_active_per_request"


class InvalidTime(ApiError):
    code = "invalid_time"


class BookingConflict(Conflict):
    """A refused booking: `code` is a `Refusal` code; `details["alternatives"]` the nearest free slots."""


@dataclass(frozen=True)
class BookingOutcome:
    """What a booking or a move did: the session, whether anything changed, and notes for the admin on how
    the time was read (a time in a daylight-saving gap, a time that happens twice, nothing to move)."""

    session: ScheduledSession
    changed: bool = True
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Alternative:
    start: datetime
    end: datetime
    label: str

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label}


# --- helpers -------------------------------------------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    moment = now or django_timezone.now()
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return moment


def _zone(name: str | None) -> str:
    """An IANA zone for typed times: the one given (any way people write it), else PROGRAM_TIMEZONE."""
    if not name or not name.strip():
        return str(settings.PROGRAM_TIMEZONE)
    zone, _warnings = resolve_zone(name)
    if zone is None:
        raise InvalidTime(f"Unknown time zone {name!r}: use a name like America/New_York, ET or UTC+2.")
    return zone


def _too_far_ahead() -> ApiError:
    days = int(settings.BOOKING_MAX_DAYS_AHEAD)
    return ApiError(f"That time is too far ahead: book within the next {days} days.", code="too_far_ahead")


def _start(
    *, start: datetime | None, scheduled_time: str | None, timezone: str | None, now: datetime
) -> tuple[datetime, list[str]]:
    """The start to book and notes on how a typed time was read. Refuses (400) an unreadable time and one
    beyond BOOKING_MAX_DAYS_AHEAD, so no later arithmetic ever leaves the dates Python can hold."""
    notes: list[str] = []
    if start is not None and scheduled_time is not None and scheduled_time.strip():
        raise InvalidTime("Give either a start or a typed scheduled_time, not both.")
    if start is not None:
        if start.tzinfo is None:
            raise InvalidTime("The start time needs a time zone offset.")
        if start.second or start.microsecond:
            raise InvalidTime("The start time must be on a whole minute, without seconds.")
        begin = start
    else:
        if not scheduled_time or not scheduled_time.strip():
            raise InvalidTime('Give a time, for example "Monday 2:00 PM".')
        from mentormatch.core.timetext import TimeTextError, parse_booking_time

        zone = _zone(timezone)
        try:
            begin = parse_booking_time(scheduled_time, now=now, default_tz=zone)
        except TimeTextError as error:
            # The reader may itself refuse a date near the end of the calendar as too far ahead.
            if "too far ahead" in str(error):
                raise _too_far_ahead() from None
            raise InvalidTime(f"Could not read {scheduled_time!r} as a time: {error}") from None
        except OverflowError:
            # Only a date near the end of the calendar ("9999-12-31 23:00") overflows.
            raise _too_far_ahead() from None
        except ValueError as error:
            raise InvalidTime(f"Could not read {scheduled_time!r} as a time: {error}") from None
        notes = clock_change_notes(begin, zone=zone, text=scheduled_time)
    if begin - now > timedelta(days=int(settings.BOOKING_MAX_DAYS_AHEAD)):
        raise _too_far_ahead()
    return begin, notes


_CLOCK = re.compile(r"(?<![\d:])(\d{1,2})(?:[:.h](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?![\d-])", re.IGNORECASE)


def _typed_minutes(text: str) -> set[int]:
    """Every minute of the day a clock written in `text` may mean (12-hour forms both ways)."""
    out: set[int] = set()
    for hour_text, minute_text, meridiem in _CLOCK.findall(text):
        hour, minute = int(hour_text), int(minute_text or 0)
        if hour > 24 or minute > 59:
            continue
        if meridiem:
            if hour > 12:
                continue
            hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
            out.add(hour * 60 + minute)
        else:
            out.add(hour % 24 * 60 + minute)
            if hour < 12:
                out.add((hour + 12) * 60 + minute)
    return out


def _clock_label(minutes: int) -> str:
    hour, minute = divmod(minutes % 1440, 60)
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def clock_change_notes(begin: datetime, *, zone: str, text: str = "") -> list[str]:
    """Notes for the admin when a typed time meets a clock change in `zone`: a wall time that does not
    exist (spring forward) is booked that much later, one that happens twice is booked at its first
    occurrence. Empty otherwise."""
    info = ZoneInfo(zone)
    local = begin.astimezone(info)
    wall = local.replace(tzinfo=None)
    day = f"{local:%a %b} {local.day}"
    booked = format_moment(int(begin.timestamp()), zone)
    # Spring forward: the instant lies just after a gap, so the same wall time minus the gap did not exist.
    before = (begin - timedelta(hours=3)).astimezone(info).utcoffset()
    after = local.utcoffset()
    if before is not None and after is not None and after > before:
        gap = after - before
        typed = wall - gap
        round_trip = typed.replace(tzinfo=info).astimezone(UTC).astimezone(info).replace(tzinfo=None)
        if round_trip != typed:
            typed_minutes = typed.hour * 60 + typed.minute
            written = _typed_minutes(text) if text else set()
            if not written or typed_minutes in written:
                return [
                    f"{_clock_label(typed_minutes)} does not exist in {zone} on {day} (the clocks jump "
                    f"forward), so it was read as the same moment after the change: {booked}."
                ]
    # Fall back: the wall time happens twice; fold=0 is the first.
    if local.fold == 0:
        second = wall.replace(tzinfo=info, fold=1)
        if second.utcoffset() != local.utcoffset():
            later = format_moment(int(second.timestamp()), zone)
            return [
                f"{_clock_label(wall.hour * 60 + wall.minute)} happens twice in {zone} on {day} (the clocks "
                f"go back): booked at the first, {booked}, not the second, {later}."
            ]
    return []


def _duration(minutes: int | None) -> timedelta:
    value = settings.SESSION_MINUTES if minutes is None else minutes
    if problem := session_minutes_problem(value):
        raise ApiError(f"duration_minutes {problem}.", code="invalid_duration")
    return timedelta(minutes=value)


def _interval(session: ScheduledSession) -> Interval:
    return int(session.start.timestamp()), int(session.end.timestamp())


def _alternatives(
    *,
    student: Student,
    request: ReviewRequest | None,
    professional: Professional,
    around: datetime,
    now: datetime,
    ignore: Interval | None = None,
) -> list[Alternative]:
    rules = scheduling_rules()
    starts = nearest_slots(
        student=student_party(student, request),
        candidate=professional_candidate(professional, current_availability(professional)),
        around=around,
        rules=rules,
        now=now,
        count=3,
        ignore=ignore,
    )
    zone = student.timezone or str(settings.PROGRAM_TIMEZONE)
    length = timedelta(minutes=rules.session_minutes)
    out = []
    for seconds in starts:
        start = datetime.fromtimestamp(seconds, tz=UTC)
        out.append(Alternative(start=start, end=start + length, label=format_moment(seconds, zone)))
    return out


def _conflict(code: str, message: str, alternatives: list[Alternative]) -> BookingConflict:
    if alternatives:
        message = f"{message} Nearest free times: {'; '.join(a.label for a in alternatives)}."
    else:
        message = f"{message} No free time in the next weeks for these two."
    return BookingConflict(message, code=code, details={"alternatives": [a.as_json() for a in alternatives]})


def _is_overlap(error: IntegrityError) -> bool:
    text = str(error)
    return any(name in text for name in OVERLAP_CONSTRAINTS)


def _is_second_session_of_request(error: IntegrityError) -> bool:
    # PostgreSQL names the index; SQLite names the column ("UNIQUE constraint failed: ...review_request_id").
    text = str(error)
    return ONE_PER_REQUEST_INDEX in text or ("UNIQUE" in text.upper() and "review_request_id" in text)


def _already_scheduled(request: ReviewRequest) -> Conflict:
    existing = (
        request.sessions.filter(status=Status.SCHEDULED).select_related("student", "professional").first()
    )
    if existing is None:  # the other booking rolled back meanwhile
        return Conflict(
            "Another session was being booked for this review request at the same moment: try again.",
            code="already_scheduled",
        )
    zone = existing.student.timezone or str(settings.PROGRAM_TIMEZONE)
    when = format_moment(int(existing.start.timestamp()), zone)
    return Conflict(
        f"{existing.student}'s review request already has session {existing.pk} with "
        f"{existing.professional} on {when}. Use reschedule-session to move it (or cancel-session first).",
        code="already_scheduled",
        details={
            "session": {
                "id": existing.pk,
                "start": existing.start.isoformat(),
                "end": existing.end.isoformat(),
                "professional": existing.professional.name,
            }
        },
    )


def _request_move(
    request: ReviewRequest | None, *, to: str, actor: str, now: datetime, note: str = ""
) -> None:
    if request is None or request.status == to:
        return
    ReviewRequestStatusChange.objects.create(
        review_request=request, from_status=request.status, to_status=to, actor=actor, note=note, at=now
    )
    request.status = to
    request.save(update_fields=["status", "updated_at"])


def _notify(session: ScheduledSession, change: Change, now: datetime) -> None:
    """Tell the notifications app after commit (never for work that rolled back)."""
    session_id = session.pk

    def send() -> None:
        from mentormatch.notifications.services import session_changed

        session_changed(session_id=session_id, change=change, now=now)

    transaction.on_commit(send, robust=True)


def _event(session: ScheduledSession, kind: str, *, actor: str, now: datetime, **data: Any) -> None:
    SessionEvent.objects.create(session=session, kind=kind, actor=actor, at=now, data=data)


def _lock_student(student_id: int) -> None:
    list(Student.objects.select_for_update().filter(pk=student_id).values_list("pk", flat=True))


def _lock_professional(professional: Professional) -> Professional:
    return Professional.objects.select_for_update().get(pk=professional.pk)


def _check(
    *,
    student: Student,
    request: ReviewRequest | None,
    professional: Professional,
    start: datetime,
    end: datetime,
    now: datetime,
    ignore: Interval | None = None,
) -> None:
    refusal = check_booking(
        student=student_party(student, request),
        candidate=professional_candidate(professional, current_availability(professional), around=[start]),
        start=start,
        end=end,
        rules=scheduling_rules(),
        now=now,
        ignore=ignore,
    )
    if refusal is not None:
        code, message = refusal
        alternatives = _alternatives(
            student=student, request=request, professional=professional, around=start, now=now, ignore=ignore
        )
        raise _conflict(code, message, alternatives)


def _already_booked(
    *,
    student: Student,
    request: ReviewRequest | None,
    professional: Professional,
    start: datetime,
    now: datetime,
    ignore: Interval | None = None,
) -> BookingConflict:
    alternatives = _alternatives(
        student=student, request=request, professional=professional, around=start, now=now, ignore=ignore
    )
    return _conflict(Refusal.ALREADY_BOOKED, "That time was just booked by someone else.", alternatives)


def _locked_session(session: ScheduledSession) -> ScheduledSession:
    # Lock only the session row: the review request is a nullable join, which FOR UPDATE cannot cover.
    return (
        ScheduledSession.objects.select_for_update(of=("self",))
        .select_related("review_request", "student", "professional")
        .get(pk=session.pk)
    )


def _require_scheduled(session: ScheduledSession, verb: str) -> None:
    if session.status != Status.SCHEDULED:
        raise Conflict(
            f"Cannot {verb} this session: it is {session.get_status_display().lower()}.", code="not_scheduled"
        )


def _require_not_ended(session: ScheduledSession, now: datetime, verb: str) -> None:
    if session.end <= now:
        zone = session.student.timezone or str(settings.PROGRAM_TIMEZONE)
        when = format_moment(int(session.start.timestamp()), zone)
        raise Conflict(
            f"Session {session.pk} ({when}) has already ended, so it cannot be {verb}: mark it held "
            "with complete-session, or record who did not come with mark-no-show.",
            code="session_ended",
        )


def _require_active(professional: Professional) -> None:
    if not professional.active:
        raise Conflict(f"{professional} is not active.", code="inactive")


def session_reschedule_refusal(*, session: ScheduledSession, now: datetime) -> ApiError | None:
    """Why `session` cannot be moved at all (not scheduled, or already ended), else None: what the admin
    checks before asking for a new time; `session_reschedule_outcome` refuses the same way."""
    try:
        _require_scheduled(session, "reschedule")
        _require_not_ended(session, now, "rescheduled")
    except ApiError as refusal:
        return refusal
    return None


def _require_started(session: ScheduledSession, now: datetime, verb: str) -> None:
    if session.start > now:
        raise Conflict(f"Cannot {verb} a session that has not started yet.", code="not_started")


# --- services ------------------------------------------------------------------------------------------


def session_schedule(
    *,
    student: Student,
    professional: Professional,
    actor: str,
    start: datetime | None = None,
    scheduled_time: str | None = None,
    timezone: str | None = None,
    duration_minutes: int | None = None,
    review_request: ReviewRequest | None = None,
    now: datetime | None = None,
) -> ScheduledSession:
    """Book a session (see `session_schedule_outcome`, which also says how a typed time was read)."""
    return session_schedule_outcome(
        student=student,
        professional=professional,
        actor=actor,
        start=start,
        scheduled_time=scheduled_time,
        timezone=timezone,
        duration_minutes=duration_minutes,
        review_request=review_request,
        now=now,
    ).session


def session_schedule_outcome(
    *,
    student: Student,
    professional: Professional,
    actor: str,
    start: datetime | None = None,
    scheduled_time: str | None = None,
    timezone: str | None = None,
    duration_minutes: int | None = None,
    review_request: ReviewRequest | None = None,
    now: datetime | None = None,
) -> BookingOutcome:
    """Book a session at `start`, or at `scheduled_time` as typed ("Monday 2:00 PM": the next such moment,
    in `timezone`, else PROGRAM_TIMEZONE).

    Refuses with a `BookingConflict` (code `in_the_past`, `too_soon`, `outside_availability`,
    `already_booked` or `weekly_limit`, and the nearest free alternatives) a time outside either person's
    availability, overlapping another active session of either, or past the professional's weekly limit.
    A review request that already has a scheduled session is refused (409 `already_scheduled`, naming it:
    move it with `session_reschedule`), and a time beyond BOOKING_MAX_DAYS_AHEAD is a 400 `too_far_ahead`.
    The student's pending review request becomes scheduled.
    """
    now = _now(now)
    begin, notes = _start(start=start, scheduled_time=scheduled_time, timezone=timezone, now=now)
    end = begin + _duration(duration_minutes)
    _require_active(professional)
    request = review_request or matching_request(student)
    if request is None:
        raise ApiError(
            f"{student} has not asked for a review yet, so their availability is unknown: they can use "
            "!resume to get the request form.",
            code="no_review_request",
            status_code=404,
        )
    if request.student_id != student.pk:
        raise ApiError("That review request belongs to another student.", code="wrong_request")
    try:
        with transaction.atomic():
            # The student and the request first: bookings of one student queue here (the second sees the
            # first's session) instead of meeting in the database's constraints, where concurrent inserts
            # can deadlock. Order everywhere: student, request or session, professional.
            _lock_student(student.pk)
            request = ReviewRequest.objects.select_for_update().get(pk=request.pk)
            if request.sessions.filter(status=Status.SCHEDULED).exists():
                raise _already_scheduled(request)
            professional = _lock_professional(professional)
            _check(student=student, request=request, professional=professional, start=begin, end=end, now=now)
            session = ScheduledSession.objects.create(
                student=student,
                professional=professional,
                review_request=request,
                start=begin,
                end=end,
                status=Status.SCHEDULED,
                scheduled_by=actor,
            )
            if request is not None and request.status == RequestStatus.PENDING:
                _request_move(
                    request, to=RequestStatus.SCHEDULED, actor=actor, now=now, note=f"session {session.pk}"
                )
            _event(session, "booked", actor=actor, now=now, start=begin.isoformat(), end=end.isoformat())
            _notify(session, "booked", now)
    except IntegrityError as error:
        if _is_second_session_of_request(error):
            raise _already_scheduled(request) from None
        if not _is_overlap(error):
            raise
        raise _already_booked(
            student=student, request=request, professional=professional, start=begin, now=now
        ) from None
    return BookingOutcome(session=session, notes=notes)


def session_reschedule(
    *,
    session: ScheduledSession,
    actor: str,
    start: datetime | None = None,
    scheduled_time: str | None = None,
    timezone: str | None = None,
    professional: Professional | None = None,
    duration_minutes: int | None = None,
    now: datetime | None = None,
) -> ScheduledSession:
    """Move a scheduled session (see `session_reschedule_outcome`)."""
    return session_reschedule_outcome(
        session=session,
        actor=actor,
        start=start,
        scheduled_time=scheduled_time,
        timezone=timezone,
        professional=professional,
        duration_minutes=duration_minutes,
        now=now,
    ).session


def session_reschedule_outcome(
    *,
    session: ScheduledSession,
    actor: str,
    start: datetime | None = None,
    scheduled_time: str | None = None,
    timezone: str | None = None,
    professional: Professional | None = None,
    duration_minutes: int | None = None,
    now: datetime | None = None,
) -> BookingOutcome:
    """Move a scheduled session to a new time (and, if given, another professional), checked like a new
    booking. The session keeps its id (and calendar UID); its sequence goes up by one. A session that has
    ended is refused (409 `session_ended`, like cancelling it), and so is an inactive professional (409
    `inactive`, like booking one).

    Moving it to the time (professional and length) it already has changes nothing and notifies nobody:
    the outcome says so (`changed` False, a note)."""
    now = _now(now)
    begin, notes = _start(start=start, scheduled_time=scheduled_time, timezone=timezone, now=now)
    old = _interval(session)
    try:
        with transaction.atomic():
            _lock_student(session.student_id)
            session = _locked_session(session)
            _require_scheduled(session, "reschedule")
            _require_not_ended(session, now, "rescheduled")
            target = _lock_professional(professional or session.professional)
            length = (
                _duration(duration_minutes) if duration_minutes is not None else session.end - session.start
            )
            end = begin + length
            if (begin, end, target.pk) == (session.start, session.end, session.professional_id):
                zone = session.student.timezone or str(settings.PROGRAM_TIMEZONE)
                when = format_moment(int(begin.timestamp()), zone)
                note = f"Session {session.pk} is already at that time ({when}): nothing changed."
                return BookingOutcome(session=session, changed=False, notes=[*notes, note])
            _require_active(target)
            _check(
                student=session.student,
                request=session.review_request,
                professional=target,
                start=begin,
                end=end,
                now=now,
                ignore=old,
            )
            before = {"start": session.start.isoformat(), "end": session.end.isoformat()}
            changed_professional = target.pk != session.professional_id
            if changed_professional:
                before["professional"] = session.professional.name
            session.start, session.end, session.professional = begin, end, target
            session.sequence = F("sequence") + 1
            session.save(update_fields=["start", "end", "professional", "sequence", "updated_at"])
            session.refresh_from_db()
            data: dict[str, Any] = {
                "from": before,
                "to": {"start": begin.isoformat(), "end": end.isoformat()},
            }
            if changed_professional:
                data["to"]["professional"] = target.name
            SessionEvent.objects.create(session=session, kind="rescheduled", actor=actor, at=now, data=data)
            _notify(session, "rescheduled", now)
    except IntegrityError as error:
        if not _is_overlap(error):
            raise
        raise _already_booked(
            student=session.student,
            request=session.review_request,
            professional=professional or session.professional,
            start=begin,
            now=now,
            ignore=old,
        ) from None
    return BookingOutcome(session=session, notes=notes)


def session_cancel(
    *, session: ScheduledSession, actor: str, reason: str = "", now: datetime | None = None
) -> ScheduledSession:
    """Cancel a scheduled session. Its review request goes back to pending, so the student can be matched
    again (unless another active session still serves it)."""
    now = _now(now)
    with transaction.atomic():
        session = _locked_session(session)
        _require_scheduled(session, "cancel")
        _require_not_ended(session, now, "cancelled")
        session.status = Status.CANCELLED
        session.sequence = F("sequence") + 1
        session.save(update_fields=["status", "sequence", "updated_at"])
        session.refresh_from_db()
        _event(session, "cancelled", actor=actor, now=now, reason=reason)
        request = session.review_request
        if request is not None and request.status == RequestStatus.SCHEDULED:
            still_served = request.sessions.filter(status=Status.SCHEDULED).exclude(pk=session.pk).exists()
            if not still_served:
                note = f"session {session.pk} cancelled" + (f": {reason}" if reason else "")
                _request_move(request, to=RequestStatus.PENDING, actor=actor, now=now, note=note)
        _notify(session, "cancelled", now)
    return session


def session_complete(
    *, session: ScheduledSession, actor: str, notes: str = "", now: datetime | None = None
) -> ScheduledSession:
    """Mark a session that has started as held. The request is completed; the professional's count of
    reviews done goes up by one."""
    now = _now(now)
    with transaction.atomic():
        session = _locked_session(session)
        _require_scheduled(session, "complete")
        _require_started(session, now, "complete")
        session.status = Status.COMPLETED
        if notes:
            session.notes = f"{session.notes}\n{notes}".strip()
        session.save(update_fields=["status", "notes", "updated_at"])
        Professional.objects.filter(pk=session.professional_id).update(reviews_done=F("reviews_done") + 1)
        _event(session, "completed", actor=actor, now=now, notes=notes)
        _request_move(
            session.review_request,
            to=RequestStatus.COMPLETED,
            actor=actor,
            now=now,
            note=f"session {session.pk} held",
        )
        _notify(session, "completed", now)
    return session


def session_mark_no_show(
    *,
    session: ScheduledSession,
    actor: str,
    absent: Literal["student", "professional"] = "student",
    now: datetime | None = None,
) -> ScheduledSession:
    """Record that a session that has started did not happen because `absent` did not come.

    A student who did not come closes their request (cancelled); when the professional did not come the
    request goes back to pending, so the student is matched again.
    """
    if absent not in ("student", "professional"):
        raise ApiError("absent must be student or professional.", code="invalid")
    now = _now(now)
    with transaction.atomic():
        session = _locked_session(session)
        _require_scheduled(session, "mark as a no-show")
        _require_started(session, now, "mark as a no-show")
        session.status = Status.NO_SHOW
        session.save(update_fields=["status", "updated_at"])
        _event(session, "no_show", actor=actor, now=now, absent=absent)
        to = RequestStatus.CANCELLED if absent == "student" else RequestStatus.PENDING
        _request_move(
            session.review_request,
            to=to,
            actor=actor,
            now=now,
            note=f"session {session.pk}: {absent} no-show",
        )
        _notify(session, "no_show", now)
    return session
