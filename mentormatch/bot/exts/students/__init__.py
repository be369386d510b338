"""Student commands: `!resume` and `!review_status`."""

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.exts.students.cog import Students


async def setup(bot: MentorMatchBot) -> None:
    await bot.add_cog(Students(bot))
