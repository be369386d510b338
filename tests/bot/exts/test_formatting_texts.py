"""The texts of every feature, built from answers without Discord."""

from datetime import UTC, datetime

from mentormatch.bot.exts.professionals.formatting import availability_saved, professionals_pages
from mentormatch.bot.exts.reviews.formatting import (
    pending_reviews_pages,
    review_stats_text,
    suggest_matches_pages,
)
from mentormatch.bot.exts.sessions.formatting import session_no_show, session_scheduled
from mentormatch.bot.exts.students.formatting import resume_dm, review_status_pages
from mentormatch.bot.models import (
    AvailabilitySaved,
    FormLink,
    MatchSuggestions,
    PendingReviews,
    ProfessionalSummary,
    ReviewStats,
    ReviewStatus,
    Session,
)

START = datetime(2026, 12, 7, 20, 30, tzinfo=UTC)


def request(i: int, **extra: object) -> dict[str, object]:
    return {
        "id": i,
        "status": "pending",
        "created_at": "2026-12-01T15:00:00+00:00",
        "student": {"name": f"Student {i:03d}", "discord_id": str(100000000000000000 + i)},
        "target_industry": "Technology",
        "target_role": "Data Analyst",
        "availability_text": "Mon 2-4pm " * 30,
        **extra,
    }


def session(**extra: object) -> Session:
    return Session.from_json(
        {
            "session": {
                "id": 1,
                "status": "scheduled",
                "start": START.isoformat(),
                "end": "2026-12-07T21:00:00+00:00",
                "local_time": "Mon Dec 7, 3:30 PM EST",
                "student": {"name": "Jane Doe"},
                "professional": {"name": "Dana *Whitfield*"},
                **extra,
            }
        }
    )


def test_the_resume_dm_carries_the_link_and_says_when_it_is_linked_to_discord() -> None:
    text = resume_dm(FormLink(url="https://forms.example.com/f?entry.1=42", prefilled=True), name="Jane")
    assert "https://forms.example.com/f?entry.1=42" in text
    assert "linked to your Discord account" in text


def test_the_resume_dm_of_a_plain_link_does_not_claim_it_is_linked() -> None:
    text = resume_dm(FormLink(url="https://forms.example.com/f", prefilled=False), name="Jane")
    assert "linked to your Discord account" not in text


def test_review_status_shows_the_newest_request_first() -> None:
    status = ReviewStatus.from_json(
        {
            "student": {"name": "Jane Doe"},
            "requests": [
                request(1, status="completed", created_at="2026-10-01T15:00:00+00:00"),
                request(2, status="pending", created_at="2026-12-01T15:00:00+00:00"),
            ],
        }
    )
    (page,) = review_status_pages(status)
    assert page.index("Pending") < page.index("Completed")


def test_review_status_asks_for_clarification_when_needed() -> None:
    status = ReviewStatus.from_json({"requests": [request(1, needs_clarification=True)]})
    assert "couldn't read all of your availability" in review_status_pages(status)[0]


def test_a_long_pending_list_is_split_and_ends_with_how_many_more_there_are() -> None:
    pending = PendingReviews.from_json({"requests": [request(i) for i in range(50)], "count": 120})
    pages = pending_reviews_pages(pending)
    assert 1 < len(pages) <= 5
    assert all(len(page) <= 2000 for page in pages)
    assert pages[0].startswith("**120 pending review requests**")
    shown = sum(page.count("Student ") for page in pages)
    assert pages[-1].endswith(f"…and {120 - shown} more: see the admin site.")


def test_names_from_people_cannot_ping_or_format() -> None:
    pending = PendingReviews.from_json({"requests": [request(1, student={"name": "@everyone **x**"})]})
    page = pending_reviews_pages(pending)[0]
    assert "@everyone" not in page
    assert "\\*\\*x\\*\\*" in page


