"""Admin session commands: schedule, cancel, reschedule, complete, no-show."""

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.exts.sessions.cog import Sessions


async def setup(bot: MentorMatchBot) -> None:
    await bot.add_cog(Sessions(bot))
