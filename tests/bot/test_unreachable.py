"""With nothing listening on the backend's port, every command says so politely."""

from __future__ import annotations

import asyncio

import pytest

from mentormatch.bot.client import BackendError, BackendUnavailable, MentorMatchAPI
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


async def test_a_backend_that_never_answers_times_out_as_unreachable() -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)  # read nothing, answer nothing

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    api = MentorMatchAPI(base_url=f"http://127.0.0.1:{port}/api", secret="s", timeout_seconds=0.5)
    try:
        with pytest.raises(BackendUnavailable, match="Timeout"):
            await api.pending_reviews()
        assert len(accepted) == 1
    finally:
        await api.close()
        for writer in accepted:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_wrong_bot_secret_points_the_admin_at_the_setting(wrong_secret_guild: Guild) -> None:
    error = await run("!pending_reviews", wrong_secret_guild.admin)
    (reply,) = sent_messages()
    original = getattr(error, "original", None)
    assert isinstance(original, BackendError)
    assert original.status == 401
    assert "BOT_SHARED_SECRET" in reply.content
