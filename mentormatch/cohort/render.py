"""JSON shapes of cohort runs and proposals for the bot API (times ISO 8601 with the student's offset)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from mentormatch.cohort.models import CohortRun, Proposal
from mentormatch.core.describe import format_moment
from mentormatch.scheduling.services.cohort import ApprovalOutcome


def proposal_json(proposal: Proposal) -> dict[str, Any]:
    student = proposal.student
    data: dict[str, Any] = {
        "id": proposal.pk,
        "status": proposal.status,
        "student": {"id": student.pk, "name": student.name, "discord_id": student.discord_id or ""},
        "review_request_id": proposal.review_request_id,
    }
    if proposal.professional is not None and proposal.start is not None and proposal.end is not None:
        zone = student.timezone
        data.update(
            {
                "professional": {"id": proposal.professional.pk, "name": proposal.professional.name},
                "start": proposal.start.astimezone(ZoneInfo(zone)).isoformat(),
                "end": proposal.end.astimezone(ZoneInfo(zone)).isoformat(),
                "label": format_moment(int(proposal.start.timestamp()), zone),
                "score": proposal.score,
                "parts": proposal.parts,
                "reasons": proposal.reasons,
            }
        )
    if proposal.reason_code or proposal.message:
        data["reason"] = {"code": proposal.reason_code, "message": proposal.message}
    if proposal.session_id is not None:
        data["session_id"] = proposal.session_id
    return data


def run_json(run: CohortRun, proposals: list[Proposal]) -> dict[str, Any]:
    return {
        "run": {
            "id": run.pk,
            "as_of": run.as_of.isoformat(),
            "method": run.method,
            "optimal": run.optimal,
            "seconds": run.seconds,
            "requests": run.requests_considered,
            "placed": run.placed,
            "total_score": run.total_score,
            "greedy_placed": run.greedy_placed,
            "greedy_score": run.greedy_score,
        },
        "proposals": [proposal_json(p) for p in proposals if p.status != Proposal.Status.UNPLACED],
        "unplaced": [proposal_json(p) for p in proposals if p.status == Proposal.Status.UNPLACED],
    }


def outcome_json(outcome: ApprovalOutcome) -> dict[str, Any]:
    data: dict[str, Any] = {"proposal_id": outcome.proposal.pk, "outcome": outcome.outcome}
    if outcome.session is not None:
        data["session_id"] = outcome.session.pk
        data["start"] = outcome.session.start.isoformat()
    if outcome.code:
        data["code"] = outcome.code
        data["message"] = outcome.message
    return data
