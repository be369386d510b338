from discord.ext import commands

from mentormatch.bot.checks import NotProgramAdmin
from mentormatch.bot.client import BackendError, BackendUnavailable
from mentormatch.bot.errors import UNEXPECTED, UNREACHABLE, reply_for

USAGE = '!schedule_session @student "Professional Name" "Monday 2:00 PM" [minutes]'


def reply(error: BaseException, admin_role: str = "Mentor Admins") -> str | None:
    return reply_for(error, usage=USAGE, admin_role=admin_role)


def test_an_unknown_command_gets_no_reply() -> None:
    assert reply(commands.CommandNotFound("nope")) is None


def test_a_non_admin_is_told_which_permission_or_role_is_needed() -> None:
    text = reply(NotProgramAdmin("Mentor Admins")) or ""
    assert "program admins" in text
    assert "Administrator" in text
    assert "**Mentor Admins**" in text


def test_a_non_admin_is_not_told_of_a_role_when_none_is_configured() -> None:
    text = reply(NotProgramAdmin(""), admin_role="") or ""
    assert "Administrator permission." in text
    assert "role" not in text


def test_a_missing_argument_is_answered_with_the_usage_line() -> None:
    param = commands.Parameter("scheduled_time", commands.Parameter.POSITIONAL_OR_KEYWORD)
    text = reply(commands.MissingRequiredArgument(param)) or ""
    assert text.startswith("Something is missing")
    assert "scheduled_time" in text
    assert f"Usage: `{USAGE}`" in text


def test_extra_words_suggest_quoting_names() -> None:
    text = reply(commands.TooManyArguments()) or ""
    assert "quotes" in text
    assert USAGE in text


def test_an_api_refusal_is_shown_with_its_own_message() -> None:
    error = BackendError(status=404, code="not_found", message="No student with Discord id 42.")
    wrapped = commands.CommandInvokeError(error)
    assert reply(wrapped) == "⚠️ No student with Discord id 42."


def test_an_api_refusal_lists_the_alternatives_it_offers() -> None:
    error = BackendError(
        status=409,
        code="not_available",
        message="Dana Whitfield is not available then.",
        details={"alternatives": [{"label": "Mon Dec 7, 3:00 PM EST"}, "2026-12-09T18:00:00+00:00"]},
    )
    text = reply(error) or ""
    assert text.splitlines() == [
        "⚠️ Dana Whitfield is not available then.",
        "Nearest times that work:",
        "• Mon Dec 7, 3:00 PM EST",
        "• 2026-12-09T18:00:00+00:00",
    ]


def test_a_refused_bot_secret_points_the_admin_at_the_setting() -> None:
    error = BackendError(status=401, code="authentication_failed", message="X-Bot-Secret does not match.")
    assert "BOT_SHARED_SECRET" in (reply(error) or "")


def test_an_unreachable_backend_gets_the_friendly_message() -> None:
    assert reply(commands.CommandInvokeError(BackendUnavailable("refused"))) == UNREACHABLE


def test_an_unexpected_exception_gets_a_generic_apology() -> None:
    assert reply(commands.CommandInvokeError(ZeroDivisionError())) == UNEXPECTED
