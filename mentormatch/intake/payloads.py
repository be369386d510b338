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

from mentormatch.core.zones import resolve_zone
from mentormatch.scheduling.services.people import (
    MAX_SESSIONS_PER_WEEK_RANGE,
    InvalidPerson,
    discord_id_normalise,
    email_problem,
    without_nul,
)
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
        payload = without_nul(dict(payload))
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
        if isinstance(value, list):
            return ", ".join(item for item in map(_scalar, value) if item)
        return _scalar(value)

    def strings(self, **where: Sequence[str]) -> list[str]:
        value = self.raw(**where)
        if isinstance(value, list):
            return [item for item in map(_scalar, value) if item]
        return [text] if (text := _scalar(value)) else []

    def grid(self) -> dict[str, list[str]]:
        """Checkbox-grid answers, `{row: [columns]}`, from `grid` or any response shaped like one.

        Only text (and numbers) count as checked columns: an object in a cell is not something a person
        chose, and its Python form must never reach a warning.
        """
        candidates: list[Any] = [self.parsed.get("grid"), self.top.get("grid")]
        candidates += [value for value in self.responses.values() if isinstance(value, Mapping)]
        grid: dict[str, list[str]] = {}
        for candidate in candidates:
            if not isinstance(candidate, Mapping):
                continue
            for row, columns in candidate.items():
                cells = columns if isinstance(columns, list) else [columns]
                checked = [cell for cell in map(_scalar, cells) if cell]
                if checked and (row_text := _scalar(row)):
                    grid.setdefault(row_text, []).extend(checked)
        return grid

    def grid_text(self) -> str:
        """A grid answer sent as plain text ("Monday mornings") instead of `{row: [columns]}`."""
        parts: list[str] = []
        for value in (self.parsed.get("grid"), self.top.get("grid")):
            items = value if isinstance(value, list) else [value]
            parts.extend(item for item in map(_scalar, items) if item)
        return "; ".join(parts)


