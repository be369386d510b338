"""From database rows to the pure core's inputs: rules, weights, availabilities, sessions.

The only place that turns stored JSON windows into `core.availability.Window`s for matching, so matching,
booking and cohort assignment all read people the same way.
"""

from __future__ import annotations

import json
import logging
import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from mentormatch.core.availability import Window
from mentormatch.core.feasibility import Availability, Candidate, Interval, Party, Rules
from mentormatch.core.ranking import RankingContext, Weights, program_mean_rating
from mentormatch.scheduling.models import (
    AvailabilityFields,
    Professional,
    ProfessionalAvailability,
    ReviewRequest,
    ScheduledSession,
    Student,
)

logger = logging.getLogger(__name__)

ACTIVE = ScheduledSession.Status.SCHEDULED


def scheduling_rules() -> Rules:
    return Rules(
        session_minutes=settings.SESSION_MINUTES,
        buffer_minutes=settings.SESSION_BUFFER_MINUTES,
        min_notice_hours=settings.MIN_NOTICE_HOURS,
        horizon_days=settings.MATCH_HORIZON_DAYS,
    )


def horizon_weeks(rules: Rules) -> int:
    return max(1, math.ceil(rules.horizon_days / 7))


def ranking_weights() -> Weights:
    return Weights(
        specialization=settings.MATCH_WEIGHT_SPECIALIZATION,
        availability=settings.MATCH_WEIGHT_AVAILABILITY,
        rating=settings.MATCH_WEIGHT_RATING,
        experience=settings.MATCH_WEIGHT_EXPERIENCE,
        load=settings.MATCH_WEIGHT_LOAD,
        freshness=settings.MATCH_WEIGHT_FRESHNESS,
    )


def ranking_context() -> RankingContext:
    """The program mean rating over every rated professional, and the prior from settings."""
    rated = Professional.objects.filter(rating__isnull=False, rating_count__gt=0).values_list(
        "rating", "rating_count"
    )
    mean = program_mean_rating(rated, default=settings.MATCH_DEFAULT_RATING)
    return RankingContext(mean_rating=mean, rating_prior_count=settings.MATCH_RATING_PRIOR_COUNT)


def _windows(raw: Any, *, owner: str) -> tuple[Window, ...]:
    if not isinstance(raw, list):
        return ()
    out: list[Window] = []
    for item in raw:
        try:
            out.append(Window.from_json(item))
        except (KeyError, TypeError, ValueError) as error:
            # A malformed stored window must not take matching down for everyone else.
            logger.warning("Skipping an unreadable window of %s: %r (%s)", owner, item, error)
    return tuple(out)


# Availabilities already read, by content. The core memoises each availability's slot masks on the object
# for the day, so handing out the same object for the same content keeps suggestions fast across requests.
_AVAILABILITIES: OrderedDict[tuple[object, ...], Availability] = OrderedDict()
_AVAILABILITIES_MAX = 50_000
_AVAILABILITIES_LOCK = threading.Lock()


def availability_of(record: AvailabilityFields | None, *, owner: str, default_tz: str) -> Availability:
    """The core's view of a stored availability (an empty one when there is none)."""
    if record is None:
        return Availability(tz=default_tz)
    tz = record.timezone or default_tz
    key = (tz, record.valid_from, record.valid_until, repr(record.windows), repr(record.exclusions))
    return _availability_cached(
        key,
        lambda: Availability(
            tz=tz,
            windows=_windows(record.windows, owner=owner),
            exclusions=_windows(record.exclusions, owner=owner),
            valid_from=record.valid_from,
            valid_until=record.valid_until,
        ),
    )


def _availability_cached(key: tuple[object, ...], build: Callable[[], Availability]) -> Availability:
    with _AVAILABILITIES_LOCK:
        found = _AVAILABILITIES.get(key)
        if found is not None:
            _AVAILABILITIES.move_to_end(key)
            return found
    found = build()
    with _AVAILABILITIES_LOCK:
        _AVAILABILITIES[key] = found
        if len(_AVAILABILITIES) > _AVAILABILITIES_MAX:
            _AVAILABILITIES.popitem(last=False)
    return found


