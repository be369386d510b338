"""Cohort assignment as services: propose for every pending request at once, then approve all or some.

`cohort_propose` reads people exactly as `suggest-matches` does (same feasibility, same ranking), lets
`core.assignment` place as many students as possible with the best total score under weekly limits and
non-overlap, and stores the answer as a `CohortRun` with one `Proposal` per student: placed (professional,
start, score, reasons) or not (with the reason). Open proposals of earlier runs are superseded.

`cohort_approve` books each chosen proposal through `session_schedule`, so the same integrity rules hold as
for a booking by hand (availability, notice, no overlap guaranteed by the database, weekly limit). Each
proposal is its own transaction: one refusal (someone booked that time since) never undoes the others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from django.conf import settings
from django.db import transaction

from mentormatch.cohort.models import CohortRun, Proposal
from mentormatch.core.assignment import greedy_assign, optimal_assign
from mentormatch.core.cohort import CohortProfessional, CohortStudent, build_cohort
from mentormatch.core.feasibility import Interval, PairFeasibility, Party
from mentormatch.scheduling.models import ReviewRequest, ScheduledSession
from mentormatch.scheduling.selectors.inputs import (
    availability_of,
    matching_candidates,
    ranking_context,
    ranking_weights,
    scheduling_rules,
)
from mentormatch.scheduling.selectors.matching import match_profile, professional_profile
from mentormatch.scheduling.services.sessions import session_schedule
from mentormatch.web.errors import ApiError, NotFound

logger = logging.getLogger(__name__)

__all__ = ["ApprovalOutcome", "cohort_approve", "cohort_propose"]


def _pending_by_arrival() -> list[ReviewRequest]:
    """One request per student with a pending one: the newest (its availability is current), placed in the
    queue where the student's first pending request arrived."""
    pending = ReviewRequest.objects.filter(status=ReviewRequest.Status.PENDING).select_related("student")
    first_seen: dict[int, int] = {}
    newest: dict[int, ReviewRequest] = {}
    for position, request in enumerate(pending.order_by("created_at", "pk")):
        first_seen.setdefault(request.student_id, position)
        newest[request.student_id] = request
    return [newest[sid] for sid in sorted(first_seen, key=first_seen.__getitem__)]


def _student_sessions(student_ids: Sequence[int]) -> dict[int, list[Interval]]:
    out: dict[int, list[Interval]] = defaultdict(list)
    rows = ScheduledSession.objects.filter(
        student_id__in=student_ids, status=ScheduledSession.Status.SCHEDULED
    ).values_list("student_id", "start", "end")
    for student_id, start, end in rows:
        out[student_id].append((int(start.timestamp()), int(end.timestamp())))
    return out


def _moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def cohort_propose(
    *,
    now: datetime,
    actor: str,
    per_professional: int | None = None,
    professionals_per_student: int | None = None,
    time_limit_seconds: float | None = None,
) -> CohortRun:
    """Propose a professional and a first slot for every pending request at once (see module docstring)."""
    rules = scheduling_rules()
    requests = _pending_by_arrival()
    sessions = _student_sessions([r.student_id for r in requests])
    rows = matching_candidates(now=now, rules=rules)
    by_id = {row.professional.pk: row.professional for row in rows}
    # The profile's mapping from a Professional is the matching engineer's; the per-pair load is set in core.
    empty = PairFeasibility(None, (), (), (), 0, 0.0, 0)
    professionals = [
        CohortProfessional(row.candidate, professional_profile(row, empty, rules=rules, now=now))
        for row in rows
    ]
    students = [
        CohortStudent(
            key=request.pk,
            party=Party(
                availability=availability_of(
                    request, owner=f"student {request.student_id}", default_tz=request.student.timezone
                ),
                sessions=tuple(sessions.get(request.student_id, ())),
            ),
            profile=match_profile(request),
        )
        for request in requests
    ]
    cohort = build_cohort(
        students=students,
        professionals=professionals,
        rules=rules,
        now=now,
        weights=ranking_weights(),
        context=ranking_context(),
        per_professional=per_professional or settings.COHORT_SLOTS_PER_PROFESSIONAL,
        professionals_per_student=professionals_per_student or settings.COHORT_PROFESSIONALS_PER_STUDENT,
    )
    greedy = greedy_assign(cohort.requests, cohort.capacities)
    result = optimal_assign(
        cohort.requests,
        cohort.capacities,
        per_professional=per_professional or settings.COHORT_SLOTS_PER_PROFESSIONAL,
        professionals=professionals_per_student or settings.COHORT_PROFESSIONALS_PER_STUDENT,
        time_limit_seconds=(
            time_limit_seconds if time_limit_seconds is not None else settings.COHORT_TIME_LIMIT_SECONDS
        ),
    )
    request_by_id = {r.pk: r for r in requests}
    proposals: list[Proposal] = []
    for placement in result.placements:
        request = request_by_id[placement.request]  # type: ignore[index]
        score = cohort.scores[(placement.request, placement.option.professional)]
        proposals.append(
            Proposal(
                review_request=request,
                student=request.student,
                professional=by_id[placement.option.professional],  # type: ignore[index]
                start=_moment(placement.option.start),
                end=_moment(placement.option.end),
                score=round(score.score, 2),
                parts={k: round(v, 3) for k, v in score.parts.items()},
                reasons=list(score.reasons),
            )
        )
    for unplaced in result.unplaced:
        request = request_by_id[unplaced.request]  # type: ignore[index]
        proposals.append(
            Proposal(
                review_request=request,
                student=request.student,
                status=Proposal.Status.UNPLACED,
                reason_code=unplaced.code,
                message=unplaced.reason,
            )
        )
    with transaction.atomic():
        Proposal.objects.filter(status=Proposal.Status.PROPOSED).update(
            status=Proposal.Status.SUPERSEDED, decided_by=actor, decided_at=now
        )
        run = CohortRun.objects.create(
            as_of=now,
            actor=actor,
            method=result.method,
            optimal=result.optimal,
            seconds=round(result.seconds, 3),
            requests_considered=len(requests),
            placed=result.placed,
            total_score=round(result.total_score, 2),
            greedy_placed=greedy.placed,
            greedy_score=round(greedy.total_score, 2),
        )
        for proposal in proposals:
            proposal.run = run
        Proposal.objects.bulk_create(proposals)
    logger.info(
        "Cohort run %s: %s of %s placed (%s; greedy %s)",
        run.pk,
        run.placed,
        len(requests),
        run.method,
        greedy.placed,
    )
    return run


