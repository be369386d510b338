"""With nothing listening on the backend's port, every command says so politely."""

from __future__ import annotations

import pytest

from mentormatch.bot.client import BackendUnavailable
from mentormatch.bot.errors import UNREACHABLE
from tests.bot.conftest import Guild, run, sent_messages

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize(
    "command",
    [
        "!review_status",
        "!resume",
        "!pending_reviews",
        "!suggest_matches {student}",
        '!schedule_session {student} "Dana Whitfield" "Monday 3:30 PM"',
        "!review_stats",
        '!add_professional "Jane Doe" "Resume review"',
        "!list_professionals",
        "!cancel_session {student}",
    ],
)
async def test_a_command_says_the_backend_is_unreachable(unreachable_guild: Guild, command: str) -> None:
    guild = unreachable_guild
    member = guild.student if command in {"!review_status", "!resume"} else guild.admin
    error = await run(command.format(student=guild.student.mention), member)
    (reply,) = sent_messages()
    assert isinstance(getattr(error, "original", None), BackendUnavailable)
    assert reply.content == UNREACHABLE
    assert reply.channel == guild.channel
