"""Session commands against a live backend: schedule, reschedule, cancel, complete, no-show."""

from __future__ import annotations

from datetime import timedelta

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async

from mentormatch.bot.checks import NotProgramAdmin
from mentormatch.scheduling.models import Professional, ScheduledSession, SessionEvent
from tests.bot.conftest import (
    EASTERN,
    MONDAY,
    WEDNESDAY,
    Guild,
    last_started_monday_session,
    next_monday_afternoon,
    next_weekday_at,
    run,
    seed_professional,
    seed_session,
    seed_student,
    sent_messages,
)

pytestmark = pytest.mark.asyncio


@pytest_asyncio.fixture
async def matched(discord_guild: Guild) -> Guild:
    """Jane Doe (the student member) is pending; Dana Whitfield overlaps her on Monday and Wednesday."""
    await sync_to_async(seed_student)(discord_id=discord_guild.student.id)
    await sync_to_async(seed_professional)()
    return discord_guild


def sessions() -> list[ScheduledSession]:
    return list(ScheduledSession.objects.select_related("professional").order_by("pk"))


def events(kind: str) -> list[SessionEvent]:
    return list(SessionEvent.objects.filter(kind=kind))


async def seed_started_session(guild: Guild) -> ScheduledSession:
    start, booked_at = last_started_monday_session()
    session: ScheduledSession = await sync_to_async(seed_session)(
        discord_id=guild.student.id, start=start, now=booked_at
    )
    return session


async def test_schedule_session_books_the_time_typed_and_records_the_admin(matched: Guild) -> None:
    when = next_monday_afternoon()
    await run(f'!schedule_session {matched.student.mention} "Dana Whitfield" "{when}"', matched.admin)
    (reply,) = sent_messages()
    (session,) = await sync_to_async(sessions)()
    assert f"{session.start.astimezone(EASTERN):%Y-%m-%d %H:%M}" == when
    assert session.end - session.start == timedelta(minutes=30)
    assert session.scheduled_by == f"discord:{matched.admin.id}"
    assert reply.content.startswith(f"✅ Booked {matched.student.mention} with **Dana Whitfield** on ")
    assert f"<t:{int(session.start.timestamp())}:F>" in reply.content


async def test_schedule_session_passes_the_duration_given(matched: Guild) -> None:
    await run(
        f'!schedule_session {matched.student.mention} "Dana Whitfield" "{next_monday_afternoon()}" 45',
        matched.admin,
    )
    (reply,) = sent_messages()
    (session,) = await sync_to_async(sessions)()
    assert session.end - session.start == timedelta(minutes=45)
    assert "45 minutes" in reply.content


