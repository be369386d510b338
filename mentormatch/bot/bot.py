"""The bot itself: a `commands.Bot` holding the settings and the one API client, loading every extension."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord.ext import commands

from mentormatch.bot.checks import OutsideHomeServer, in_home_server
from mentormatch.bot.client import MentorMatchAPI
from mentormatch.bot.settings import BotSettings

log = logging.getLogger(__name__)

EXTENSIONS: tuple[str, ...] = (
    "mentormatch.bot.errors",
    "mentormatch.bot.exts.students",
    "mentormatch.bot.exts.reviews",
    "mentormatch.bot.exts.sessions",
    "mentormatch.bot.exts.professionals",
    "mentormatch.bot.exts.cohort",
)


def bot_intents() -> discord.Intents:
    """Prefix commands need message content; `@student` mentions resolve through the members intent."""
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    return intents


class MentorMatchBot(commands.Bot):
    def __init__(self, *, settings: BotSettings, api: MentorMatchAPI | None = None) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned_or(settings.command_prefix),
            intents=bot_intents(),
            case_insensitive=True,
            # Replies name people and quote what they wrote: show mentions, never ping anyone.
            allowed_mentions=discord.AllowedMentions.none(),
            description="mentormatch: resume reviews between students and volunteer professionals.",
            help_command=commands.DefaultHelpCommand(no_category="General", dm_help=False),
        )
        self.settings = settings
        self.add_check(self._only_in_home_server)
        self.api = api or MentorMatchAPI(
            base_url=settings.backend_api_url,
            secret=settings.bot_shared_secret,
            timeout_seconds=settings.api_timeout_seconds,
        )

    async def _only_in_home_server(self, ctx: commands.Context[Any]) -> bool:
        if in_home_server(self.settings.guild_id, ctx.guild.id if ctx.guild else None):
            return True
        raise OutsideHomeServer(f"not in server {self.settings.guild_id}")

    async def load_mentormatch_extensions(self, names: Sequence[str] = EXTENSIONS) -> None:
        for name in names:
            await self.load_extension(name)

    async def setup_hook(self) -> None:
        await self.load_mentormatch_extensions()
        if self.settings.sync_app_commands:
            await self.sync_app_commands()

    async def sync_app_commands(self) -> None:
        """Register the slash forms of the commands: instantly in the configured server, else globally."""
        if self.settings.guild_id is not None:
            guild = discord.Object(id=self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("synced %d slash commands", len(synced))

    async def on_ready(self) -> None:
        log.info("logged in as %s; backend %s", self.user, self.settings.backend_api_url)
        if self.settings.guild_id is None and len(self.guilds) > 1:
            log.warning(
                "the bot is in %d servers and DISCORD_GUILD_ID is not set: Administrators of every one of "
                "them can use the admin commands. Set DISCORD_GUILD_ID to your program's server.",
                len(self.guilds),
            )

    async def close(self) -> None:
        await self.api.close()
        await super().close()
