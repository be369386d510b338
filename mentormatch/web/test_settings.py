"""Settings for the test suite: fixed secrets and zone so tests never depend on a developer's `.env`.

DATABASE_URL still comes from the environment, so the same suite runs on SQLite and PostgreSQL.
"""

import os

os.environ["MENTORMATCH_ENV_FILE"] = "/nonexistent"
os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ["FORM_WEBHOOK_SECRET"] = "test-form-secret"
os.environ["BOT_SHARED_SECRET"] = "test-bot-secret"
os.environ["PROGRAM_TIMEZONE"] = "America/New_York"
for name in (
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "DISCORD_TOKEN",
    "GOOGLE_CALENDAR_CREDENTIALS",
    "GOOGLE_CALENDAR_ID",
):
    os.environ.pop(name, None)

from mentormatch.web.settings import *  # noqa: E402, F403

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests never run collectstatic: let WhiteNoise look files up on demand instead of warning about STATIC_ROOT.
WHITENOISE_AUTOREFRESH = True
