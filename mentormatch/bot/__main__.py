"""`python -m mentormatch.bot`: run the Discord bot with `DISCORD_TOKEN` against `BACKEND_API_URL`."""

from __future__ import annotations

import logging
import sys

import aiohttp
import discord
from django.core.exceptions import ImproperlyConfigured

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.settings import BotSettings


def main() -> int:
    try:
        settings = BotSettings.from_env()
    except ImproperlyConfigured as exc:
        print(f"mentormatch bot: {exc}", file=sys.stderr)
        return 2
    if not settings.token:
        print(
            "mentormatch bot: DISCORD_TOKEN is not set. Create a bot in the Discord developer portal, "
            "put its token in DISCORD_TOKEN (environment or .env) and start again. See docs/bot.md.",
            file=sys.stderr,
        )
        return 2
    bot = MentorMatchBot(settings=settings)
    try:
        bot.run(settings.token, log_level=logging.INFO, root_logger=True)
    except discord.LoginFailure:
        print(
            "mentormatch bot: Discord refused DISCORD_TOKEN; copy it again from the portal.",
            file=sys.stderr,
        )
        return 2
    except (aiohttp.ClientConnectionError, OSError) as exc:
        print(
            f"mentormatch bot: cannot reach Discord ({exc}); check the network and try again.",
            file=sys.stderr,
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "mentormatch bot: enable the Message Content and Server Members intents for this bot in the "
            "Discord developer portal (Bot tab, Privileged Gateway Intents).",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
