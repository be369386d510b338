"""`!resume` sends the request form link by DM; `!review_status` shows the caller's own requests (or, for
program admins, a named student's)."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.checks import ensure_program_admin
from mentormatch.bot.client import BackendError
from mentormatch.bot.exts.students import formatting

log = logging.getLogger(__name__)

# The backend's code when STUDENT_FORM_URL is empty: an operator's job, not the student's.
FORM_NOT_CONFIGURED = "form_not_configured"


class Students(commands.Cog):
    def __init__(self, bot: MentorMatchBot) -> None:
        self.bot = bot

    # mypy cannot infer hybrid_command's ParamSpec from an undecorated callback (discord.py typing).
    @commands.hybrid_command(  # type: ignore[arg-type]
        name="resume", description="Get the link to request a resume review (by DM)."
    )
    @commands.cooldown(1, 30, commands.BucketType.user)
    async def resume(self, ctx: commands.Context[MentorMatchBot]) -> None:
        """Get your resume review request form link in a direct message."""
        await ctx.defer(ephemeral=True)
        try:
            link = await self.bot.api.student_form_link(
                discord_id=str(ctx.author.id), discord_username=ctx.author.name
            )
        except BackendError as error:
            if error.code != FORM_NOT_CONFIGURED:
                raise
            log.warning(
                "!resume from %s: the review request form is not set up. Set STUDENT_FORM_URL (and "
                "STUDENT_FORM_DISCORD_ID_ENTRY to pre-fill the Discord id) for the web process. Backend: %s",
                ctx.author.id,
                error.message,
            )
            await ctx.send(formatting.FORM_NOT_SET_UP, ephemeral=True)
            return
        text = formatting.resume_dm(link, name=ctx.author.display_name)
        if ctx.guild is None:
            await ctx.send(text)
            return
        try:
            await ctx.author.send(text)
        except discord.Forbidden:
            await ctx.send(formatting.resume_dm_closed(ctx.author.mention), ephemeral=True)
            return
        await ctx.send(formatting.resume_dm_sent(ctx.author.mention), ephemeral=True)

    @commands.hybrid_command(  # type: ignore[arg-type]
        name="review_status",
        description="See where your resume review request is (admins may name a student).",
        usage="[@student]",
        ignore_extra=False,
    )
    async def review_status(
        self, ctx: commands.Context[MentorMatchBot], student: discord.Member | None = None
    ) -> None:
        """Show the status of your own resume review requests; program admins may name a student."""
        own = student is None or student.id == ctx.author.id
        if not own:
            ensure_program_admin(ctx)
        target = ctx.author if student is None else student
        await ctx.defer(ephemeral=True)
        try:
            status = await self.bot.api.review_status(discord_id=str(target.id))
        except BackendError as error:
            if error.status != 404:
                raise
            # The backend does not know this Discord user yet: they have not sent the form.
            await ctx.send(formatting.no_requests(own=own, mention=target.mention), ephemeral=True)
            return
        for page in formatting.review_status_pages(status, own=own, mention=target.mention):
            await ctx.send(page, ephemeral=True)
