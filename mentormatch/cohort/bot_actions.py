"""Bot API actions `auto-match` and `approve-proposals` (registered with the scheduling app's registry)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from mentormatch.cohort.render import outcome_json, run_json
from mentormatch.cohort.selectors import run_proposals
from mentormatch.scheduling.api.bot import BotActionInput, BotCall, bot_action
from mentormatch.scheduling.services.cohort import cohort_approve, cohort_propose


class AutoMatchInput(BotActionInput):
    time_limit_seconds = serializers.FloatField(
        required=False, min_value=0.1, max_value=600, help_text="Stop the solver after this long."
    )


@bot_action("auto-match", AutoMatchInput, summary="Propose professionals and slots for every pending request")
def auto_match(call: BotCall) -> dict[str, Any]:
    run = cohort_propose(
        now=call.now, actor=call.actor, time_limit_seconds=call.data.get("time_limit_seconds")
    )
    return run_json(run, list(run_proposals(run=run)))


class ApproveProposalsInput(BotActionInput):
    proposal_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, allow_empty=False, max_length=5000
    )
    all = serializers.BooleanField(required=False, default=False, help_text="Approve every open proposal.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("proposal_ids")) == bool(attrs.get("all")):
            raise serializers.ValidationError("Give either proposal_ids or all=true.")
        return attrs


@bot_action("approve-proposals", ApproveProposalsInput, summary="Book proposals of the latest auto-match")
def approve_proposals(call: BotCall) -> dict[str, Any]:
    outcomes = cohort_approve(
        proposal_ids="all" if call.data.get("all") else call.data["proposal_ids"],
        actor=call.actor,
        now=call.now,
    )
    results = [outcome_json(o) for o in outcomes]
    return {
        "results": results,
        "booked": sum(1 for o in outcomes if o.outcome == "booked"),
        "refused": sum(1 for o in outcomes if o.outcome == "refused"),
        "skipped": sum(1 for o in outcomes if o.outcome == "skipped"),
    }
