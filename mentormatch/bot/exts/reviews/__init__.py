"""Admin review commands: `!pending_reviews`, `!suggest_matches @student`, `!review_stats`."""

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.exts.reviews.cog import Reviews


async def setup(bot: MentorMatchBot) -> None:
    await bot.add_cog(Reviews(bot))
