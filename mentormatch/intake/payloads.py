"""Read form webhook payloads into typed submissions.

Two payload shapes arrive and both are accepted as they are:

- the original setup guide's Apps Script: `responses` keyed by question title (and, for the professional
  form, a `parsed_data` object with short keys);
- the project's own Apps Script (see docs/forms.md): the same, plus `grid` answers as `{row: [columns]}`.

Question titles are matched loosely (case, punctuation and trailing hints such as "(Select all that work for
you)" do not matter), so a form whose titles were lightly edited still works. Nothing here reads times:
days, slots and free text are passed on verbatim to the core parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentormatch.web.errors import ApiError


class InvalidSubmission(ApiError):
    """The submission lacks what a record needs; `missing` and `invalid` name the fields as the form does."""

    code = "invalid_submission"

    def __init__(self, *, missing: Sequence[str] = (), invalid: Mapping[str, str] | None = None) -> None:
        invalid = dict(invalid or {})
        parts = []
        if missing:
            parts.append("missing " + ", ".join(missing))
        if invalid:
            parts.append("invalid " + "; ".join(f"{name}: {why}" for name, why in invalid.items()))
        details: dict[str, Any] = {"missing": list(missing)}
        if invalid:
            details["invalid"] = invalid
        super().__init__("The submission was not stored: " + "; ".join(parts) + ".", details=details)
        self.missing = list(missing)
        self.invalid = invalid


def _norm(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


class _Answers:
    """Look up answers by question title (loosely) or by `parsed_data` key."""

    def __init__(self, payload: Mapping[str, Any]) -> None:
        responses = payload.get("responses")
        parsed = payload.get("parsed_data")
        raw_titles = dict(responses) if isinstance(responses, Mapping) else {}
        self.responses: dict[str, Any] = {_norm(str(k)): v for k, v in raw_titles.items()}
        self.titled: list[tuple[str, Any]] = [(str(k).strip().lower(), v) for k, v in raw_titles.items()]
        self.parsed: dict[str, Any] = dict(parsed) if isinstance(parsed, Mapping) else {}
        self.top = payload

    def raw(self, *, titles: Sequence[str] = (), keys: Sequence[str] = (), top: Sequence[str] = ()) -> Any:
        for key in keys:
            if _present(self.parsed.get(key)):
                return self.parsed[key]
        for title in titles:  # exact titles first, then titles with a trailing hint in brackets
            if _present(self.responses.get(_norm(title))):
                return self.responses[_norm(title)]
        for title in titles:
            wanted = title.strip().lower()
            for key, value in self.titled:
                rest = key[len(wanted) :].lstrip()
                if key.startswith(wanted) and rest[:1] in {"(", "[", ":", "-", "–"} and _present(value):
                    return value
        for key in top:
            if _present(self.top.get(key)):
                return self.top[key]
        return None

    def text(self, **where: Sequence[str]) -> str:
        value = self.raw(**where)
        if value is None or isinstance(value, Mapping):
            return ""
        if isinstance(value, list):
            return ", ".join(str(item).strip() for item in value if str(item).strip())
        return str(value).strip()

    def strings(self, **where: Sequence[str]) -> list[str]:
        value = self.raw(**where)
        if value is None or isinstance(value, Mapping):
            return []
        if isinstance(value, str):
            return [value.strip()] if value.strip() else []
        if isinstance(value, list):
            return [str(item).strip() for item in value if item is not None and str(item).strip()]
        return [str(value).strip()]

    def grid(self) -> dict[str, list[str]]:
        """Checkbox-grid answers, `{row: [columns]}`, from `grid` or any response shaped like one."""
        candidates: list[Any] = [self.parsed.get("grid"), self.top.get("grid")]
        candidates += [value for value in self.responses.values() if isinstance(value, Mapping)]
        grid: dict[str, list[str]] = {}
        for candidate in candidates:
            if not isinstance(candidate, Mapping):
                continue
            for row, columns in candidate.items():
                cells = [columns] if isinstance(columns, str) else columns
                if isinstance(cells, list):
                    checked = [str(cell).strip() for cell in cells if cell is not None and str(cell).strip()]
                    if checked:
                        grid.setdefault(str(row).strip(), []).extend(checked)
        return grid


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return True


def _date(answers: _Answers, label: str, invalid: dict[str, str], **where: Sequence[str]) -> dt.date | None:
    text = answers.text(**where)
    if not text:
        return None
    try:
        # Google Forms date questions always send ISO dates; a timestamp is cut to its date.
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        invalid[label] = f"{text!r} is not a date like 2026-12-01"
        return None


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class ProfessionalSubmission:
    response_id: str
    submitted_at: dt.datetime | None
    name: str
    email: str
    title: str
    company: str
    specialties: str
    industries: list[str]
    experience_levels: list[str]
    meeting_formats: list[str]
    timezone: str
    availability_text: str
    days: list[str]
    time_slots: list[str]
    grid: dict[str, list[str]]
    notes: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    max_sessions_per_week: int | None

    @property
    def form_answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {"days": self.days, "time_slots": self.time_slots}
        if self.grid:
            answers["grid"] = self.grid
        if self.notes:
            answers["notes"] = self.notes
        return answers


@dataclass(frozen=True)
class ReviewRequestSubmission:
    response_id: str
    submitted_at: dt.datetime | None
    name: str
    email: str
    discord_id: str
    discord_username: str
    target_industry: str
    target_role: str
    experience_level: str
    timezone: str
    availability_text: str
    resume_link: str
    grid: dict[str, list[str]] = field(default_factory=dict)
    days: list[str] = field(default_factory=list)
    time_slots: list[str] = field(default_factory=list)

    @property
    def form_answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        if self.days or self.time_slots:
            answers.update(days=self.days, time_slots=self.time_slots)
        if self.grid:
            answers["grid"] = self.grid
        return answers


def response_id_of(payload: Mapping[str, Any]) -> str:
    value = payload.get("response_id") or payload.get("responseId") or ""
    return str(value).strip()[:200]


def submitted_at_of(payload: Mapping[str, Any]) -> dt.datetime | None:
    raw = payload.get("timestamp")
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _max_per_week(answers: _Answers, invalid: dict[str, str]) -> int | None:
    text = answers.text(keys=["max_reviews_per_week"], titles=["Maximum Reviews Per Week"])
    if not text:
        return None
    number = re.search(r"\d+", text)
    if number is None:
        invalid["Maximum Reviews Per Week"] = f"{text!r} is not a number"
        return None
    return min(int(number.group()), 100)


def professional_submission_read(payload: Mapping[str, Any]) -> ProfessionalSubmission:
    """The professional availability form's answers; raises `InvalidSubmission` naming what is missing."""
    answers = _Answers(payload)
    missing: list[str] = []
    invalid: dict[str, str] = {}
    name = answers.text(keys=["name"], titles=["Full Name", "Name"])
    email = answers.text(keys=["email"], titles=["Email Address", "Email"], top=["respondent_email"])
    text = answers.text(keys=["specific_times"], titles=["Specific Available Times"])
    days = answers.strings(keys=["preferred_days"], titles=["Preferred Days of the Week", "Preferred Days"])
    slots = answers.strings(keys=["time_slots"], titles=["Preferred Time Slots", "Time Slots"])
    grid = answers.grid()
    if not name:
        missing.append("Full Name")
    if not email:
        missing.append("Email Address")
    elif not _EMAIL.match(email):
        invalid["Email Address"] = f"{email!r} is not an email address"
    if not (text or days or slots or grid):
        missing.append("Specific Available Times (or Preferred Days of the Week and Time Slots)")
    valid_from = _date(
        answers, "Availability Start Date", invalid, keys=["start_date"], titles=["Availability Start Date"]
    )
    valid_until = _date(
        answers, "Availability End Date", invalid, keys=["end_date"], titles=["Availability End Date"]
    )
    if valid_from and valid_until and valid_until < valid_from:
        invalid["Availability End Date"] = f"{valid_until} is before the start date {valid_from}"
    max_per_week = _max_per_week(answers, invalid)
    if missing or invalid:
        raise InvalidSubmission(missing=missing, invalid=invalid)
    return ProfessionalSubmission(
        response_id=response_id_of(payload),
        submitted_at=submitted_at_of(payload),
        name=name,
        email=email.lower(),
        title=answers.text(keys=["professional_title"], titles=["Professional Title", "Title"]),
        company=answers.text(keys=["company"], titles=["Company/Organization", "Company"]),
        specialties=answers.text(keys=["specializations"], titles=["Industry Specializations"]),
        industries=answers.strings(keys=["industries"], titles=["Industries You Can Review"]),
        experience_levels=answers.strings(
            keys=["experience_levels"], titles=["Experience Levels You Prefer to Review"]
        ),
        meeting_formats=answers.strings(keys=["meeting_types"], titles=["Meeting Format Preferences"]),
        timezone=answers.text(keys=["timezone"], titles=["Your Time Zone", "Time Zone"]),
        availability_text=text,
        days=days,
        time_slots=slots,
        grid=grid,
        notes=answers.text(keys=["notes"], titles=["Special Notes or Requirements", "Notes"]),
        valid_from=valid_from,
        valid_until=valid_until,
        max_sessions_per_week=max_per_week,
    )


