"""`!resume` and `!review_status` against a live backend."""

from __future__ import annotations

import logging
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from asgiref.sync import sync_to_async
from discord.ext import commands

from mentormatch.bot.checks import NotProgramAdmin
from mentormatch.bot.exts.students.formatting import FORM_NOT_SET_UP
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

FORM_URL = "https://docs.google.com/forms/d/e/1FAIpQLSexample/viewform"


@pytest.fixture
def student_form(settings: Any) -> None:
    settings.STUDENT_FORM_URL = FORM_URL
    settings.STUDENT_FORM_DISCORD_ID_ENTRY = "entry.123456789"


async def test_resume_dms_the_form_link_prefilled_with_the_students_discord_id(
    discord_guild: Guild, student_form: None
) -> None:
    await run("!resume", discord_guild.student)
    dms = [m for m in sent_messages() if isinstance(m.channel, discord.DMChannel)]
    assert len(dms) == 1
    student_dm = discord_guild.student.dm_channel
    assert student_dm is not None
    assert dms[0].channel.id == student_dm.id
    assert f"{FORM_URL}?usp=pp_url&entry.123456789={discord_guild.student.id}" in dms[0].content


async def test_resume_tells_the_channel_that_a_dm_was_sent(discord_guild: Guild, student_form: None) -> None:
    await run("!resume", discord_guild.student)
    in_channel = [m for m in sent_messages() if m.channel == discord_guild.channel]
    assert len(in_channel) == 1
    assert "sent you a direct message" in in_channel[0].content
    assert FORM_URL not in in_channel[0].content


async def test_resume_with_closed_dms_explains_in_the_channel_how_to_open_them(
    discord_guild: Guild, student_form: None, closed_dms: Any
) -> None:
    closed_dms()
    error = await run("!resume", discord_guild.student)
    messages = sent_messages()
    assert error is None
    assert [m.channel for m in messages] == [discord_guild.channel]
    assert "couldn't send you a direct message" in messages[0].content
    assert "allow direct messages" in messages[0].content


async def test_resume_without_a_configured_form_tells_the_student_kindly(
    discord_guild: Guild, settings: Any
) -> None:
    settings.STUDENT_FORM_URL = ""
    error = await run("!resume", discord_guild.student)
    (reply,) = sent_messages()
    assert error is None
    assert reply.channel == discord_guild.channel
    assert reply.content == FORM_NOT_SET_UP
    assert "STUDENT_FORM_URL" not in reply.content


async def test_resume_without_a_configured_form_logs_the_setting_for_the_operator(
    discord_guild: Guild, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.STUDENT_FORM_URL = ""
    with caplog.at_level(logging.WARNING, logger="mentormatch.bot.exts.students.cog"):
        await run("!resume", discord_guild.student)
    (record,) = [r for r in caplog.records if r.name == "mentormatch.bot.exts.students.cog"]
    assert record.levelno == logging.WARNING
    assert "STUDENT_FORM_URL" in record.getMessage()


async def test_review_status_shows_the_callers_pending_request(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await run("!review_status", discord_guild.student)
    (reply,) = sent_messages()
    assert "Jane Doe" in reply.content
    assert "Pending" in reply.content
    assert "Technology · Software Engineer" in reply.content


async def test_review_status_shows_the_booked_session(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await sync_to_async(seed_professional)()
    await sync_to_async(seed_session)(discord_id=discord_guild.student.id, when=next_monday_afternoon())
    await run("!review_status", discord_guild.student)
    (reply,) = sent_messages()
    assert "Scheduled" in reply.content
    assert "Session with **Dana Whitfield** on <t:" in reply.content


async def test_review_status_of_someone_who_never_sent_the_form_says_so(discord_guild: Guild) -> None:
    await run("!review_status", discord_guild.bystander)
    (reply,) = sent_messages()
    assert reply.content.startswith("You have no resume review requests yet.")


async def test_resume_in_a_direct_message_answers_there_with_the_link(
    discord_guild: Guild, student_form: None
) -> None:
    dm = await discord_guild.student.create_dm()
    await dpytest.message("!resume", channel=dm, member=discord_guild.student)
    (reply,) = sent_messages()
    assert reply.channel.id == dm.id
    assert f"entry.123456789={discord_guild.student.id}" in reply.content


async def test_an_admin_command_in_a_direct_message_is_refused_politely(discord_guild: Guild) -> None:
    dm = await discord_guild.admin.create_dm()
    with pytest.raises(commands.NoPrivateMessage):
        await dpytest.message("!pending_reviews", channel=dm, member=discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content == "That command works in the server, not in direct messages."


async def test_resume_asked_again_at_once_asks_to_wait(discord_guild: Guild, student_form: None) -> None:
    await run("!resume", discord_guild.student)
    sent_messages()
    error = await run("!resume", discord_guild.student)
    (reply,) = sent_messages()
    assert isinstance(error, commands.CommandOnCooldown)
    assert reply.content.startswith("Please wait ")
    assert reply.content.endswith(" seconds before trying that again.")


async def test_review_status_lets_an_admin_see_a_named_students_requests(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await run(f"!review_status {discord_guild.student.mention}", discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith(f"Resume review requests of Jane Doe ({discord_guild.student.mention}):")
    assert "Pending" in reply.content


async def test_review_status_of_someone_else_is_refused_to_a_non_admin(discord_guild: Guild) -> None:
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    error = await run(f"!review_status {discord_guild.student.mention}", discord_guild.bystander)
    (reply,) = sent_messages()
    assert isinstance(error, NotProgramAdmin)
    assert reply.content.startswith("🔒 Sorry, that command is for program admins.")
    assert "Jane Doe" not in reply.content
