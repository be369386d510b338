"""The bot's configuration, read once from the environment (and `.env`), without Django.

The bot process has no database and never calls `django.setup()`: it reads the same variables as the web
process through the same typed helpers, so a bad value fails at start naming the setting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from mentormatch.web.config import env_bool, env_float, env_str, env_zone

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@dataclass(frozen=True, slots=True)
class BotSettings:
    """Everything the bot needs to run. Tests build one directly; `from_env` reads the environment."""

    backend_api_url: str
    bot_shared_secret: str
    token: str = ""
    guild_id: int | None = None
    admin_role: str = ""
    command_prefix: str = "!"
    api_timeout_seconds: float = 10.0
    sync_app_commands: bool = True
    # The program's zone, as the web process has it: admin replies that list many times use it.
    program_timezone: str = "America/New_York"

    def __post_init__(self) -> None:
        if not self.backend_api_url.startswith(("http://", "https://")):
            raise ImproperlyConfigured(
                f"BACKEND_API_URL must be an http(s) URL such as http://127.0.0.1:8000/api "
                f"(got {self.backend_api_url!r})."
            )
        if not self.bot_shared_secret:
            raise ImproperlyConfigured(
                "BOT_SHARED_SECRET must be set to the same value as the web process uses."
            )
        if self.api_timeout_seconds <= 0:
            raise ImproperlyConfigured("BOT_API_TIMEOUT must be a positive number of seconds.")
        try:
            ZoneInfo(self.program_timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ImproperlyConfigured(
                f"PROGRAM_TIMEZONE must be an IANA time zone such as America/New_York "
                f"(got {self.program_timezone!r})."
            ) from None

    @classmethod
    def from_env(cls) -> BotSettings:
        # Real environment variables win over `.env`, as in the web process.
        load_dotenv(os.environ.get("MENTORMATCH_ENV_FILE", BASE_DIR / ".env"), override=False)
        site_url = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
        raw_guild = env_str("DISCORD_GUILD_ID").strip()
        guild_id: int | None = None
        if raw_guild:
            if not raw_guild.isdigit():
                raise ImproperlyConfigured(
                    f"DISCORD_GUILD_ID must be the numeric id of your server (got {raw_guild!r})."
                )
            guild_id = int(raw_guild)
        return cls(
            backend_api_url=(env_str("BACKEND_API_URL") or f"{site_url}/api").rstrip("/"),
            bot_shared_secret=env_str("BOT_SHARED_SECRET"),
            token=env_str("DISCORD_TOKEN").strip(),
            guild_id=guild_id,
            admin_role=env_str("DISCORD_ADMIN_ROLE").strip(),
            command_prefix=env_str("DISCORD_COMMAND_PREFIX", "!") or "!",
            api_timeout_seconds=env_float("BOT_API_TIMEOUT", 10.0),
            sync_app_commands=env_bool("DISCORD_SYNC_COMMANDS", True),
            program_timezone=env_zone("PROGRAM_TIMEZONE", "America/New_York"),
        )
