"""cohort_propose and cohort_approve against the database, with the real feasibility, ranking and booking."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from mentormatch.cohort.models import CohortRun, Proposal
from mentormatch.core.assignment import UnplacedReason
from mentormatch.scheduling.models import ProfessionalAvailability, ReviewRequest, ScheduledSession
from mentormatch.scheduling.services.cohort import cohort_approve, cohort_propose
from mentormatch.scheduling.services.sessions import session_schedule
from mentormatch.web.errors import NotFound
from tests.cohort.people import NOW, ZONE, professional, request, weekly

pytestmark = pytest.mark.django_db
ACTOR = "discord:200000000000000001"
MONDAY, TUESDAY, SATURDAY = 0, 1, 5


def local(moment: dt.datetime | None) -> tuple[int, str]:
    assert moment is not None
    here = moment.astimezone(ZoneInfo(ZONE))
    return here.weekday(), f"{here:%H:%M}"


def placed(run: CohortRun) -> dict[str, Proposal]:
    return {p.student.name: p for p in run.proposals.exclude(status=Proposal.Status.UNPLACED)}


def test_it_proposes_a_professional_and_a_slot_inside_both_availabilities() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "15:00", "17:00")])
    run = cohort_propose(now=NOW, actor=ACTOR)
    proposal = placed(run)["Ann Doe"]
    assert proposal.professional is not None and proposal.professional.name == "Pat Lee"
    assert local(proposal.start) in {(MONDAY, "15:00"), (MONDAY, "15:30")}
    assert proposal.end is not None and proposal.start is not None
    assert proposal.end - proposal.start == dt.timedelta(minutes=30)
    assert proposal.score is not None and proposal.score > 0
    assert set(proposal.parts) >= {"specialization", "availability"}
    assert (run.placed, run.requests_considered, run.actor) == (1, 1, ACTOR)


def test_two_students_wanting_the_same_weekly_slot_get_different_weeks() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "14:30")], limit=10)
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "14:30")], minutes_ago=90)
    request("Bob Roe", "100000000000000002", [weekly(MONDAY, "14:00", "14:30")], minutes_ago=30)
    run = cohort_propose(now=NOW, actor=ACTOR)
    proposals = placed(run)
    assert set(proposals) == {"Ann Doe", "Bob Roe"}
    # Same professional, same weekday and time, so different weeks.
    assert proposals["Ann Doe"].start != proposals["Bob Roe"].start


def test_it_keeps_a_professional_within_the_weekly_limit() -> None:
    # Valid for one week only, limit one: of two students who fit only Pat, one is placed.
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")], limit=1)
    ProfessionalAvailability.objects.update(valid_until=dt.date(2026, 12, 13))
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "16:00")])
    request("Bob Roe", "100000000000000002", [weekly(MONDAY, "14:00", "16:00")])
    run = cohort_propose(now=NOW, actor=ACTOR)
    assert run.placed == 1
    unplaced = run.proposals.get(status=Proposal.Status.UNPLACED)
    assert unplaced.reason_code == UnplacedReason.TAKEN
    assert "filled with other students" in unplaced.message


def test_a_student_nobody_overlaps_is_unplaced_with_the_reason() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    request("Ann Doe", "100000000000000001", [weekly(SATURDAY, "10:00", "12:00")])
    run = cohort_propose(now=NOW, actor=ACTOR)
    proposal = run.proposals.get()
    assert proposal.status == Proposal.Status.UNPLACED
    assert proposal.reason_code == UnplacedReason.NO_OPTIONS
    assert proposal.message == "No professional's availability overlaps the student's."


def test_a_new_run_supersedes_the_open_proposals_of_the_last() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "16:00")])
    first = cohort_propose(now=NOW, actor=ACTOR)
    cohort_propose(now=NOW, actor=ACTOR)
    assert set(first.proposals.values_list("status", flat=True)) == {Proposal.Status.SUPERSEDED}


def test_approving_books_the_session_and_schedules_the_request() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    ann = request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "16:00")])
    run = cohort_propose(now=NOW, actor=ACTOR)
    proposal = placed(run)["Ann Doe"]
    [outcome] = cohort_approve(proposal_ids=[proposal.pk], actor=ACTOR, now=NOW)
    assert outcome.outcome == "booked"
    session = ScheduledSession.objects.get()
    assert (session.start, session.student.name, session.scheduled_by) == (proposal.start, "Ann Doe", ACTOR)
    ann.refresh_from_db()
    assert ann.status == ReviewRequest.Status.SCHEDULED
    proposal.refresh_from_db()
    assert (proposal.status, proposal.session_id, proposal.decided_by) == ("booked", session.pk, ACTOR)


def test_approving_all_refuses_a_slot_taken_since_and_books_the_rest() -> None:
    pat = professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    professional("Kim Park", [weekly(TUESDAY, "10:00", "12:00")])
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "16:00")])
    request("Bob Roe", "100000000000000002", [weekly(TUESDAY, "10:00", "12:00")])
    run = cohort_propose(now=NOW, actor=ACTOR)
    ann_proposal = placed(run)["Ann Doe"]
    # Meanwhile an admin books Pat at that very time for someone else.
    other = request("Cy Poe", "100000000000000003", [weekly(MONDAY, "14:00", "16:00")])
    session_schedule(student=other.student, professional=pat, actor=ACTOR, start=ann_proposal.start, now=NOW)
    outcomes = {o.proposal.student.name: o for o in cohort_approve(proposal_ids="all", actor=ACTOR, now=NOW)}
    assert outcomes["Bob Roe"].outcome == "booked"
    assert (outcomes["Ann Doe"].outcome, outcomes["Ann Doe"].code) == ("refused", "already_booked")
    ann_proposal.refresh_from_db()
    assert ann_proposal.status == Proposal.Status.REFUSED
    assert "already" in ann_proposal.message


def test_approving_a_proposal_twice_skips_it_the_second_time() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "16:00")])
    proposal = placed(cohort_propose(now=NOW, actor=ACTOR))["Ann Doe"]
    cohort_approve(proposal_ids=[proposal.pk], actor=ACTOR, now=NOW)
    [again] = cohort_approve(proposal_ids=[proposal.pk], actor=ACTOR, now=NOW)
    assert (again.outcome, again.code) == ("skipped", "not_open")
    assert ScheduledSession.objects.count() == 1


def test_approving_for_a_request_no_longer_pending_refuses_it() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    ann = request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "16:00")])
    proposal = placed(cohort_propose(now=NOW, actor=ACTOR))["Ann Doe"]
    ann.status = ReviewRequest.Status.CANCELLED
    ann.save()
    [outcome] = cohort_approve(proposal_ids=[proposal.pk], actor=ACTOR, now=NOW)
    assert (outcome.outcome, outcome.code) == ("refused", "request_not_pending")
    assert not ScheduledSession.objects.exists()


def test_approving_an_unknown_proposal_is_refused_before_anything_is_booked() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "16:00")])
    proposal = placed(cohort_propose(now=NOW, actor=ACTOR))["Ann Doe"]
    with pytest.raises(NotFound):
        cohort_approve(proposal_ids=[proposal.pk, 999_999], actor=ACTOR, now=NOW)
    assert not ScheduledSession.objects.exists()


def test_sessions_already_booked_count_against_the_weekly_limit() -> None:
    pat = professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")], limit=1)
    ProfessionalAvailability.objects.update(valid_until=dt.date(2026, 12, 13))
    earlier = request("Cy Poe", "100000000000000003", [weekly(MONDAY, "14:00", "16:00")])
    session_schedule(
        student=earlier.student,
        professional=pat,
        actor=ACTOR,
        start=dt.datetime(2026, 12, 7, 19, 0, tzinfo=dt.UTC),
        now=NOW,
    )
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "14:00", "16:00")])
    run = cohort_propose(now=NOW, actor=ACTOR)
    proposal = run.proposals.get(student__name="Ann Doe")
    assert proposal.status == Proposal.Status.UNPLACED
    assert proposal.message == "Every professional who overlaps is at their weekly limit in those weeks."


def test_an_auto_match_with_nobody_waiting_stores_an_empty_run() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    run = cohort_propose(now=NOW, actor=ACTOR)
    assert (run.requests_considered, run.placed, run.proposals.count()) == (0, 0, 0)
