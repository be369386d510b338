"""Reads for cohort runs and proposals."""

from __future__ import annotations

from django.db.models import QuerySet

from mentormatch.cohort.models import CohortRun, Proposal


def run_proposals(*, run: CohortRun) -> QuerySet[Proposal]:
    """The run's proposals, placed ones first in time order, then the unplaced."""
    return (
        Proposal.objects.filter(run=run)
        .select_related("student", "professional", "session")
        .order_by("start", "pk")
    )
