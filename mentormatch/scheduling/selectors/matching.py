"""`suggest_matches`: the professionals a student can really meet, ranked, with reasons and first slots."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings

from mentormatch.core.describe import LocalSpan, format_moment, weekly_spans
from mentormatch.core.feasibility import NoMatch, PairFeasibility, Rules, student_feasibility
from mentormatch.core.matching import top_matches
from mentormatch.core.ranking import MatchProfile, ProfessionalProfile, Score
from mentormatch.scheduling.models import Professional, ReviewRequest, Student
from mentormatch.scheduling.selectors.inputs import (
    CandidateRow,
    CandidateValues,
    age_in_days,
    horizon_weeks,
    matching_candidate_values,
    matching_request,
    ranking_context,
    ranking_weights,
    scheduling_rules,
    student_party,
)
from mentormatch.web.errors import ApiError


class NoReviewRequest(ApiError):
    status_code = 404
    code = "no_review_request"


@dataclass(frozen=True)
class SlotOffer:
    start: int  # UTC seconds
    end: int
    label: str  # in the student's zone


@dataclass(frozen=True)
class MatchSuggestion:
    professional: Professional
    score: Score
    pair: PairFeasibility
    overlaps: list[LocalSpan]
    slots: list[SlotOffer]


@dataclass(frozen=True)
class MatchResult:
    student: Student
    review_request: ReviewRequest
    timezone: str
    suggestions: list[MatchSuggestion] = field(default_factory=list)
    considered: int = 0
    reason: str | None = None  # a NoMatch code when there is no suggestion

    @property
    def message(self) -> str | None:
        if self.reason is None:
            return None
        return NoMatch.MESSAGES.get(self.reason, self.reason)


def match_profile(request: ReviewRequest) -> MatchProfile:
    return MatchProfile(
        target_industry=request.target_industry,
        target_role=request.target_role,
        experience_level=request.experience_level,
    )


def professional_profile(
    row: CandidateRow, pair: PairFeasibility, *, rules: Rules, now: datetime
) -> ProfessionalProfile:
    pro = row.professional
    return ProfessionalProfile(
        industries=tuple(str(i) for i in pro.industries or ()),
        specialties=pro.specialties,
        title=pro.title,
        experience_levels=tuple(str(level) for level in pro.experience_levels or ()),
        rating=pro.rating,
        rating_count=pro.rating_count,
        reviews_done=pro.reviews_done,
        max_sessions_per_week=pro.max_sessions_per_week,
        booked_sessions=pair.booked_in_horizon,
        horizon_weeks=horizon_weeks(rules),
        availability_age_days=age_in_days(row.availability.created_at, now),
    )


def values_profile(
    row: CandidateValues, pair: PairFeasibility, *, rules: Rules, now: datetime
) -> ProfessionalProfile:
    """`professional_profile` for a row read as plain values."""
    return ProfessionalProfile(
        industries=row.industries,
        specialties=row.specialties,
        title=row.title,
        experience_levels=row.experience_levels,
        rating=row.rating,
        rating_count=row.rating_count,
        reviews_done=row.reviews_done,
        max_sessions_per_week=row.max_sessions_per_week,
        booked_sessions=pair.booked_in_horizon,
        horizon_weeks=horizon_weeks(rules),
        availability_age_days=age_in_days(row.availability_created_at, now),
    )


def _request_for(*, review_request: ReviewRequest | None, student: Student | None) -> ReviewRequest:
    if review_request is not None:
        return review_request
    if student is None:
        raise ValueError("suggest_matches needs a review_request or a student")
    found = matching_request(student)
    if found is None:
        raise NoReviewRequest(
            f"{student} has not asked for a review yet: they can use !resume to get the request form."
        )
    return found


def suggest_matches(
    *,
    now: datetime,
    review_request: ReviewRequest | None = None,
    student: Student | None = None,
    limit: int | None = None,
    slots_per_suggestion: int | None = None,
    professionals: Iterable[Professional] | None = None,
) -> MatchResult:
    """Active professionals whose availability truly overlaps the student's over the horizon, best first.

    Each suggestion has a score (0-100), its parts and reasons, the common weekly windows in the student's
    zone and the first feasible slots. With no suggestion, `reason` says why (a `NoMatch` code).
    """
    request = _request_for(review_request=review_request, student=student)
    student = request.student
    limit = settings.MATCH_SUGGESTION_LIMIT if limit is None else limit
    per = settings.MATCH_SLOTS_PER_SUGGESTION if slots_per_suggestion is None else slots_per_suggestion
    rules = scheduling_rules()
    party = student_party(student, request)
    zone = student.timezone or party.availability.tz
    rows = matching_candidate_values(now=now, rules=rules, professionals=professionals)
    feasibility = student_feasibility(
        student=party, candidates=[row.candidate for row in rows], rules=rules, now=now, max_slots=per
    )
    weights, context, profile = ranking_weights(), ranking_context(), match_profile(request)
    # No pairs at all when the student has no availability to compare.
    feasible = [(row, pair) for row, pair in zip(rows, feasibility.pairs, strict=False) if pair.feasible_any]
    entries = [
        (values_profile(row, pair, rules=rules, now=now), pair.feasible_minutes, pair.slot_count)
        for row, pair in feasible
    ]
    # top_matches gives the same order as sorting every full score_match (ties keep the rows' name order),
    # but only fully scores the professionals that can still reach the top `limit`.
    best = top_matches(student=profile, entries=entries, limit=limit, weights=weights, context=context)
    shown = [(feasible[index][0].professional_id, feasible[index][1], score) for index, score in best]
    # Model objects only for the few professionals shown.
    models = Professional.objects.in_bulk([pro_id for pro_id, _pair, _score in shown])
    length = rules.session_seconds
    suggestions = [
        MatchSuggestion(
            professional=models[pro_id],
            score=score,
            pair=pair,
            overlaps=weekly_spans(pair.common, zone),
            slots=[SlotOffer(s, s + length, format_moment(s, zone)) for s in pair.slot_starts],
        )
        for pro_id, pair, score in shown
    ]
    return MatchResult(
        student=student,
        review_request=request,
        timezone=zone,
        suggestions=suggestions,
        considered=len(rows),
        reason=None if suggestions else feasibility.reason_none_feasible(),
    )
