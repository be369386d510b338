"""With DISCORD_GUILD_ID set, the bot answers only in that server (and in direct messages)."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from mentormatch.bot.checks import OutsideHomeServer, in_home_server
from mentormatch.scheduling.models import Professional
from tests.bot.conftest import Guild, run, sent_messages


def test_commands_count_everywhere_without_a_configured_server() -> None:
    assert in_home_server(None, 1234)


def test_commands_count_in_direct_messages_with_a_configured_server() -> None:
    assert in_home_server(1234, None)


def test_commands_from_another_server_do_not_count() -> None:
    assert not in_home_server(1234, 5678)


@pytest.mark.asyncio
async def test_an_administrator_of_another_server_is_ignored(foreign_guild: Guild) -> None:
    error = await run('!add_professional "Jane Doe" "Resume review"', foreign_guild.administrator_member)
    assert isinstance(error, OutsideHomeServer)
    assert sent_messages() == []
    assert await sync_to_async(Professional.objects.count)() == 0
