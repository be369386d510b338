"""The one place where a failed command becomes a polite reply.

`reply_for` is pure (error in, text out) so every mapping is tested without Discord; the `ErrorHandler` cog
only works out the command's usage line, sends the text and logs what is unexpected.
"""

from __future__ import annotations

import logging
from typing import Any

from discord import app_commands
from discord.ext import commands

from mentormatch.bot.checks import NotProgramAdmin, OutsideHomeServer
from mentormatch.bot.client import BackendError, BackendUnavailable
from mentormatch.bot.formatting import MESSAGE_LIMIT, truncate

log = logging.getLogger(__name__)

UNREACHABLE = (
    "⚠️ I can't reach the mentormatch backend right now, so nothing was changed. "
    "Please try again in a few minutes; if it keeps happening, let a program admin know."
)
UNEXPECTED = (
    "⚠️ Something went wrong on my side and nothing was changed. "
    "A program admin can find the details in the bot's log."
)


def _unwrap(error: BaseException) -> BaseException:
    """Dig the cause out of discord.py's wrappers (prefix, hybrid and slash forms)."""
    while isinstance(
        error, commands.CommandInvokeError | commands.HybridCommandError | app_commands.CommandInvokeError
    ):
        error = error.original
    return error


def format_backend_error(error: BackendError) -> str:
    """An API refusal as a reply: its own message, plus any alternatives the backend offered."""
    if error.status == 401:
        return (
            "⚠️ The backend did not accept the bot's credentials. A program admin should check that "
            "BOT_SHARED_SECRET is the same for the bot and the web server."
        )
    lines = [f"⚠️ {error.message}"]
    alternatives = error.details.get("alternatives")
    if isinstance(alternatives, list) and alternatives:
        texts = [_alternative_text(item) for item in alternatives[:5]]
        # The backend may already quote them in its message; list them only when it does not.
        if not all(text in error.message for text in texts):
            lines.append("Nearest times that work:")
            lines += [f"• {text}" for text in texts]
    return "\n".join(lines)


def _alternative_text(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("label", "display", "local", "start"):
            if item.get(key):
                return str(item[key])
    return str(item)


def reply_for(error: BaseException, *, usage: str | None, admin_role: str) -> str | None:
    """The reply for a failed command, or None when the bot should stay silent."""
    error = _unwrap(error)
    if isinstance(error, commands.CommandNotFound | commands.DisabledCommand | OutsideHomeServer):
        return None
    if isinstance(error, NotProgramAdmin):
        role = f" or the **{error.admin_role}** role" if error.admin_role else ""
        return f"🔒 Sorry, that command is for program admins. It needs the Administrator permission{role}."
    if isinstance(error, commands.NoPrivateMessage):
        return "That command works in the server, not in direct messages."
    if isinstance(error, commands.MemberNotFound):
        hint = f"\nUsage: `{usage}`" if usage else ""
        who = truncate(error.argument.replace("`", "'"), 100)
        return f"I couldn't find the member `{who}` here. Mention them like @name.{hint}"
    if isinstance(error, commands.UserInputError):
        what = {
            commands.MissingRequiredArgument: "Something is missing",
            commands.TooManyArguments: "There are more words than I expected (put names in quotes)",
        }.get(type(error), "I couldn't read that")
        detail = "" if isinstance(error, commands.TooManyArguments) else f": {error}"
        hint = f"\nUsage: `{usage}`" if usage else ""
        return f"{what}{detail}{hint}"
    if isinstance(error, commands.CommandOnCooldown):
        return f"Please wait {max(error.retry_after, 1):.0f} seconds before trying that again."
    if isinstance(error, commands.CheckFailure):
        return "Sorry, you can't use that command here."
    if isinstance(error, BackendUnavailable):
        return UNREACHABLE
    if isinstance(error, BackendError):
        return format_backend_error(error)
    return UNEXPECTED


def usage_line(ctx: commands.Context[Any]) -> str | None:
    command = ctx.command
    if command is None:
        return None
    prefix = ctx.clean_prefix if ctx.prefix else "!"
    usage = command.usage if command.usage is not None else command.signature
    return f"{prefix}{command.qualified_name} {usage}".rstrip()


class ErrorHandler(commands.Cog):
    """Answers every failed command; logs only what a user cannot cause."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_command_error(self, ctx: commands.Context[Any], error: commands.CommandError) -> None:
        cause = _unwrap(error)
        admin_role: str = getattr(getattr(self.bot, "settings", None), "admin_role", "")
        text = reply_for(cause, usage=usage_line(ctx), admin_role=admin_role)
        if text is None:
            return
        if text == UNEXPECTED:
            log.error("command %s failed", ctx.command, exc_info=cause)
        elif isinstance(cause, BackendUnavailable):
            log.warning("command %s: backend unavailable: %s", ctx.command, cause.reason)
        await ctx.send(truncate(text, MESSAGE_LIMIT), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(ErrorHandler(bot))
