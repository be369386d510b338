"""Shared test setup. Settings used by every test are fixed here so tests never depend on a developer's `.env`."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("FORM_WEBHOOK_SECRET", "test-form-secret")
os.environ.setdefault("BOT_SHARED_SECRET", "test-bot-secret")
os.environ.setdefault("PROGRAM_TIMEZONE", "America/New_York")
os.environ.setdefault("MENTORMATCH_ENV_FILE", "/nonexistent")
