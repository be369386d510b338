"""Admin cohort commands: `!auto_match` and `!approve_proposals`."""

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.exts.cohort.cog import Cohort


async def setup(bot: MentorMatchBot) -> None:
    await bot.add_cog(Cohort(bot))