@dataclass(frozen=True)
class ApprovalOutcome:
    """What became of one proposal: `booked` (with the session), `refused` (code and why) or `skipped`."""

    proposal: Proposal
    outcome: Literal["booked", "refused", "skipped"]
    code: str = ""
    message: str = ""
    session: ScheduledSession | None = None


def _decide(proposal: Proposal, *, status: str, actor: str, now: datetime, **fields: object) -> None:
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = now
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save()


def _approve_one(proposal_id: int, *, actor: str, now: datetime) -> ApprovalOutcome:
    try:
        with transaction.atomic():
            proposal = (
                # Lock the proposal row only (its professional is a nullable, outer-joined relation).
                Proposal.objects.select_for_update(of=("self",))
                .select_related("student", "professional", "review_request")
                .get(pk=proposal_id)
            )
            if proposal.status != Proposal.Status.PROPOSED:
                return ApprovalOutcome(
                    proposal,
                    "skipped",
                    "not_open",
                    f"This proposal is {proposal.get_status_display().lower()}.",
                )
            request = ReviewRequest.objects.select_for_update().get(pk=proposal.review_request_id)
            if request.status != ReviewRequest.Status.PENDING:
                message = f"The review request is {request.get_status_display().lower()} now."
                _decide(
                    proposal,
                    status=Proposal.Status.REFUSED,
                    actor=actor,
                    now=now,
                    reason_code="request_not_pending",
                    message=message,
                )
                return ApprovalOutcome(proposal, "refused", "request_not_pending", message)
            assert (
                proposal.professional is not None and proposal.start is not None and proposal.end is not None
            )
            session = session_schedule(
                student=proposal.student,
                professional=proposal.professional,
                actor=actor,
                start=proposal.start,
                duration_minutes=int((proposal.end - proposal.start).total_seconds() // 60),
                review_request=request,
                now=now,
            )
            _decide(proposal, status=Proposal.Status.BOOKED, actor=actor, now=now, session=session)
            return ApprovalOutcome(proposal, "booked", session=session)
    except ApiError as error:
        # The booking rolled back; record the refusal in a transaction of its own.
        with transaction.atomic():
            proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
            _decide(
                proposal,
                status=Proposal.Status.REFUSED,
                actor=actor,
                now=now,
                reason_code=error.code,
                message=error.message,
            )
        return ApprovalOutcome(proposal, "refused", error.code, error.message)


def cohort_approve(
    *, proposal_ids: Sequence[int] | Literal["all"], actor: str, now: datetime
) -> list[ApprovalOutcome]:
    """Book the given open proposals in the given order (or `"all"` open ones, in time order), each in its
    own transaction.

    Unknown ids are refused as a whole (`NotFound`), before anything is booked.
    """
    if proposal_ids == "all":
        ids = list(
            Proposal.objects.filter(status=Proposal.Status.PROPOSED)
            .order_by("start", "pk")
            .values_list("pk", flat=True)
        )
    else:
        wanted = list(dict.fromkeys(int(i) for i in proposal_ids))
        found = dict(Proposal.objects.filter(pk__in=wanted).values_list("pk", "start"))
        missing = [i for i in wanted if i not in found]
        if missing:
            raise NotFound(
                f"No proposal with id {', '.join(str(i) for i in missing)}.", code="unknown_proposal"
            )
        ids = wanted
    return [_approve_one(pk, actor=actor, now=now) for pk in ids]
