"""Admin for cohort runs and proposals, with an "Approve selected proposals" action."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mentormatch.cohort.models import CohortRun, Proposal
from mentormatch.scheduling.services.cohort import cohort_approve
from mentormatch.web.admin_selection import SelectedIdsMixin


def clock() -> datetime:
    """The time an admin action runs (one place, so tests can freeze it)."""
    return timezone.now()


class ProposalInline(admin.TabularInline[Proposal, CohortRun]):
    model = Proposal
    extra = 0
    can_delete = False
    fields = ("student", "professional", "start", "score", "status", "message")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: CohortRun | None = None) -> bool:
        return False


@admin.register(CohortRun)
class CohortRunAdmin(SelectedIdsMixin, admin.ModelAdmin[CohortRun]):
    list_display = (
        "pk",
        "created_at",
        "actor",
        "requests_considered",
        "placed",
        "greedy_placed",
        "total_score",
        "greedy_score",
        "method",
        "seconds",
    )
    readonly_fields = [f.name for f in CohortRun._meta.fields]
    inlines = [ProposalInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(SelectedIdsMixin, admin.ModelAdmin[Proposal]):
    list_display = ("student", "professional", "start", "score", "status", "reason_code", "run")
    list_filter = ("status", "reason_code", "run")
    search_fields = ("student__name", "student__discord_username", "professional__name")
    readonly_fields = [f.name for f in Proposal._meta.fields]
    list_select_related = ("student", "professional", "run")
    actions = ["approve_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Approve selected proposals (book the sessions)")
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Proposal]) -> None:
        actor = f"user:{request.user.get_username()}" if request.user.is_authenticated else "admin"
        ids = list(queryset.order_by("start", "pk").values_list("pk", flat=True))
        outcomes = cohort_approve(proposal_ids=ids, actor=actor, now=clock())
        counts = Counter(o.outcome for o in outcomes)
        self.message_user(
            request,
            f"Booked {counts['booked']}, refused {counts['refused']}, skipped {counts['skipped']}.",
            messages.SUCCESS if not counts["refused"] else messages.WARNING,
        )
        for outcome in outcomes:
            if outcome.outcome == "refused":
                self.message_user(request, f"{outcome.proposal}: {outcome.message}", messages.WARNING)