def _json(raw: str | None) -> Any:
    """Stored JSON read as text (SQLite keeps it as written, PostgreSQL as jsonb text)."""
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _availability_from_text(
    *,
    tz: str,
    windows: str | None,
    exclusions: str | None,
    valid_from: date | None,
    valid_until: date | None,
    owner: str,
) -> Availability:
    """`availability_of` for a row read as plain values with its JSON still text: the text is the cache key,
    so a known availability costs no JSON decoding at all."""
    return _availability_cached(
        ("text", tz, valid_from, valid_until, windows, exclusions),
        lambda: Availability(
            tz=tz,
            windows=_windows(_json(windows), owner=owner),
            exclusions=_windows(_json(exclusions), owner=owner),
            valid_from=valid_from,
            valid_until=valid_until,
        ),
    )


def _interval(session: ScheduledSession) -> Interval:
    return int(session.start.timestamp()), int(session.end.timestamp())


def current_availability(professional: Professional) -> ProfessionalAvailability | None:
    return professional.availabilities.filter(is_current=True).order_by("-created_at").first()


def matching_request(student: Student) -> ReviewRequest | None:
    """The request whose availability speaks for the student: the newest pending one, else the newest."""
    requests = student.review_requests.order_by("-created_at", "-pk")
    return requests.filter(status=ReviewRequest.Status.PENDING).first() or requests.first()


def student_party(student: Student, request: ReviewRequest | None) -> Party:
    sessions = ScheduledSession.objects.filter(student=student, status=ACTIVE)
    return Party(
        availability=availability_of(request, owner=f"student {student.pk}", default_tz=student.timezone),
        sessions=tuple(_interval(s) for s in sessions),
    )


def _session_window(now: datetime, rules: Rules) -> tuple[datetime, datetime]:
    # A week either side: the weekly limit counts sessions earlier in the current week, and a booking far
    # ahead needs its own week's sessions.
    return now - timedelta(days=8), now + timedelta(days=rules.horizon_days + 8)


def professional_candidate(
    professional: Professional,
    availability: ProfessionalAvailability | None,
    *,
    around: Sequence[datetime] = (),
) -> Candidate:
    """One professional as a core candidate, with every active session (or those near `around`)."""
    sessions: QuerySet[ScheduledSession] = ScheduledSession.objects.filter(
        professional=professional, status=ACTIVE
    )
    if around:
        lo, hi = min(around) - timedelta(days=8), max(around) + timedelta(days=8)
        sessions = sessions.filter(start__lt=hi, end__gt=lo)
    return Candidate(
        key=professional.pk,
        availability=availability_of(
            availability, owner=f"professional {professional.pk}", default_tz=professional.timezone
        ),
        sessions=tuple(_interval(s) for s in sessions),
        weekly_limit=professional.max_sessions_per_week,
    )


@dataclass(frozen=True)
class CandidateRow:
    professional: Professional
    availability: ProfessionalAvailability
    candidate: Candidate


_NOT_FOR_MATCHING = (
    "form_answers",
    "warnings",
    "availability_text",
    "updated_at",
    "delivery",
    "professional__meeting_formats",
    "professional__notes",
    "professional__created_at",
    "professional__updated_at",
)


def matching_candidates(
    *, now: datetime, rules: Rules, professionals: Iterable[Professional] | None = None
) -> list[CandidateRow]:
    """Every active professional with a current availability, as core candidates, in three queries."""
    rows = (
        ProfessionalAvailability.objects.filter(is_current=True, professional__active=True)
        .select_related("professional")
        # What matching never reads: decoding these JSON and date columns was most of the cost at scale.
        .defer(*_NOT_FOR_MATCHING)
        .order_by("professional__name", "professional__pk")
    )
    if professionals is not None:
        rows = rows.filter(professional__in=list(professionals))
    current = list(rows)
    lo, hi = _session_window(now, rules)
    busy: Mapping[int, list[Interval]] = _sessions_by_professional(lo, hi)
    return [
        CandidateRow(
            professional=row.professional,
            availability=row,
            candidate=Candidate(
                key=row.professional_id,
                availability=availability_of(
                    row, owner=f"professional {row.professional_id}", default_tz=row.professional.timezone
                ),
                sessions=tuple(busy.get(row.professional_id, ())),
                weekly_limit=row.professional.max_sessions_per_week,
            ),
        )
        for row in current
    ]


