"""Shared setup for the bot tests: a dpytest-driven bot whose client talks to a live backend server.

`bot` points the bot's one API client at pytest-django's `live_server` (a real HTTP server over a
transactional test database), so every command goes over HTTP through the real bot API.

The backend's clock is frozen at `NOW` for these tests, and every seeded time is a date relative to it, so
no test depends on the weekday, the hour or the year it runs in.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
import discord.ext.test as dpytest
import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from discord.ext.test import backend as dpytest_backend
from django.db import connections

from mentormatch.bot.bot import MentorMatchBot
from mentormatch.bot.settings import BotSettings

ADMIN_ROLE = "Mentor Admins"
BOT_SECRET = "test-bot-secret"  # the value mentormatch.web.test_settings gives the backend

EASTERN = ZoneInfo("America/New_York")  # PROGRAM_TIMEZONE in the test settings
# The backend's "now" in these tests: Thursday 3 December 2026, 1:00 PM in New York.
NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)


@dataclass
class Guild:
    """The fake server: a student, a member with the admin role, a member with the Administrator permission
    (through a role) and a member with neither."""

    bot: MentorMatchBot
    guild: discord.Guild
    channel: discord.TextChannel
    student: discord.Member
    admin: discord.Member
    administrator_member: discord.Member
    bystander: discord.Member


def free_closed_port() -> int:
    """A local port nothing listens on: bound once to pick it, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def make_bot(settings: BotSettings) -> MentorMatchBot:
    bot = MentorMatchBot(settings=settings)
    await bot._async_setup_hook()
    await bot.load_mentormatch_extensions()
    dpytest.configure(bot, members=["jane_doe", "alex_admin", "sam_superuser", "pat_bystander"])
    return bot


async def make_guild(bot: MentorMatchBot) -> Guild:
    config = dpytest.get_config()
    guild = config.guilds[0]
    student, admin, administrator_member, bystander = config.members
    admin_role = dpytest_backend.make_role(ADMIN_ROLE, guild, permissions=0)
    await dpytest.add_role(admin, admin_role)
    administrator = dpytest_backend.make_role(
        "Server Staff", guild, permissions=discord.Permissions(administrator=True).value
    )
    await dpytest.add_role(administrator_member, administrator)
    return Guild(
        bot=bot,
        guild=guild,
        channel=config.channels[0],  # type: ignore[arg-type]
        student=student,
        admin=admin,
        administrator_member=administrator_member,
        bystander=bystander,
    )


def settings_for(
    url: str, *, guild_id: int | None = None, secret: str = BOT_SECRET, timeout: float = 10
) -> BotSettings:
    return BotSettings(
        backend_api_url=url,
        bot_shared_secret=secret,
        admin_role=ADMIN_ROLE,
        guild_id=guild_id,
        sync_app_commands=False,
        api_timeout_seconds=timeout,
    )


@pytest_asyncio.fixture(autouse=True)
async def close_seeding_connections() -> AsyncIterator[None]:
    """Tests seed the database through `sync_to_async`, whose worker thread keeps its own connection: close
    it after each test, or PostgreSQL cannot drop the test database at the end ("being accessed")."""
    yield
    await sync_to_async(connections.close_all)()


