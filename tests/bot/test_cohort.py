"""`!auto_match` and `!approve_proposals` against a live backend."""

from __future__ import annotations

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async

from mentormatch.bot.checks import NotProgramAdmin
from mentormatch.cohort.models import CohortRun, Proposal
from mentormatch.core.describe import format_moment
from mentormatch.scheduling.models import ScheduledSession
from tests.bot.conftest import (
    Guild,
    run,
    seed_professional,
    seed_session,
    seed_student,
    sent_messages,
)

pytestmark = pytest.mark.asyncio

UNPLACEABLE_ID = 100000000000000099  # a student nobody's availability overlaps


@pytest_asyncio.fixture
async def cohort(discord_guild: Guild) -> Guild:
    """Pending: Jane Doe (Mon/Wed afternoons) and Sam Poe (Friday mornings only); Dana Whitfield overlaps
    Jane alone."""
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await sync_to_async(seed_student)(discord_id=UNPLACEABLE_ID, name="Sam Poe", text="Fri 9-11am")
    await sync_to_async(seed_professional)()
    return discord_guild


def proposals(status: str = Proposal.Status.PROPOSED) -> list[Proposal]:
    return list(Proposal.objects.filter(status=status).select_related("student", "professional"))


def sessions() -> list[tuple[str, str]]:
    return list(ScheduledSession.objects.order_by("pk").values_list("student__name", "scheduled_by"))


async def auto_match(guild: Guild) -> list[Proposal]:
    await run("!auto_match", guild.admin)
    sent_messages()
    return await sync_to_async(proposals)()


async def test_auto_match_shows_the_counts_and_each_proposal_with_its_id_time_and_score(
    cohort: Guild,
) -> None:
    await run("!auto_match", cohort.admin)
    (reply,) = sent_messages()
    (proposal,) = await sync_to_async(proposals)()
    assert proposal.start is not None and proposal.score is not None
    when = format_moment(int(proposal.start.timestamp()), "America/New_York")
    assert "placed **1** of 2 pending students" in reply.content
    assert "Times in America/New_York." in reply.content
    assert (
        f"`#{proposal.pk}` **Jane Doe** → **Dana Whitfield** · {when} · score {proposal.score:g}"
        in reply.content
    )


async def test_auto_match_lists_the_unplaced_students_with_the_reason(cohort: Guild) -> None:
    await run("!auto_match", cohort.admin)
    (reply,) = sent_messages()
    (unplaced,) = await sync_to_async(proposals)(Proposal.Status.UNPLACED)
    assert unplaced.message
    assert "**Not placed** (1):" in reply.content
    assert f"• **Sam Poe**: {unplaced.message}" in reply.content


async def test_auto_match_records_the_admin_who_ran_it(cohort: Guild) -> None:
    await run("!auto_match", cohort.admin)
    sent_messages()
    actors = await sync_to_async(lambda: list(CohortRun.objects.values_list("actor", flat=True)))()
    assert actors == [f"discord:{cohort.admin.id}"]


async def test_auto_match_with_nobody_pending_says_so(discord_guild: Guild) -> None:
    await run("!auto_match", discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content == "🎉 No pending review requests to match."


async def test_auto_match_refuses_a_non_admin_and_proposes_nothing(cohort: Guild) -> None:
    error = await run("!auto_match", cohort.bystander)
    (reply,) = sent_messages()
    assert isinstance(error, NotProgramAdmin)
    assert reply.content.startswith("🔒 Sorry, that command is for program admins.")
    assert await sync_to_async(CohortRun.objects.count)() == 0


async def test_approve_proposals_all_books_every_open_proposal_as_the_admin(cohort: Guild) -> None:
    (proposal,) = await auto_match(cohort)
    await run("!approve_proposals all", cohort.admin)
    (reply,) = sent_messages()
    assert await sync_to_async(sessions)() == [("Jane Doe", f"discord:{cohort.admin.id}")]
    assert reply.content.startswith("📅 Booked **1** of 1 proposal.")
    assert proposal.start is not None
    when = format_moment(int(proposal.start.timestamp()), "America/New_York")
    assert f"✅ `#{proposal.pk}` booked for {when}" in reply.content


async def test_approve_proposals_with_ids_books_only_those(cohort: Guild) -> None:
    await sync_to_async(seed_professional)(name="Ravi Patel", text="Fridays 9am-noon")
    jane, sam = sorted(await auto_match(cohort), key=lambda p: p.student.name)
    await run(f"!approve_proposals #{sam.pk}", cohort.admin)
    (reply,) = sent_messages()
    assert await sync_to_async(sessions)() == [("Sam Poe", f"discord:{cohort.admin.id}")]
    assert reply.content.startswith("📅 Booked **1** of 1 proposal.")
    assert f"`#{jane.pk}`" not in reply.content


async def test_approve_proposals_reports_a_refusal_with_the_reason(cohort: Guild) -> None:
    (proposal,) = await auto_match(cohort)
    # Meanwhile an admin books Jane by hand at the proposed time: her request is no longer pending.
    await sync_to_async(seed_session)(discord_id=cohort.student.id, start=proposal.start)
    await run(f"!approve_proposals {proposal.pk}", cohort.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("📅 Booked **0** of 1 proposal; 1 refused.")
    assert f"✖️ `#{proposal.pk}` refused: The review request is scheduled now." in reply.content
    assert await sync_to_async(sessions)() == [("Jane Doe", "system")]


async def test_approve_proposals_skips_one_already_booked_and_says_why(cohort: Guild) -> None:
    (proposal,) = await auto_match(cohort)
    await run(f"!approve_proposals {proposal.pk}", cohort.admin)
    sent_messages()
    await run(f"!approve_proposals {proposal.pk}", cohort.admin)
    (reply,) = sent_messages()
    assert "1 skipped" in reply.content
    assert f"⏭️ `#{proposal.pk}` skipped: This proposal is booked." in reply.content
    assert len(await sync_to_async(sessions)()) == 1


async def test_approve_proposals_with_an_unknown_id_shows_the_backends_message(cohort: Guild) -> None:
    await auto_match(cohort)
    await run("!approve_proposals 424242", cohort.admin)
    (reply,) = sent_messages()
    assert reply.content == "⚠️ No proposal with id 424242."
    assert await sync_to_async(sessions)() == []


async def test_approve_proposals_with_something_that_is_not_an_id_answers_with_the_usage(
    cohort: Guild,
) -> None:
    await auto_match(cohort)
    await run("!approve_proposals soon", cohort.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("I couldn't read that: `soon` is not a proposal id")
    assert "Usage: `!approve_proposals all|<id> [<id> ...]`" in reply.content
    assert await sync_to_async(sessions)() == []


async def test_approve_proposals_refuses_a_non_admin_and_books_nothing(cohort: Guild) -> None:
    await auto_match(cohort)
    error = await run("!approve_proposals all", cohort.student)
    (reply,) = sent_messages()
    assert isinstance(error, NotProgramAdmin)
    assert reply.content.startswith("🔒 Sorry, that command is for program admins.")
    assert await sync_to_async(sessions)() == []
    assert len(await sync_to_async(proposals)()) == 1
