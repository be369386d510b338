import pytest
from django.core.exceptions import ImproperlyConfigured

from mentormatch.bot.settings import BotSettings


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.setenv("MENTORMATCH_ENV_FILE", "/nonexistent")
    for name in ("BACKEND_API_URL", "SITE_URL", "DISCORD_TOKEN", "DISCORD_GUILD_ID", "DISCORD_ADMIN_ROLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BOT_SHARED_SECRET", "s3cret")
    return monkeypatch


def test_settings_come_from_the_environment(env: pytest.MonkeyPatch) -> None:
    env.setenv("BACKEND_API_URL", "https://mentormatch.example.com/api/")
    env.setenv("DISCORD_TOKEN", "token")
    env.setenv("DISCORD_GUILD_ID", "123456789012345678")
    env.setenv("DISCORD_ADMIN_ROLE", "Mentor Admins")
    settings = BotSettings.from_env()
    assert settings.backend_api_url == "https://mentormatch.example.com/api"
    assert settings.token == "token"
    assert settings.guild_id == 123456789012345678
    assert settings.admin_role == "Mentor Admins"


def test_the_api_url_defaults_to_the_site_url(env: pytest.MonkeyPatch) -> None:
    env.setenv("SITE_URL", "http://127.0.0.1:9000/")
    assert BotSettings.from_env().backend_api_url == "http://127.0.0.1:9000/api"


def test_a_missing_bot_secret_is_refused_naming_the_setting(env: pytest.MonkeyPatch) -> None:
    env.delenv("BOT_SHARED_SECRET")
    with pytest.raises(ImproperlyConfigured, match="BOT_SHARED_SECRET"):
        BotSettings.from_env()


def test_a_guild_id_that_is_not_a_number_is_refused_naming_the_setting(env: pytest.MonkeyPatch) -> None:
    env.setenv("DISCORD_GUILD_ID", "my server")
    with pytest.raises(ImproperlyConfigured, match="DISCORD_GUILD_ID"):
        BotSettings.from_env()


def test_the_bot_exits_with_a_clear_message_when_discord_token_is_unset() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env.update({"MENTORMATCH_ENV_FILE": "/nonexistent", "BOT_SHARED_SECRET": "s3cret"})
    result = subprocess.run(
        [sys.executable, "-m", "mentormatch.bot"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr


def test_the_bot_loads_every_module_without_django_settings_or_models() -> None:
    import os
    import subprocess
    import sys

    script = (
        "import sys, importlib, pkgutil, mentormatch.bot.exts as exts\n"
        "import mentormatch.bot.__main__, mentormatch.bot.errors\n"
        "for info in pkgutil.walk_packages(exts.__path__, 'mentormatch.bot.exts.'):\n"
        "    importlib.import_module(info.name)\n"
        "from django.conf import settings\n"
        "assert not settings.configured, 'Django settings were configured'\n"
        "backend = ('mentormatch.scheduling', 'mentormatch.web.settings')\n"
        "loaded = [m for m in sys.modules if m.startswith(backend)]\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_program_zone_comes_from_program_timezone(env: pytest.MonkeyPatch) -> None:
    env.setenv("PROGRAM_TIMEZONE", "America/Chicago")
    assert BotSettings.from_env().program_timezone == "America/Chicago"


def test_a_program_zone_that_is_not_a_zone_is_refused_naming_the_setting(env: pytest.MonkeyPatch) -> None:
    env.setenv("PROGRAM_TIMEZONE", "Eastern Standard")
    with pytest.raises(ImproperlyConfigured, match="PROGRAM_TIMEZONE"):
        BotSettings.from_env()