@pytest.fixture
def frozen_backend_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Every bot API call reads `NOW` as the time it arrived (the live server runs in this process)."""
    from mentormatch.scheduling.api import bot as bot_api

    monkeypatch.setattr(bot_api, "clock", lambda: NOW)
    return NOW


@pytest_asyncio.fixture
async def discord_guild(live_server: Any, frozen_backend_clock: datetime) -> AsyncIterator[Guild]:
    bot = await make_bot(settings_for(f"{live_server.url}/api"))
    try:
        yield await make_guild(bot)
    finally:
        await dpytest.empty_queue()
        await bot.api.close()


@pytest_asyncio.fixture
async def foreign_guild(live_server: Any, frozen_backend_clock: datetime) -> AsyncIterator[Guild]:
    """The bot is configured for another server (DISCORD_GUILD_ID) than the one the messages come from."""
    bot = await make_bot(settings_for(f"{live_server.url}/api", guild_id=4242))
    try:
        yield await make_guild(bot)
    finally:
        await dpytest.empty_queue()
        await bot.api.close()


@pytest_asyncio.fixture
async def wrong_secret_guild(live_server: Any, frozen_backend_clock: datetime) -> AsyncIterator[Guild]:
    bot = await make_bot(settings_for(f"{live_server.url}/api", secret="not-the-secret"))
    try:
        yield await make_guild(bot)
    finally:
        await dpytest.empty_queue()
        await bot.api.close()


@pytest_asyncio.fixture
async def unreachable_guild() -> AsyncIterator[Guild]:
    bot = await make_bot(settings_for(f"http://127.0.0.1:{free_closed_port()}/api"))
    try:
        yield await make_guild(bot)
    finally:
        await dpytest.empty_queue()
        await bot.api.close()


async def run(content: str, member: discord.Member) -> BaseException | None:
    """Send `content` as `member`; return the command error dpytest re-raises (handled errors too)."""
    try:
        await dpytest.message(content, member=member)
    except Exception as exc:  # dpytest re-raises every command error after the handler has replied
        return exc
    return None


def sent_messages() -> list[discord.Message]:
    """Every message the bot sent since the last call, oldest first."""
    out: list[discord.Message] = []
    queue = dpytest.sent_queue
    while not queue.empty():
        out.append(queue.get_nowait())
    return out


@pytest.fixture
def closed_dms(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """Make Discord refuse direct messages (error 50007), as it does for a member with DMs closed."""

    def close() -> None:
        http = dpytest_backend.get_state().http
        original = http.send_message

        async def send_message(channel_id: int, *, params: Any) -> Any:
            # dpytest's fake HTTP reads `channel` from its caller's frame: keep it visible here.
            channel = sys._getframe(1).f_locals.get("channel")
            if isinstance(channel, discord.DMChannel):
                raise discord.Forbidden(
                    dpytest_backend.FakeRequest(403, "Forbidden"),  # type: ignore[arg-type]
                    {"code": 50007, "message": "Cannot send messages to this user"},
                )
            return await original(channel_id, params=params)

        monkeypatch.setattr(http, "send_message", send_message)

    yield close


# --- seed data, through the backend's own services ----------------------------------------------------

MONDAY, WEDNESDAY = 0, 2
STUDENT_TEXT = "Monday 3-5pm, Wednesday 1-2pm"


def local_today() -> date:
    """`NOW`'s date in the program's zone."""
    return NOW.astimezone(EASTERN).date()


def next_weekday_at(weekday: int, clock: str) -> str:
    """The date of `weekday` 1 to 7 days after `NOW`'s (Eastern) with `clock`, as an admin may type it.

    A date one day ahead or more is never inside the booking notice, whatever the clock says.
    """
    today = local_today()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return f"{day:%Y-%m-%d} {clock}"


def next_monday_afternoon() -> str:
    """Next Monday 3:30 PM, inside both seeded availabilities."""
    return next_weekday_at(MONDAY, "15:30")


def last_started_monday_session() -> tuple[datetime, datetime]:
    """The latest Monday 3:30 PM Eastern that has begun by `NOW`, and a moment the day before it."""
    local_now = NOW.astimezone(EASTERN)
    day = local_now.date() - timedelta(days=local_now.weekday())
    start = datetime(day.year, day.month, day.day, 15, 30, tzinfo=EASTERN)
    if start > local_now:
        start -= timedelta(days=7)  # aware arithmetic keeps the wall time across a DST change
    return start, start - timedelta(days=1)


PROFESSIONAL_TEXT = "Mondays 2-5pm, Wednesdays 1-5pm"


def seed_student(
    *, discord_id: int, name: str = "Jane Doe", text: str = STUDENT_TEXT, zone: str = "America/New_York"
) -> Any:
    """A student with a pending review request, as if they had sent the request form."""
    from mentormatch.scheduling.services.availability import review_request_submit

    return review_request_submit(
        name=name,
        email=f"{name.lower().replace(' ', '.')}@example.com",
        discord_id=str(discord_id),
        discord_username=name.lower().replace(" ", "_"),
        timezone=zone,
        text=text,
        form_answers={},
        target_industry="Technology",
        target_role="Software Engineer",
        experience_level="Entry level",
        request_clarification=False,
        today=local_today(),
    )


def seed_professional(
    *, name: str = "Dana Whitfield", text: str = PROFESSIONAL_TEXT, specialties: str = "Software engineering"
) -> Any:
    """An active professional whose availability arrived through the form."""
    from mentormatch.scheduling.models import ProfessionalAvailability
    from mentormatch.scheduling.services.availability import professional_availability_ingest
    from mentormatch.scheduling.services.people import professional_upsert

    professional, _created = professional_upsert(
        name=name,
        email=f"{name.lower().replace(' ', '.')}@example.com",
        title="Staff Engineer",
        company="Example Corp",
        specialties=specialties,
        timezone="America/New_York",
        max_sessions_per_week=5,
    )
    professional_availability_ingest(
        professional=professional,
        text=text,
        form_answers={},
        timezone="America/New_York",
        valid_from=None,
        valid_until=None,
        source=ProfessionalAvailability.Source.FORM,
        today=local_today(),
    )
    return professional


def seed_session(
    *,
    discord_id: int,
    professional: str = "Dana Whitfield",
    when: str | None = None,
    start: Any = None,
    now: Any = None,
) -> Any:
    """Book a session through the backend's service: at a typed time, or at `start`, as seen from `now`
    (default `NOW`)."""
    from mentormatch.scheduling.models import Professional, Student
    from mentormatch.scheduling.services.sessions import session_schedule

    return session_schedule(
        student=Student.objects.get(discord_id=str(discord_id)),
        professional=Professional.objects.get(name=professional),
        scheduled_time=when,
        start=start,
        now=now or NOW,
        actor="system",
    )
