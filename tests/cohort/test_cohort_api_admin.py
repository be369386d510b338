"""auto-match and approve-proposals through the bot API, and approval from the Django admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from mentormatch.cohort import admin as cohort_admin
from mentormatch.cohort.models import Proposal
from mentormatch.scheduling.api import bot
from mentormatch.scheduling.models import ReviewRequest, ScheduledSession
from mentormatch.scheduling.services.cohort import cohort_propose
from tests.cohort.people import NOW, professional, request, weekly

pytestmark = pytest.mark.django_db
URL = "/api/bot/"
SECRET = "test-bot-secret"  # BOT_SHARED_SECRET in mentormatch/web/test_settings.py
ADMIN = "200000000000000001"
MONDAY, SATURDAY = 0, 5
Call = Callable[..., Any]


@pytest.fixture
def call(client: Client, monkeypatch: pytest.MonkeyPatch) -> Call:
    monkeypatch.setattr(bot, "clock", lambda: NOW)

    def post(action: str, **fields: Any) -> Any:
        body = {"action": action, "actor_discord_id": ADMIN, **fields}
        return client.post(URL, data=body, content_type="application/json", HTTP_X_BOT_SECRET=SECRET)

    return post


@pytest.fixture
def people() -> None:
    professional("Pat Lee", [weekly(MONDAY, "14:00", "16:00")])
    request("Ann Doe", "100000000000000001", [weekly(MONDAY, "15:00", "16:00")])
    request("Bob Roe", "100000000000000002", [weekly(SATURDAY, "10:00", "12:00")])


def test_auto_match_answers_with_proposals_and_the_unplaced_with_reasons(call: Call, people: None) -> None:
    response = call("auto-match")
    assert response.status_code == 200, response.content
    body = response.json()
    [proposal] = body["proposals"]
    assert proposal["student"]["name"] == "Ann Doe"
    assert proposal["professional"]["name"] == "Pat Lee"
    assert proposal["start"].endswith("-05:00")  # the student's zone, with the offset
    assert proposal["label"].startswith("Mon Dec ")
    assert proposal["reasons"]
    [unplaced] = body["unplaced"]
    assert unplaced["student"]["name"] == "Bob Roe"
    assert unplaced["reason"]["code"] == "no_options"
    assert body["run"]["placed"] == 1 and body["run"]["requests"] == 2
    assert Proposal.objects.get(pk=proposal["id"]).run.actor == f"discord:{ADMIN}"


def test_approve_proposals_with_all_books_every_open_proposal(call: Call, people: None) -> None:
    call("auto-match")
    response = call("approve-proposals", all=True)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["booked"], body["refused"], body["skipped"]) == (1, 0, 0)
    session = ScheduledSession.objects.get(pk=body["results"][0]["session_id"])
    assert session.student.name == "Ann Doe"
    assert session.scheduled_by == f"discord:{ADMIN}"


def test_approve_proposals_with_ids_books_only_those(call: Call, people: None) -> None:
    professional("Kim Park", [weekly(SATURDAY, "10:00", "12:00")])
    proposals = call("auto-match").json()["proposals"]
    bob = next(p for p in proposals if p["student"]["name"] == "Bob Roe")
    body = call("approve-proposals", proposal_ids=[bob["id"]]).json()
    assert [r["outcome"] for r in body["results"]] == ["booked"]
    assert list(ScheduledSession.objects.values_list("student__name", flat=True)) == ["Bob Roe"]


def test_approve_proposals_needs_ids_or_all(call: Call) -> None:
    response = call("approve-proposals")
    assert response.status_code == 400
    assert "proposal_ids or all" in response.json()["error"]["message"]


def test_approve_proposals_with_an_unknown_id_is_404(call: Call) -> None:
    response = call("approve-proposals", proposal_ids=[424242])
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_proposal"


def test_the_admin_approve_action_books_the_selected_proposals_as_the_staff_user(
    client: Client, people: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cohort_admin, "clock", lambda: NOW)
    User.objects.create_superuser("jane", "jane@example.com", "a-long-password")
    client.login(username="jane", password="a-long-password")
    run = cohort_propose(now=NOW, actor="system")
    proposal = run.proposals.get(status=Proposal.Status.PROPOSED)
    response = client.post(
        "/admin/cohort/proposal/",
        {"action": "approve_selected", "_selected_action": [str(proposal.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Booked 1, refused 0, skipped 0." in response.content.decode()
    session = ScheduledSession.objects.get()
    assert session.scheduled_by == "user:jane"
    assert session.review_request is not None
    assert session.review_request.status == ReviewRequest.Status.SCHEDULED


def test_the_admin_lists_runs_and_proposals(client: Client, people: None) -> None:
    User.objects.create_superuser("jane", "jane@example.com", "a-long-password")
    client.login(username="jane", password="a-long-password")
    run = cohort_propose(now=NOW, actor="system")
    assert client.get("/admin/cohort/proposal/").status_code == 200
    page = client.get(f"/admin/cohort/cohortrun/{run.pk}/change/")
    assert page.status_code == 200
    assert "Ann Doe" in page.content.decode()
