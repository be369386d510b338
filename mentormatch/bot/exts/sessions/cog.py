"""Admin session commands. Each is one bot API action; the backend checks times, overlaps and state."""

from __future__ import annotations

from typing import Any, Literal

import discord
from discord.ext import commands

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.checks import program_admin_only
from mentormatch.bot.exts.sessions import formatting


class Sessions(commands.Cog):
    def __init__(self, bot: MentorMatchBot) -> None:
        self.bot = bot

    @commands.hybrid_command(
        name="schedule_session",
        description="Book a session for a student with a professional (admins).",
        usage='@student "Professional Name" "Monday 2:00 PM" [minutes]',
        ignore_extra=False,
    )
    @program_admin_only()
    async def schedule_session(
        self,
        ctx: commands.Context[Any],
        student: discord.Member,
        professional_name: str,
        scheduled_time: str,
        duration_minutes: commands.Range[int, 10, 240] | None = None,
    ) -> None:
        """Book a session. The time reads as its next future moment: "Monday 2:00 PM", "Mon 14:00 ET"."""
        await ctx.defer()
        session = await self.bot.api.schedule_session(
            discord_id=str(student.id),
            professional_name=professional_name,
            scheduled_time=scheduled_time,
            duration_minutes=duration_minutes,
            actor_discord_id=str(ctx.author.id),
        )
        await ctx.send(formatting.session_scheduled(session, student_mention=student.mention))

    @commands.hybrid_command(
        name="cancel_session",
        description="Cancel a student's upcoming session (admins).",
        usage="@student [reason]",
    )
    @program_admin_only()
    async def cancel_session(
        self, ctx: commands.Context[Any], student: discord.Member, *, reason: str | None = None
    ) -> None:
        """Cancel the student's next scheduled session; both people are told."""
        await ctx.defer()
        session = await self.bot.api.cancel_session(
            discord_id=str(student.id), actor_discord_id=str(ctx.author.id), reason=reason
        )
        await ctx.send(formatting.session_cancelled(session, student_mention=student.mention))

    @commands.hybrid_command(
        name="reschedule_session",
        description="Move a student's upcoming session to another time (admins).",
        usage='@student "Tuesday 3:00 PM"',
        ignore_extra=False,
    )
    @program_admin_only()
    async def reschedule_session(
        self, ctx: commands.Context[Any], student: discord.Member, scheduled_time: str
    ) -> None:
        """Move the student's next scheduled session to a new time, checked like a new booking."""
        await ctx.defer()
        session = await self.bot.api.reschedule_session(
            discord_id=str(student.id), scheduled_time=scheduled_time, actor_discord_id=str(ctx.author.id)
        )
        await ctx.send(formatting.session_rescheduled(session, student_mention=student.mention))

    @commands.hybrid_command(
        name="complete_session",
        description="Mark a student's session as completed (admins).",
        usage="@student",
        ignore_extra=False,
    )
    @program_admin_only()
    async def complete_session(self, ctx: commands.Context[Any], student: discord.Member) -> None:
        """Mark the student's latest session as completed (this sends the feedback request)."""
        await ctx.defer()
        session = await self.bot.api.complete_session(
            discord_id=str(student.id), actor_discord_id=str(ctx.author.id)
        )
        await ctx.send(formatting.session_completed(session, student_mention=student.mention))

    @commands.hybrid_command(
        name="no_show",
        description="Record that a session did not happen because someone did not come (admins).",
        usage="@student [student|professional]",
        ignore_extra=False,
    )
    @program_admin_only()
    async def no_show(
        self,
        ctx: commands.Context[Any],
        student: discord.Member,
        absent: Literal["student", "professional"] = "student",
    ) -> None:
        """Record a no-show for the student's latest session: by the student (default) or the professional."""
        await ctx.defer()
        session = await self.bot.api.mark_no_show(
            discord_id=str(student.id), actor_discord_id=str(ctx.author.id), absent=absent
        )
        await ctx.send(formatting.session_no_show(session, student_mention=student.mention, absent=absent))
