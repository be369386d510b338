"""Who may run admin commands: members with the Administrator permission or the configured admin role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
from discord.ext import commands


class NotProgramAdmin(commands.CheckFailure):
    """The caller is neither an Administrator nor holds the admin role. Rendered politely by the handler."""

    def __init__(self, admin_role: str) -> None:
        super().__init__("This command is for program admins.")
        self.admin_role = admin_role


class AdminOnlyInServer(commands.NoPrivateMessage):
    """An admin command was used in a DM, where there are no roles or permissions to check."""


class OutsideHomeServer(commands.CheckFailure):
    """A command came from a server other than `DISCORD_GUILD_ID`. Ignored without a reply."""


def in_home_server(guild_id: int | None, message_guild_id: int | None) -> bool:
    """Commands count in the configured server and in DMs. Without the setting, in every server.

    This matters because roles and the Administrator permission are per server: an Administrator of some
    other server the bot was added to must not become an admin of the program.
    """
    return guild_id is None or message_guild_id is None or message_guild_id == guild_id


def member_is_program_admin(member: discord.Member, admin_role: str) -> bool:
    """True when `member` has Administrator or a role named (or with the id) `admin_role`."""
    if member.guild_permissions.administrator:
        return True
    wanted = admin_role.strip().casefold()
    if not wanted:
        return False
    return any(role.name.casefold() == wanted or str(role.id) == wanted for role in member.roles)


def ensure_program_admin(ctx: commands.Context[Any]) -> None:
    """Raise `AdminOnlyInServer` in a DM, `NotProgramAdmin` for anyone who is not a program admin."""
    if ctx.guild is None or not isinstance(ctx.author, discord.Member):
        raise AdminOnlyInServer("Admin commands work in the server, not in direct messages.")
    admin_role: str = getattr(getattr(ctx.bot, "settings", None), "admin_role", "")
    if not member_is_program_admin(ctx.author, admin_role):
        raise NotProgramAdmin(admin_role)


def program_admin_only() -> Callable[[Any], Any]:
    """Command decorator: refuse (with `NotProgramAdmin`) anyone who is not a program admin."""

    async def predicate(ctx: commands.Context[Any]) -> bool:
        ensure_program_admin(ctx)
        return True

    return commands.check(predicate)
