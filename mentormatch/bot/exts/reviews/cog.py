"""Admin review commands: what is pending, who fits a student, and how the program is doing."""

from __future__ import annotations

from typing import Any

import discord
from discord.ext import commands

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.checks import program_admin_only
from mentormatch.bot.exts.reviews import formatting


class Reviews(commands.Cog):
    def __init__(self, bot: MentorMatchBot) -> None:
        self.bot = bot

    @commands.hybrid_command(name="pending_reviews", description="List pending review requests (admins).")
    @program_admin_only()
    async def pending_reviews(self, ctx: commands.Context[Any]) -> None:
        """List the review requests still waiting for a session, oldest first."""
        await ctx.defer()
        pending = await self.bot.api.pending_reviews()
        for page in formatting.pending_reviews_pages(pending):
            await ctx.send(page)

    @commands.hybrid_command(
        name="suggest_matches",
        description="Suggest professionals for a student (admins).",
        usage="@student",
    )
    @program_admin_only()
    async def suggest_matches(self, ctx: commands.Context[Any], student: discord.Member) -> None:
        """Suggest the professionals whose availability overlaps the student's, best first."""
        await ctx.defer()
        data = await self.bot.api.suggest_matches(discord_id=str(student.id))
        for page in formatting.suggest_matches_pages(data, student_mention=student.mention):
            await ctx.send(page)

    @commands.hybrid_command(name="review_stats", description="Program statistics (admins).")
    @program_admin_only()
    async def review_stats(self, ctx: commands.Context[Any]) -> None:
        """Show how many reviews are pending, scheduled and done."""
        await ctx.defer()
        stats = await self.bot.api.review_stats()
        await ctx.send(formatting.review_stats_text(stats))
