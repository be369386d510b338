"""Admin commands for cohort assignment: propose for every pending student at once, then book the proposals.

`!auto_match` is the bot API's `auto-match`, `!approve_proposals` its `approve-proposals`. The backend decides
and books (each proposal with the same checks as `!schedule_session`); the bot shows what it answered.
"""

from __future__ import annotations

from typing import Any

from discord import app_commands
from discord.ext import commands

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.checks import program_admin_only
from mentormatch.bot.exts.cohort import formatting
from mentormatch.bot.exts.cohort.selection import parse_selection


class Cohort(commands.Cog):
    """Match every pending student at once, then book the proposals."""

    def __init__(self, bot: MentorMatchBot) -> None:
        self.bot = bot

    @commands.hybrid_command(
        name="auto_match",
        description="Propose a professional and a time for every pending student (admins).",
    )
    @program_admin_only()
    async def auto_match(self, ctx: commands.Context[Any]) -> None:
        """Propose a professional and a time for every pending student at once (nothing is booked yet)."""
        await ctx.defer()
        result = await self.bot.api.auto_match(actor_discord_id=str(ctx.author.id))
        for page in formatting.auto_match_pages(result, zone=self.bot.settings.program_timezone):
            await ctx.send(page)

    @commands.hybrid_command(
        name="approve_proposals",
        description="Book proposals of the latest auto-match: all, or their ids (admins).",
        usage="all|<id> [<id> ...]",
    )
    @app_commands.describe(selection="all, or proposal ids separated by spaces (e.g. 101 102)")
    @program_admin_only()
    async def approve_proposals(self, ctx: commands.Context[Any], *, selection: str) -> None:
        """Book all open proposals of the latest `!auto_match`, or only the ids given."""
        try:
            chosen = parse_selection(selection)
        except ValueError as error:
            raise commands.BadArgument(str(error)) from None
        await ctx.defer()
        result = await self.bot.api.approve_proposals(
            proposal_ids=chosen, actor_discord_id=str(ctx.author.id)
        )
        for page in formatting.approvals_pages(result, zone=self.bot.settings.program_timezone):
            await ctx.send(page)
