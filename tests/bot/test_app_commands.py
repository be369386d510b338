"""The slash forms: every command is registered with a name and description Discord accepts."""

from __future__ import annotations

import re

import pytest

from mentormatch.bot.bot import MentorMatchBot
from tests.bot.conftest import Guild, run, sent_messages, settings_for

COMMANDS = {
    "resume",
    "review_status",
    "pending_reviews",
    "suggest_matches",
    "schedule_session",
    "reschedule_session",
    "cancel_session",
    "complete_session",
    "no_show",
    "review_stats",
    "add_professional",
    "add_availability",
    "list_professionals",
    "auto_match",
    "approve_proposals",
}


@pytest.mark.asyncio
async def test_every_command_has_a_slash_form_discord_accepts() -> None:
    bot = MentorMatchBot(settings=settings_for("http://127.0.0.1:9/api"))
    await bot._async_setup_hook()
    await bot.load_mentormatch_extensions()
    try:
        slash = {command.name: command for command in bot.tree.get_commands()}
        assert set(slash) == COMMANDS
        assert {command.name for command in bot.commands} == COMMANDS | {"help"}
        for command in slash.values():
            payload = command.to_dict(bot.tree)
            assert re.fullmatch(r"[a-z_]{1,32}", payload["name"])
            assert 1 <= len(payload["description"]) <= 100
            for option in payload.get("options", []):
                assert 1 <= len(option["description"]) <= 100
    finally:
        await bot.close()


@pytest.mark.asyncio
async def test_help_shows_an_admin_every_command_by_feature(unreachable_guild: Guild) -> None:
    await run("!help", unreachable_guild.admin)
    (reply,) = sent_messages()
    for heading in ("Students:", "Reviews:", "Sessions:", "Professionals:", "Cohort:", "General:"):
        assert heading in reply.content
    assert "schedule_session" in reply.content
    assert "auto_match" in reply.content
    assert "approve_proposals" in reply.content


@pytest.mark.asyncio
async def test_help_shows_a_student_only_the_commands_they_can_use(unreachable_guild: Guild) -> None:
    await run("!help", unreachable_guild.student)
    (reply,) = sent_messages()
    assert "resume" in reply.content
    assert "review_status" in reply.content
    assert "Sessions:" not in reply.content
    assert "pending_reviews" not in reply.content
    assert "Cohort:" not in reply.content
    assert "auto_match" not in reply.content
