"""`!pending_reviews`, `!suggest_matches` and `!review_stats` against a live backend."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from mentormatch.bot.checks import NotProgramAdmin
from tests.bot.conftest import (
    Guild,
    next_monday_afternoon,
    run,
    seed_professional,
    seed_session,
    seed_student,
    sent_messages,
)

pytestmark = pytest.mark.asyncio


async def test_pending_reviews_lists_the_waiting_students_for_the_admin_role(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await sync_to_async(seed_student)(
        discord_id=discord_guild.bystander.id, name="John Roe", text="Fri 9-11am"
    )
    await run("!pending_reviews", discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("**2 pending review requests**")
    assert reply.content.index("Jane Doe") < reply.content.index("John Roe")
    assert f"<@{discord_guild.student.id}>" in reply.content
    assert 'Availability: "Monday 3-5pm, Wednesday 1-2pm"' in reply.content


async def test_pending_reviews_is_open_to_members_with_the_administrator_permission(
    discord_guild: Guild,
) -> None:
    await run("!pending_reviews", discord_guild.administrator_member)
    (reply,) = sent_messages()
    assert reply.content == "🎉 No pending review requests."


async def test_pending_reviews_refuses_a_non_admin_politely(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    error = await run("!pending_reviews", discord_guild.bystander)
    (reply,) = sent_messages()
    assert isinstance(error, NotProgramAdmin)
    assert reply.content.startswith("🔒 Sorry, that command is for program admins.")
    assert "**Mentor Admins**" in reply.content
    assert "Jane Doe" not in reply.content


async def test_pending_reviews_flags_availability_that_needs_clarification(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id, text="whenever works for you")
    await run("!pending_reviews", discord_guild.admin)
    (reply,) = sent_messages()
    assert "⚠️ Needs clarification" in reply.content


async def test_suggest_matches_lists_the_professional_whose_time_overlaps(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await sync_to_async(seed_professional)()
    await sync_to_async(seed_professional)(name="Ravi Patel", text="Fridays 9am-noon")
    await run(f"!suggest_matches {discord_guild.student.mention}", discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith(f"Suggested reviewers for {discord_guild.student.mention}")
    assert "**1. Dana Whitfield** (Staff Engineer, Example Corp)" in reply.content
    # Overlaps come soonest first, so which weekday leads depends on NOW: check the line, not the order.
    (overlap,) = [line for line in reply.content.splitlines() if line.startswith("  Overlap: ")]
    assert "Monday 3:00-5:00 PM" in overlap
    assert "Wednesday 1:00-2:00 PM" in overlap
    assert "Ravi Patel" not in reply.content


async def test_suggest_matches_explains_when_nobody_overlaps(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await sync_to_async(seed_professional)(name="Ravi Patel", text="Fridays 9am-noon")
    await run(f"!suggest_matches {discord_guild.student.mention}", discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith(f"No suggestions for {discord_guild.student.mention}: ")
    assert len(reply.content) > len(f"No suggestions for {discord_guild.student.mention}: ")


async def test_suggest_matches_for_someone_who_never_sent_the_form_shows_the_api_message(
    discord_guild: Guild,
) -> None:
    await run(f"!suggest_matches {discord_guild.bystander.mention}", discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith(f"⚠️ No student with Discord id {discord_guild.bystander.id}")


async def test_suggest_matches_without_a_student_answers_with_the_usage(discord_guild: Guild) -> None:
    await run("!suggest_matches", discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("Something is missing")
    assert "Usage: `!suggest_matches @student`" in reply.content


async def test_suggest_matches_with_someone_not_in_the_server_says_who_was_not_found(
    discord_guild: Guild,
) -> None:
    await run("!suggest_matches nobody_here", discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("I couldn't find the member `nobody_here` here.")


async def test_review_stats_counts_requests_and_sessions(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await sync_to_async(seed_student)(
        discord_id=discord_guild.bystander.id, name="John Roe", text="Fri 9-11am"
    )
    await sync_to_async(seed_professional)()
    await sync_to_async(seed_session)(discord_id=discord_guild.student.id, when=next_monday_afternoon())
    await run("!review_stats", discord_guild.admin)
    (reply,) = sent_messages()
    assert "Requests: **2** in all: 1 pending, 1 scheduled, 0 completed" in reply.content
    assert "Match rate: **50%**" in reply.content
    assert "2 students, 1 active professional" in reply.content


async def test_review_stats_refuses_a_non_admin(discord_guild: Guild) -> None:
    error = await run("!review_stats", discord_guild.student)
    (reply,) = sent_messages()
    assert isinstance(error, NotProgramAdmin)
    assert "program admins" in reply.content