@dataclass(frozen=True, slots=True)
class CandidateValues:
    """One active professional with a current availability, as plain values (no model objects): what
    ranking reads, and the core candidate. `suggest_matches` builds 10,000 of these per call."""

    professional_id: int
    name: str
    industries: tuple[str, ...]
    specialties: str
    title: str
    experience_levels: tuple[str, ...]
    rating: float | None
    rating_count: int
    reviews_done: int
    max_sessions_per_week: int
    availability_created_at: datetime | None
    candidate: Candidate


_VALUE_COLUMNS = (
    "professional_id",
    "professional__name",
    "professional__timezone",
    "industries_text",
    "professional__specialties",
    "professional__title",
    "levels_text",
    "professional__rating",
    "professional__rating_count",
    "professional__reviews_done",
    "professional__max_sessions_per_week",
    "timezone",
    "windows_text",
    "exclusions_text",
    "valid_from",
    "valid_until",
    "created_at",
)
# Lists of words (industries, levels) by their stored text: few distinct ones, decoded once each.
_WORD_LISTS: dict[str | None, tuple[str, ...]] = {}


def _words(raw: str | None) -> tuple[str, ...]:
    found = _WORD_LISTS.get(raw)
    if found is None:
        value = _json(raw)
        found = tuple(str(item) for item in value) if isinstance(value, list) else ()
        if len(_WORD_LISTS) > 10_000:
            _WORD_LISTS.clear()
        _WORD_LISTS[raw] = found
    return found


def matching_candidate_values(
    *, now: datetime, rules: Rules, professionals: Iterable[Professional] | None = None
) -> list[CandidateValues]:
    """`matching_candidates` as plain values, in two queries: the same professionals in the same order,
    without building model objects or decoding JSON that is already known (most of the cost at scale)."""
    rows = (
        ProfessionalAvailability.objects.filter(is_current=True, professional__active=True)
        .annotate(
            windows_text=Cast("windows", TextField()),
            exclusions_text=Cast("exclusions", TextField()),
            industries_text=Cast("professional__industries", TextField()),
            levels_text=Cast("professional__experience_levels", TextField()),
        )
        .order_by("professional__name", "professional__pk")
    )
    if professionals is not None:
        rows = rows.filter(professional__in=list(professionals))
    lo, hi = _session_window(now, rules)
    busy: Mapping[int, list[Interval]] = _sessions_by_professional(lo, hi)
    out: list[CandidateValues] = []
    append = out.append
    for (
        pro_id,
        name,
        pro_tz,
        industries,
        specialties,
        title,
        levels,
        rating,
        rating_count,
        reviews_done,
        limit,
        tz,
        windows,
        exclusions,
        valid_from,
        valid_until,
        created_at,
    ) in rows.values_list(*_VALUE_COLUMNS):
        availability = _availability_from_text(
            tz=tz or pro_tz,
            windows=windows,
            exclusions=exclusions,
            valid_from=valid_from,
            valid_until=valid_until,
            owner=f"professional {pro_id}",
        )
        append(
            CandidateValues(
                professional_id=pro_id,
                name=name,
                industries=_words(industries),
                specialties=specialties,
                title=title,
                experience_levels=_words(levels),
                rating=rating,
                rating_count=rating_count,
                reviews_done=reviews_done,
                max_sessions_per_week=limit,
                availability_created_at=created_at,
                candidate=Candidate(
                    key=pro_id,
                    availability=availability,
                    sessions=tuple(busy.get(pro_id, ())),
                    weekly_limit=limit,
                ),
            )
        )
    return out


def _sessions_by_professional(lo: datetime, hi: datetime) -> dict[int, list[Interval]]:
    out: dict[int, list[Interval]] = defaultdict(list)
    sessions = ScheduledSession.objects.filter(
        status=ACTIVE, start__lt=hi, end__gt=lo, professional__active=True
    ).values_list("professional_id", "start", "end")
    for professional_id, start, end in sessions:
        out[professional_id].append((int(start.timestamp()), int(end.timestamp())))
    return out


def age_in_days(since: datetime | date | None, now: datetime) -> float | None:
    if since is None:
        return None
    if isinstance(since, datetime):
        return max((now - since).total_seconds() / 86400, 0.0)
    return max((now.date() - since).days, 0)