def review_request_submission_read(payload: Mapping[str, Any]) -> ReviewRequestSubmission:
    """The student request form's answers; raises `InvalidSubmission` naming what is missing."""
    answers = _Answers(payload)
    missing: list[str] = []
    invalid: dict[str, str] = {}
    name = answers.text(keys=["name"], titles=["Full Name", "Name"])
    email = answers.text(
        keys=["email"], titles=["Email Address", "Email"], top=["student_email", "respondent_email"]
    )
    discord_id = answers.text(keys=["discord_id"], titles=["Discord ID"], top=["discord_id"])
    discord_username = answers.text(keys=["discord_username"], titles=["Discord Username"])
    text = answers.text(keys=["availability"], titles=["Availability", "Your Availability"])
    days = answers.strings(keys=["preferred_days"], titles=["Preferred Days of the Week", "Preferred Days"])
    slots = answers.strings(keys=["time_slots"], titles=["Preferred Time Slots", "Time Slots"])
    grid = answers.grid()
    if not name and not discord_username:
        missing.append("Full Name")
    if not email and not discord_id:
        missing.append("Email Address (or Discord ID)")
    if email and not _EMAIL.match(email):
        invalid["Email Address"] = f"{email!r} is not an email address"
    if discord_id and not discord_id.isdigit():
        invalid["Discord ID"] = f"{discord_id!r} is not a Discord id (a long number)"
    if not (text or days or slots or grid):
        missing.append("Availability")
    if missing or invalid:
        raise InvalidSubmission(missing=missing, invalid=invalid)
    return ReviewRequestSubmission(
        response_id=response_id_of(payload),
        submitted_at=submitted_at_of(payload),
        name=name or discord_username,
        email=email.lower(),
        discord_id=discord_id,
        discord_username=discord_username,
        target_industry=answers.text(keys=["target_industry"], titles=["Target Industry"]),
        target_role=answers.text(keys=["target_role"], titles=["Target Role"]),
        experience_level=answers.text(keys=["experience_level"], titles=["Experience Level"]),
        timezone=answers.text(keys=["timezone"], titles=["Your Time Zone", "Time Zone"]),
        availability_text=text,
        resume_link=answers.text(keys=["resume_link"], titles=["Resume Link", "Resume"]),
        grid=grid,
        days=days,
        time_slots=slots,
    )