def test_suggestions_show_score_overlap_first_slots_and_reasons() -> None:
    data = MatchSuggestions.from_json(
        {
            "timezone": "America/New_York",
            "suggestions": [
                {
                    "professional": {"name": "Dana Whitfield", "title": "Staff Engineer"},
                    "score": 66.1,
                    "reasons": ["Background matches the role.", "9 hours in common."],
                    "overlaps": [{"label": "Monday 3:00-5:00 PM EST"}],
                    "slots": [{"label": "Mon Dec 7, 3:00 PM EST"}],
                }
            ],
        }
    )
    (page,) = suggest_matches_pages(data, student_mention="<@42>")
    assert "**1. Dana Whitfield** (Staff Engineer) · score 66.1" in page
    assert "Overlap: Monday 3:00-5:00 PM EST" in page
    assert "First slots: Mon Dec 7, 3:00 PM EST" in page
    assert "Why: Background matches the role. 9 hours in common." in page


def test_stats_say_n_a_for_rates_without_data() -> None:
    text = review_stats_text(ReviewStats.from_json({"requests_total": 0, "match_rate": None}))
    assert "Match rate: **n/a**" in text


def test_stats_name_the_busiest_professionals_of_the_week() -> None:
    stats = ReviewStats.from_json(
        {
            "professional_load": [
                {
                    "name": "Dana Whitfield",
                    "sessions_this_week": 3,
                    "max_sessions_per_week": 3,
                    "at_capacity": True,
                },
                {"name": "Ravi Patel", "sessions_this_week": 0, "max_sessions_per_week": 2},
            ]
        }
    )
    text = review_stats_text(stats)
    assert "Busiest this week: Dana Whitfield 3/3 (full)" in text
    assert "Ravi Patel" not in text


def test_a_booking_shows_the_time_for_every_reader_and_in_the_students_zone() -> None:
    text = session_scheduled(session(), student_mention="<@42>")
    assert f"<t:{int(START.timestamp())}:F> (Mon Dec 7, 3:30 PM EST), 30 minutes" in text
    assert "**Dana \\*Whitfield\\***" in text


def test_a_professional_no_show_names_the_professional() -> None:
    text = session_no_show(session(), student_mention="<@42>", absent="professional")
    assert text.startswith("📝 Recorded that **Dana \\*Whitfield\\*** did not come")


def test_professionals_without_availability_or_inactive_are_marked() -> None:
    pages = professionals_pages(
        [
            ProfessionalSummary(id=1, name="Dana Whitfield", specialties="", has_availability=True),
            ProfessionalSummary(
                id=2, name="Ravi Patel", specialties="", active=False, has_availability=False
            ),
        ]
    )
    assert pages[0].splitlines()[1] == "• **Dana Whitfield**"
    assert pages[0].splitlines()[2] == "• **Ravi Patel** _(inactive, no availability yet)_"


def test_professionals_whose_availability_needs_clarification_are_marked() -> None:
    pages = professionals_pages(
        [ProfessionalSummary(id=1, name="Dana Whitfield", specialties="", needs_clarification=True)]
    )
    assert pages[0].splitlines()[1] == "• **Dana Whitfield** _(availability needs clarification)_"


def test_saved_availability_lists_windows_exclusions_and_warnings() -> None:
    saved = AvailabilitySaved.from_json(
        {
            "professional": {"name": "Dana Whitfield"},
            "availability": {
                "timezone": "America/Chicago",
                "windows": [{"weekday": 0, "start": "14:00", "end": "17:00", "tz": None}],
                "exclusions": [{"weekday": None, "date": "2026-12-25", "start": "00:00", "end": "24:00"}],
                "warnings": ["'later' was not understood"],
            },
        }
    )
    lines = availability_saved(saved).splitlines()
    assert lines == [
        "🗓️ Saved availability for **Dana Whitfield** (America/Chicago), read as: Mon 14:00-17:00.",
        "Except: 2026-12-25 00:00-24:00.",
        "⚠️ 'later' was not understood",
    ]


def test_review_status_sorts_requests_without_a_date_last() -> None:
    status = ReviewStatus.from_json(
        {"requests": [request(1, created_at=None), request(2, created_at=None), request(3, status="expired")]}
    )
    (page,) = review_status_pages(status)
    assert page.index("Expired") < page.index("Pending")
