"""`!add_professional` and `!list_professionals` against a live backend."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from mentormatch.bot.checks import NotProgramAdmin
from mentormatch.scheduling.models import Professional
from tests.bot.conftest import Guild, run, seed_professional, sent_messages

pytestmark = pytest.mark.asyncio


def professionals() -> list[tuple[str, str]]:
    return list(Professional.objects.order_by("name").values_list("name", "specialties"))


async def test_add_professional_creates_the_professional_with_their_specialties(discord_guild: Guild) -> None:
    await run('!add_professional "Jane Doe" "Resume review, Software engineering"', discord_guild.admin)
    (reply,) = sent_messages()
    assert await sync_to_async(professionals)() == [("Jane Doe", "Resume review, Software engineering")]
    assert reply.content.startswith("👤 Added **Jane Doe** (Resume review, Software engineering).")


async def test_add_professional_for_an_existing_name_updates_them(discord_guild: Guild) -> None:
    await sync_to_async(seed_professional)()
    await run('!add_professional "Dana Whitfield" "Product management"', discord_guild.admin)
    (reply,) = sent_messages()
    assert await sync_to_async(professionals)() == [("Dana Whitfield", "Product management")]
    assert reply.content.startswith("👤 Updated **Dana Whitfield**")


async def test_add_professional_without_quotes_answers_with_the_usage_and_adds_nobody(
    discord_guild: Guild,
) -> None:
    await run("!add_professional Jane Doe Resume review", discord_guild.admin)
    (reply,) = sent_messages()
    assert "put names in quotes" in reply.content
    assert 'Usage: `!add_professional "Jane Doe" "Resume review, Software engineering"`' in reply.content
    assert await sync_to_async(professionals)() == []


async def test_add_professional_refuses_a_non_admin(discord_guild: Guild) -> None:
    error = await run('!add_professional "Jane Doe" "Resume review"', discord_guild.student)
    (reply,) = sent_messages()
    assert isinstance(error, NotProgramAdmin)
    assert reply.content.startswith("🔒")
    assert await sync_to_async(professionals)() == []


async def test_list_professionals_lists_everyone_and_marks_who_has_no_availability(
    discord_guild: Guild,
) -> None:
    await sync_to_async(seed_professional)()
    await run('!add_professional "Jane Doe" "Resume review"', discord_guild.admin)
    sent_messages()
    await run("!list_professionals", discord_guild.admin)
    (reply,) = sent_messages()
    lines = reply.content.splitlines()
    assert lines[0] == "**2 professionals**:"
    assert lines[1].startswith("• **Dana Whitfield** · Staff Engineer, Example Corp · Software engineering")
    assert not lines[1].endswith("_(no availability yet)_")
    assert lines[2].startswith("• **Jane Doe** · Resume review")
    assert lines[2].endswith("_(no availability yet)_")


async def test_a_long_list_of_professionals_is_split_within_discords_message_limit(
    discord_guild: Guild,
) -> None:
    def add_many() -> None:
        Professional.objects.bulk_create(
            Professional(name=f"Professional {i:03d}", specialties="Resume review, " + "x" * 80)
            for i in range(60)
        )

    await sync_to_async(add_many)()
    await run("!list_professionals", discord_guild.admin)
    pages = [m.content for m in sent_messages()]
    assert len(pages) > 1
    assert all(len(page) <= 2000 for page in pages)
    assert "Professional 000" in pages[0]
    assert "Professional 059" in pages[-1]


async def test_list_professionals_refuses_a_non_admin(discord_guild: Guild) -> None:
    error = await run("!list_professionals", discord_guild.bystander)
    assert isinstance(error, NotProgramAdmin)
    assert sent_messages()[0].content.startswith("🔒")


async def test_add_availability_stores_the_text_and_shows_how_it_was_read(discord_guild: Guild) -> None:
    await sync_to_async(seed_professional)()
    await run('!add_availability "Dana Whitfield" "Tuesdays 9-11am" America/Chicago', discord_guild.admin)
    (reply,) = sent_messages()

    def current() -> tuple[str, str]:
        availability = Professional.objects.get(name="Dana Whitfield").availabilities.get(is_current=True)
        return availability.availability_text, availability.timezone

    assert await sync_to_async(current)() == ("Tuesdays 9-11am", "America/Chicago")
    assert reply.content.startswith(
        "🗓️ Saved availability for **Dana Whitfield** (America/Chicago), read as: Tue 09:00-11:00."
    )


async def test_add_availability_warns_when_no_time_could_be_read(discord_guild: Guild) -> None:
    await sync_to_async(seed_professional)()
    await run('!add_availability "Dana Whitfield" "whenever works for you"', discord_guild.admin)
    (reply,) = sent_messages()
    assert reply.content.startswith("⚠️ Saved availability for **Dana Whitfield**")
    assert "no time could be read" in reply.content