async def test_schedule_session_outside_availability_is_refused_with_alternatives(matched: Guild) -> None:
    when = next_weekday_at(MONDAY, "09:00")
    await run(f'!schedule_session {matched.student.mention} "Dana Whitfield" "{when}"', matched.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("⚠️ That time is outside the student's availability.")
    assert "Nearest free times: Mon " in reply.content
    assert await sync_to_async(sessions)() == []


async def test_schedule_session_with_an_unknown_professional_shows_the_api_message(matched: Guild) -> None:
    when = next_monday_afternoon()
    await run(f'!schedule_session {matched.student.mention} "Zed Nobody" "{when}"', matched.admin)
    (reply,) = sent_messages()
    assert reply.content == "⚠️ No professional named 'Zed Nobody'."


async def test_schedule_session_with_an_unquoted_name_answers_with_the_usage(matched: Guild) -> None:
    await run(f"!schedule_session {matched.student.mention} Dana Whitfield Monday 3:30 PM", matched.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("There are more words than I expected (put names in quotes)")
    assert (
        'Usage: `!schedule_session @student "Professional Name" "Monday 2:00 PM" [minutes]`' in reply.content
    )
    assert await sync_to_async(sessions)() == []


async def test_schedule_session_refuses_a_non_admin_and_books_nothing(matched: Guild) -> None:
    error = await run(
        f'!schedule_session {matched.student.mention} "Dana Whitfield" "Monday 3:30 PM"', matched.student
    )
    (reply,) = sent_messages()
    assert isinstance(error, NotProgramAdmin)
    assert reply.content.startswith("🔒 Sorry, that command is for program admins.")
    assert await sync_to_async(sessions)() == []


async def test_reschedule_session_moves_the_upcoming_session(matched: Guild) -> None:
    await sync_to_async(seed_session)(discord_id=matched.student.id, when=next_monday_afternoon())
    when = next_weekday_at(WEDNESDAY, "13:00")
    await run(f'!reschedule_session {matched.student.mention} "{when}"', matched.admin)
    (reply,) = sent_messages()
    (session,) = await sync_to_async(sessions)()
    assert f"{session.start.astimezone(EASTERN):%Y-%m-%d %H:%M}" == when
    assert reply.content.startswith(f"🔁 Moved the session of {matched.student.mention}")
    (event,) = await sync_to_async(events)("rescheduled")
    assert event.actor == f"discord:{matched.admin.id}"


async def test_cancel_session_cancels_the_upcoming_session_with_the_reason(matched: Guild) -> None:
    await sync_to_async(seed_session)(discord_id=matched.student.id, when=next_monday_afternoon())
    await run(f"!cancel_session {matched.student.mention} family emergency", matched.admin)
    (reply,) = sent_messages()
    (session,) = await sync_to_async(sessions)()
    assert session.status == ScheduledSession.Status.CANCELLED
    (event,) = await sync_to_async(events)("cancelled")
    assert (event.actor, event.data.get("reason")) == (f"discord:{matched.admin.id}", "family emergency")
    assert reply.content.startswith(f"✖️ Cancelled the session of {matched.student.mention}")


async def test_cancel_session_without_a_session_shows_the_api_message(matched: Guild) -> None:
    await run(f"!cancel_session {matched.student.mention}", matched.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("⚠️ Jane Doe has no")


async def test_complete_session_marks_the_started_session_completed(matched: Guild) -> None:
    await seed_started_session(matched)
    await run(f"!complete_session {matched.student.mention}", matched.admin)
    (reply,) = sent_messages()
    (session,) = await sync_to_async(sessions)()
    assert session.status == ScheduledSession.Status.COMPLETED
    assert reply.content.startswith(f"✅ Marked the session of {matched.student.mention}")


async def test_complete_session_of_a_session_not_started_shows_the_api_message(matched: Guild) -> None:
    await sync_to_async(seed_session)(discord_id=matched.student.id, when=next_monday_afternoon())
    await run(f"!complete_session {matched.student.mention}", matched.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("⚠️ ")
    (session,) = await sync_to_async(sessions)()
    assert session.status == ScheduledSession.Status.SCHEDULED


async def test_no_show_records_the_student_as_absent_by_default(matched: Guild) -> None:
    await seed_started_session(matched)
    await run(f"!no_show {matched.student.mention}", matched.admin)
    (reply,) = sent_messages()
    (session,) = await sync_to_async(sessions)()
    assert session.status == ScheduledSession.Status.NO_SHOW
    (event,) = await sync_to_async(events)("no_show")
    assert event.data.get("absent") == "student"
    assert reply.content.startswith(f"📝 Recorded that {matched.student.mention} did not come")


async def test_no_show_can_record_the_professional_as_absent(matched: Guild) -> None:
    await seed_started_session(matched)
    await run(f"!no_show {matched.student.mention} professional", matched.admin)
    (reply,) = sent_messages()
    (event,) = await sync_to_async(events)("no_show")
    assert event.data.get("absent") == "professional"
    assert reply.content.startswith("📝 Recorded that **Dana Whitfield** did not come")


async def test_no_show_refuses_a_non_admin(matched: Guild) -> None:
    await seed_started_session(matched)
    error = await run(f"!no_show {matched.student.mention}", matched.bystander)
    assert isinstance(error, NotProgramAdmin)
    (session,) = await sync_to_async(sessions)()
    assert session.status == ScheduledSession.Status.SCHEDULED
    assert sent_messages()[0].content.startswith("🔒")


def seed_namesake_of_dana() -> int:
    """A second Dana Whitfield (as a form submission with another email leaves one), without availability."""
    return int(Professional.objects.create(name="Dana Whitfield", email="jane.other@example.com").pk)


async def test_schedule_session_by_a_shared_name_lists_the_namesakes_ids(matched: Guild) -> None:
    other_id = await sync_to_async(seed_namesake_of_dana)()
    await run(
        f'!schedule_session {matched.student.mention} "Dana Whitfield" "{next_monday_afternoon()}"',
        matched.admin,
    )
    (reply,) = sent_messages()
    assert f"(id {other_id}, jane.other@example.com)" in reply.content
    assert "#id in Discord commands" in reply.content
    assert await sync_to_async(sessions)() == []


async def test_schedule_session_with_hash_and_an_id_books_that_professional(matched: Guild) -> None:
    await sync_to_async(seed_namesake_of_dana)()
    dana_id = await sync_to_async(lambda: Professional.objects.get(email="dana.whitfield@example.com").pk)()
    await run(
        f'!schedule_session {matched.student.mention} "#{dana_id}" "{next_monday_afternoon()}"', matched.admin
    )
    (reply,) = sent_messages()
    (session,) = await sync_to_async(sessions)()
    assert session.professional.pk == dana_id
    assert reply.content.startswith(f"✅ Booked {matched.student.mention} with **Dana Whitfield** on ")
