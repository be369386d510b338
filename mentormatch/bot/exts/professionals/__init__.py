"""Admin professional commands: `!add_professional` and `!list_professionals`."""

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.exts.professionals.cog import Professionals


async def setup(bot: MentorMatchBot) -> None:
    await bot.add_cog(Professionals(bot))