def _scalar(value: Any) -> str:
    """An answer as text when it is text or a number; objects, lists and booleans read as no answer."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


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
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        invalid[label] = f"{text[:40]!r} is not a date like 2026-12-01"
        return None
    if day.year < EARLIEST_YEAR:
        invalid[label] = f"{day} is before {EARLIEST_YEAR}; give a date like 2026-12-01"
        return None
    # A date far in the future is read (as no end) by the availability service, which knows today.
    return day


EARLIEST_YEAR = 1900


@dataclass(frozen=True)
class ProfessionalSubmission:
    response_id: str
    submitted_at: dt.datetime | None
    name: str
    email: str
    discord_id: str
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


def _joined(*texts: str) -> str:
    return "; ".join(text for text in texts if text)


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


_WHOLE_NUMBER = re.compile(r"\+?([0-9]{1,6})(?:\s+[^\d\s.,-][^\d]*)?", re.ASCII)


def _max_per_week(answers: _Answers, invalid: dict[str, str]) -> int | None:
    """A whole number in the allowed range; "3" and "3 per week" read, "-4", "2.5" and "lots" do not."""
    label = "Maximum Reviews Per Week"
    text = answers.text(keys=["max_reviews_per_week"], titles=[label])
    if not text:
        return None
    low, high = MAX_SESSIONS_PER_WEEK_RANGE
    number = _WHOLE_NUMBER.fullmatch(text)
    if number is None or not low <= int(number.group(1)) <= high:
        invalid[label] = f"{text[:40]!r} is not a whole number from {low} to {high}"
        return None
    return int(number.group(1))


def _email(answers: _Answers, invalid: dict[str, str], **where: Sequence[str]) -> str:
    email = answers.text(**where).lower()
    if email and (problem := email_problem(email)):
        invalid["Email Address"] = problem
    return email


def _zone(answers: _Answers, invalid: dict[str, str]) -> str:
    zone = answers.text(keys=["timezone"], titles=["Your Time Zone", "Time Zone"])
    if zone and resolve_zone(zone)[0] is None:
        invalid["Your Time Zone"] = (
            f"{zone[:60]!r} is not a time zone I know; choose one such as Eastern Time (ET) "
            "or America/New_York"
        )
    return zone


def _discord_id(answers: _Answers, invalid: dict[str, str]) -> str:
    raw = answers.text(keys=["discord_id"], titles=["Discord ID"], top=["discord_id"])
    try:
        return discord_id_normalise(raw, field="Discord ID") or ""
    except InvalidPerson:
        invalid["Discord ID"] = f"{raw[:60]!r} is not a Discord id (a long number, or a mention <@...>)"
        return ""


def professional_submission_read(payload: Mapping[str, Any]) -> ProfessionalSubmission:
    """The professional availability form's answers; raises `InvalidSubmission` naming what is missing."""
    answers = _Answers(payload)
    missing: list[str] = []
    invalid: dict[str, str] = {}
    name = answers.text(keys=["name"], titles=["Full Name", "Name"])
    email = _email(
        answers, invalid, keys=["email"], titles=["Email Address", "Email"], top=["respondent_email"]
    )
    text = _joined(
        answers.text(keys=["specific_times"], titles=["Specific Available Times"]), answers.grid_text()
    )
    days = answers.strings(keys=["preferred_days"], titles=["Preferred Days of the Week", "Preferred Days"])
    slots = answers.strings(keys=["time_slots"], titles=["Preferred Time Slots", "Time Slots"])
    grid = answers.grid()
    zone = _zone(answers, invalid)
    discord_id = _discord_id(answers, invalid)
    if not name:
        missing.append("Full Name")
    if not email:
        missing.append("Email Address")
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
        email=email,
        discord_id=discord_id,
        title=answers.text(keys=["professional_title"], titles=["Professional Title", "Title"]),
        company=answers.text(keys=["company"], titles=["Company/Organization", "Company"]),
        specialties=answers.text(keys=["specializations"], titles=["Industry Specializations"]),
        industries=answers.strings(keys=["industries"], titles=["Industries You Can Review"]),
        experience_levels=answers.strings(
            keys=["experience_levels"], titles=["Experience Levels You Prefer to Review"]
        ),
        meeting_formats=answers.strings(keys=["meeting_types"], titles=["Meeting Format Preferences"]),
        timezone=zone,
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
    email = _email(
        answers,
        invalid,
        keys=["email"],
        titles=["Email Address", "Email"],
        top=["student_email", "respondent_email"],
    )
    discord_id = _discord_id(answers, invalid)
    discord_username = answers.text(keys=["discord_username"], titles=["Discord Username"])
    zone = _zone(answers, invalid)
    text = _joined(
        answers.text(keys=["availability"], titles=["Availability", "Your Availability"]), answers.grid_text()
    )
    days = answers.strings(keys=["preferred_days"], titles=["Preferred Days of the Week", "Preferred Days"])
    slots = answers.strings(keys=["time_slots"], titles=["Preferred Time Slots", "Time Slots"])
    grid = answers.grid()
    if not name and not discord_username:
        missing.append("Full Name")
    if not email and not discord_id and "Discord ID" not in invalid and "Email Address" not in invalid:
        missing.append("Email Address (or Discord ID)")
    if not (text or days or slots or grid):
        missing.append("Availability")
    if missing or invalid:
        raise InvalidSubmission(missing=missing, invalid=invalid)
    return ReviewRequestSubmission(
        response_id=response_id_of(payload),
        submitted_at=submitted_at_of(payload),
        name=name or discord_username,
        email=email,
        discord_id=discord_id,
        discord_username=discord_username,
        target_industry=answers.text(keys=["target_industry"], titles=["Target Industry"]),
        target_role=answers.text(keys=["target_role"], titles=["Target Role"]),
        experience_level=answers.text(keys=["experience_level"], titles=["Experience Level"]),
        timezone=zone,
        availability_text=text,
        resume_link=answers.text(keys=["resume_link"], titles=["Resume Link", "Resume"]),
        grid=grid,
        days=days,
        time_slots=slots,
    )
