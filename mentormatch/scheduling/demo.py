"""Demo data for `manage.py loaddemo`: invented people with availability written the way people write it.

Everything goes through the same services as real intake, so the demo also shows what the reader makes of
messy text (and which people it would ask to clarify). Loading is idempotent: people are upserted, and an
availability or review request is added only when the person has none yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from mentormatch.scheduling.demo_login import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME
from mentormatch.scheduling.models import ProfessionalAvailability, ReviewRequest
from mentormatch.scheduling.services.availability import (
    professional_availability_ingest,
    review_request_submit,
)
from mentormatch.scheduling.services.people import professional_upsert, student_upsert

PROFESSIONALS: list[dict[str, Any]] = [
    {
        "name": "Priya Raman",
        "email": "priya.raman@example.com",
        "title": "Staff Software Engineer",
        "company": "Lumen Labs",
        "specialties": "Technology, Software Engineering",
        "industries": ["Technology/Software"],
        "experience_levels": ["Entry Level (0-2 years)", "Recent Graduates"],
        "timezone": "Pacific Time (PT)",
        "text": "Tue/Thu 10am-noon, Fridays after 3",
        "max": 2,
    },
    {
        "name": "Marcus Bell",
        "email": "marcus.bell@example.com",
        "title": "Finance Manager",
        "company": "Harbor Capital",
        "specialties": "Finance, Consulting",
        "industries": ["Finance", "Consulting"],
        "experience_levels": ["Entry Level (0-2 years)"],
        "timezone": "EST",
        "text": "weekdays 7-8pm; Sat mornings",
        "max": 3,
    },
    {
        "name": "Elena Petrova",
        "email": "elena.petrova@example.com",
        "title": "UX Research Lead",
        "company": "Brightside Design",
        "specialties": "Design, UX Research",
        "industries": ["Design"],
        "experience_levels": ["Recent Graduates", "Career Changers"],
        "timezone": "Europe/Berlin",
        "text": "Mon-Wed 17:00-19:00",
        "max": 2,
    },
    {
        "name": "Tomás Álvarez",
        "email": "tomas.alvarez@example.com",
        "title": "Data Scientist",
        "company": "Northwind Health",
        "specialties": "Healthcare, Data Science",
        "industries": ["Healthcare", "Technology/Software"],
        "experience_levels": ["Entry Level (0-2 years)"],
        "timezone": "Central Time (CT)",
        "days": ["Monday", "Wednesday"],
        "time_slots": ["12:00 PM - 1:00 PM", "5:00 PM - 6:00 PM"],
        "text": "also Thursday 4-6pm",
        "max": 3,
    },
    {
        "name": "Grace Okafor",
        "email": "grace.okafor@example.com",
        "title": "Marketing Director",
        "company": "Copperleaf Media",
        "specialties": "Marketing, Communications",
        "industries": ["Marketing", "Media"],
        "experience_levels": ["Entry Level (0-2 years)", "Mid Level (3-5 years)"],
        "timezone": "Eastern Time (ET)",
        "text": "M/W/F lunch",
        "notes": "Not available the week of Dec 21.",
        "max": 4,
    },
    {
        "name": "Hiroshi Tanaka",
        "email": "hiroshi.tanaka@example.com",
        "title": "Product Manager",
        "company": "Orbit Robotics",
        "specialties": "Product Management, Technology",
        "industries": ["Technology/Software", "Manufacturing"],
        "experience_levels": ["Recent Graduates"],
        "timezone": "Mountain Time (MT)",
        "text": "mondays 2-4, wednesday afternoon",
        "max": 2,
    },
    {
        "name": "Aisha Karim",
        "email": "aisha.karim@example.com",
        "title": "HR Business Partner",
        "company": "Meridian Group",
        "specialties": "Human Resources, Recruiting",
        "industries": ["Human Resources"],
        "experience_levels": ["Entry Level (0-2 years)", "Career Changers"],
        "timezone": "Europe/London",
        "text": "Tuesday and Thursday 6pm-8pm",
        "max": 3,
    },
    {
        "name": "Ben Carter",
        "email": "ben.carter@example.com",
        "title": "Civil Engineer",
        "company": "Keystone Build",
        "specialties": "Engineering, Construction",
        "industries": ["Engineering"],
        "experience_levels": ["Entry Level (0-2 years)"],
        "timezone": "America/Denver",
        "text": "anytime saturday, sunday before noon",
        "max": 2,
    },
    {
        "name": "Sofia Marquez",
        "email": "sofia.marquez@example.com",
        "title": "Nurse Practitioner",
        "company": "Bayview Clinic",
        "specialties": "Healthcare, Nursing",
        "industries": ["Healthcare"],
        "experience_levels": ["Recent Graduates"],
        "timezone": "Pacific",
        "text": "Weds 9a-11a; thurs 1-3p",
        "max": 2,
    },
    {
        "name": "Raj Mehta",
        "email": "raj.mehta@example.com",
        "title": "Cloud Architect",
        "company": "Stratus Systems",
        "specialties": "Technology, Cloud Infrastructure",
        "industries": ["Technology/Software"],
        "experience_levels": ["Mid Level (3-5 years)"],
        "timezone": "Asia/Kolkata",
        "text": "weekdays 8-10 PM",
        "max": 3,
    },
    {
        "name": "Laura Chen",
        "email": "laura.chen@example.com",
        "title": "Attorney",
        "company": "Chen & Ortiz LLP",
        "specialties": "Law, Public Policy",
        "industries": ["Legal", "Government"],
        "experience_levels": ["Entry Level (0-2 years)"],
        "timezone": "Eastern Time (ET)",
        "text": "whenever works for you",
        "max": 1,
    },
    {
        "name": "Omar Haddad",
        "email": "omar.haddad@example.com",
        "title": "Financial Analyst",
        "company": "Granite Bank",
        "specialties": "Finance, Banking",
        "industries": ["Finance"],
        "experience_levels": ["Entry Level (0-2 years)", "Recent Graduates"],
        "timezone": "Central Time (CT)",
        "days": ["Tuesday", "Thursday"],
        "time_slots": ["5:00 PM - 6:00 PM", "6:00 PM - 7:00 PM"],
        "text": "",
        "max": 3,
    },
]

# (name, discord username, zone, availability text, target industry, target role, experience level)
STUDENTS: list[tuple[str, str, str, str, str, str, str]] = [
    ("Avery Brooks", "avery_b", "Eastern Time (ET)", "Mon 2-3 PM, Wednesday afternoon", "Healthcare",
     "Data Analyst Intern", "Entry Level (0-2 years)"),
    ("Noah Kim", "noahk", "Pacific Time (PT)", "weekdays after 5pm", "Technology/Software",
     "Software Engineer", "Recent Graduates"),
    ("Maya Singh", "maya.s", "Central Time (CT)", "Tue/Thu mornings", "Finance", "Financial Analyst",
     "Entry Level (0-2 years)"),
    ("Liam O'Connor", "liamoc", "Eastern Time (ET)", "MWF 10-11am", "Marketing", "Marketing Coordinator",
     "Entry Level (0-2 years)"),
    ("Zoe Martin", "zoem", "Mountain Time (MT)", "anytime on weekends", "Engineering", "Civil Engineer",
     "Recent Graduates"),
    ("Ethan Wright", "ewright", "EST", "Monday through Thursday 6-8pm", "Finance", "Investment Analyst",
     "Entry Level (0-2 years)"),
    ("Chloe Dubois", "chloe_d", "Europe/Berlin", "evenings", "Design", "UX Designer", "Career Changers"),
    ("Lucas Ferreira", "lucasf", "Eastern Time (ET)", "Thurs 1:30-3", "Healthcare",
     "Clinical Research Assistant", "Entry Level (0-2 years)"),
    ("Hannah Lee", "hannahlee", "Pacific", "lunch on weekdays", "Technology/Software", "Product Manager",
     "Recent Graduates"),
    ("Daniel Cohen", "dcohen", "Central", "Friday 9am-12pm, Saturday 10-2", "Legal", "Paralegal",
     "Entry Level (0-2 years)"),
    ("Isabella Rossi", "bella_r", "Europe/London", "tues & thurs after 4", "Human Resources", "HR Assistant",
     "Career Changers"),
    ("Samuel Adeyemi", "sam_ade", "Eastern Time (ET)", "whenever", "Technology/Software", "Cloud Engineer",
     "Mid Level (3-5 years)"),
    ("Mia Johansson", "miaj", "America/Chicago", "Mon 9-5 except 12-1", "Healthcare", "Health Data Analyst",
     "Entry Level (0-2 years)"),
    ("Jacob Nguyen", "jnguyen", "Pacific Time (PT)", "Wed 3pm", "Technology/Software", "QA Engineer",
     "Entry Level (0-2 years)"),
    ("Olivia Park", "olivia.p", "Eastern Time (ET)", "weekday mornings before 11", "Media",
     "Content Strategist", "Recent Graduates"),
    ("Ryan Murphy", "rmurphy", "Mountain", "Sun 1-5pm", "Manufacturing", "Operations Analyst",
     "Entry Level (0-2 years)"),
    ("Fatima Zahra", "fzahra", "Asia/Kolkata", "Tuesday 7pm-9pm", "Technology/Software", "Data Engineer",
     "Recent Graduates"),
    ("Gabriel Silva", "gsilva", "Central Time (CT)", "M/W 14:00-16:00", "Finance", "Risk Analyst",
     "Entry Level (0-2 years)"),
    ("Emily Carter", "emcarter", "Eastern Time (ET)", "after class, around 4-6 on Tues", "Government",
     "Policy Intern", "Entry Level (0-2 years)"),
    ("Kai Thompson", "kai_t", "Pacific Time (PT)", "every day 8-9pm", "Design", "Graphic Designer",
     "Recent Graduates"),
]  # fmt: skip

DEMO_DISCORD_ID_BASE = 100000000000001000


@dataclass
class DemoSummary:
    professionals_created: int = 0
    availabilities_added: int = 0
    students_created: int = 0
    requests_added: int = 0
    admin_created: bool = False


def _demo_admin_ensure() -> bool:
    user_model = get_user_model()
    if user_model.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        return False
    user_model.objects.create_superuser(
        username=DEMO_ADMIN_USERNAME, email="admin@example.com", password=DEMO_ADMIN_PASSWORD
    )
    return True


def demo_load(*, today: dt.date) -> DemoSummary:
    """Create what is missing of the demo: professionals, students with pending requests, the admin."""
    summary = DemoSummary()
    with transaction.atomic():
        for row in PROFESSIONALS:
            professional, created = professional_upsert(
                name=row["name"],
                email=row["email"],
                title=row["title"],
                company=row["company"],
                specialties=row["specialties"],
                industries=row["industries"],
                experience_levels=row["experience_levels"],
                meeting_formats=["Video Call (Google Meet/Zoom)"],
                max_sessions_per_week=row["max"],
            )
            summary.professionals_created += int(created)
            if ProfessionalAvailability.objects.filter(professional=professional).exists():
                continue
            answers: dict[str, Any] = {"days": row.get("days", []), "time_slots": row.get("time_slots", [])}
            if row.get("notes"):
                answers["notes"] = row["notes"]
            professional_availability_ingest(
                professional=professional,
                text=row["text"],
                form_answers=answers,
                timezone=row["timezone"],
                valid_from=None,
                valid_until=None,
                source=ProfessionalAvailability.Source.DEMO,
                today=today,
                request_clarification=False,
            )
            summary.availabilities_added += 1

        for index, (name, username, zone, text, industry, role, level) in enumerate(STUDENTS, start=1):
            discord_id = str(DEMO_DISCORD_ID_BASE + index)
            email = f"{username.replace('.', '_')}@example.com"
            student, created = student_upsert(
                name=name, email=email, discord_id=discord_id, discord_username=username
            )
            summary.students_created += int(created)
            if ReviewRequest.objects.filter(student=student).exists():
                continue
            review_request_submit(
                name=name,
                email=email,
                discord_id=discord_id,
                discord_username=username,
                timezone=zone,
                text=text,
                form_answers={},
                target_industry=industry,
                target_role=role,
                experience_level=level,
                today=today,
                actor="demo",
                request_clarification=False,
            )
            summary.requests_added += 1

        summary.admin_created = _demo_admin_ensure()
    return summary
