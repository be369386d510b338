"""Admin commands to add a professional by hand and to list who is in the program."""

from __future__ import annotations

from typing import Any

from discord.ext import commands

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.checks import program_admin_only
from mentormatch.bot.exts.professionals import formatting


class Professionals(commands.Cog):
    def __init__(self, bot: MentorMatchBot) -> None:
        self.bot = bot

    @commands.hybrid_command(
        name="add_professional",
        description="Add a professional by name and specialties (admins).",
        usage='"Jane Doe" "Resume review, Software engineering"',
        ignore_extra=False,
    )
    @program_admin_only()
    async def add_professional(self, ctx: commands.Context[Any], name: str, specialties: str) -> None:
        """Add (or update) a professional; their availability comes from the availability form."""
        await ctx.defer()
        pro = await self.bot.api.add_professional(
            name=name, specialties=specialties, actor_discord_id=str(ctx.author.id)
        )
        await ctx.send(formatting.professional_added(pro))

    @commands.hybrid_command(
        name="add_availability",
        description="Set a professional's availability from text (admins).",
        usage='"Jane Doe" "Mondays 2-5pm, Wednesday mornings" [time zone]',
        ignore_extra=False,
    )
    @program_admin_only()
    async def add_availability(
        self, ctx: commands.Context[Any], name: str, availability: str, timezone: str | None = None
    ) -> None:
        """Replace a professional's availability with what this text says (the old one stays as history)."""
        await ctx.defer()
        saved = await self.bot.api.add_professional_availability(
            professional_name=name,
            availability_text=availability,
            timezone=timezone,
            actor_discord_id=str(ctx.author.id),
        )
        await ctx.send(formatting.availability_saved(saved))

    @commands.hybrid_command(name="list_professionals", description="List the professionals (admins).")
    @program_admin_only()
    async def list_professionals(self, ctx: commands.Context[Any]) -> None:
        """List every professional with their specialties."""
        await ctx.defer()
        professionals = await self.bot.api.list_professionals()
        for page in formatting.professionals_pages(professionals):
            await ctx.send(page)
