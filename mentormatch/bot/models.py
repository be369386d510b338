"""What the bot API answers, as small frozen dataclasses built from its JSON.

Each `from_json` reads only the keys the bot shows and tolerates keys it does not know, so the backend can
add fields without breaking the bot. Times arrive as ISO 8601 with an offset and become aware datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


def _str(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    return default if value is None else str(value)


def _int(data: dict[str, Any], key: str, default: int = 0) -> int:
    value = data.get(key)
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def _float_or_none(data: dict[str, Any], key: str) -> float | None:
    value = data.get(key)
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _time(data: dict[str, Any], key: str) -> datetime | None:
    value = data.get(key)
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{key} has no offset: {value!r}")
    return moment


def _dict(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _strings(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(str(item) for item in _list(data, key))


@dataclass(frozen=True, slots=True)
class FormLink:
    url: str
    prefilled: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormLink:
        return cls(url=_str(data, "url"), prefilled=bool(data.get("prefilled", False)))


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    discord_id: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Person:
        return cls(name=_str(data, "name"), discord_id=_str(data, "discord_id"))


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    student: Person
    professional: Person
    start: datetime
    end: datetime
    status: str
    timezone: str = ""
    local_time: str = ""
    professional_local_time: str = ""

    @property
    def duration_minutes(self) -> int:
        return round((self.end - self.start).total_seconds() / 60)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Session:
        session = _dict(data, "session") or data
        start = _time(session, "start")
        end = _time(session, "end")
        if start is None or end is None:
            raise ValueError("a session needs start and end")
        return cls(
            id=_int(session, "id"),
            student=Person.from_json(_dict(session, "student")),
            professional=Person.from_json(_dict(session, "professional")),
            start=start,
            end=end,
            status=_str(session, "status"),
            timezone=_str(session, "timezone"),
            local_time=_str(session, "local_time"),
            professional_local_time=_str(session, "professional_local_time"),
        )


@dataclass(frozen=True, slots=True)
class ReviewRequestSummary:
    id: int
    status: str
    created_at: datetime | None
    student: Person
    target_industry: str = ""
    target_role: str = ""
    experience_level: str = ""
    availability_text: str = ""
    needs_clarification: bool = False
    warnings: tuple[str, ...] = ()
    session: Session | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewRequestSummary:
        session = _dict(data, "session")
        return cls(
            id=_int(data, "id"),
            status=_str(data, "status"),
            created_at=_time(data, "created_at"),
            student=Person.from_json(_dict(data, "student")),
            target_industry=_str(data, "target_industry"),
            target_role=_str(data, "target_role"),
            experience_level=_str(data, "experience_level"),
            availability_text=_str(data, "availability_text"),
            needs_clarification=bool(data.get("needs_clarification", False)),
            warnings=_strings(data, "warnings"),
            session=Session.from_json(session) if session else None,
        )


@dataclass(frozen=True, slots=True)
class ReviewStatus:
    student: Person
    requests: tuple[ReviewRequestSummary, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewStatus:
        return cls(
            student=Person.from_json(_dict(data, "student")),
            requests=tuple(ReviewRequestSummary.from_json(item) for item in _list(data, "requests")),
        )


@dataclass(frozen=True, slots=True)
class PendingReviews:
    requests: tuple[ReviewRequestSummary, ...]
    total: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PendingReviews:
        requests = tuple(ReviewRequestSummary.from_json(item) for item in _list(data, "requests"))
        return cls(requests=requests, total=_int(data, "count", len(requests)))


@dataclass(frozen=True, slots=True)
class Overlap:
    start: datetime | None
    end: datetime | None
    label: str

    @classmethod
    def from_json(cls, data: Any) -> Overlap:
        if isinstance(data, str):
            return cls(start=None, end=None, label=data)
        return cls(start=_time(data, "start"), end=_time(data, "end"), label=_str(data, "label"))


@dataclass(frozen=True, slots=True)
class Suggestion:
    professional: Person
    score: float | None
    reasons: tuple[str, ...]
    overlaps: tuple[Overlap, ...]
    slots: tuple[Overlap, ...]
    title: str = ""
    company: str = ""
    specialties: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Suggestion:
        pro = _dict(data, "professional") or data
        return cls(
            professional=Person.from_json(pro),
            score=_float_or_none(data, "score"),
            reasons=_strings(data, "reasons"),
            overlaps=tuple(Overlap.from_json(item) for item in _list(data, "overlaps")),
            slots=tuple(Overlap.from_json(item) for item in _list(data, "slots")),
            title=_str(pro, "title"),
            company=_str(pro, "company"),
            specialties=_str(pro, "specialties"),
        )


@dataclass(frozen=True, slots=True)
class MatchSuggestions:
    student: Person
    timezone: str
    suggestions: tuple[Suggestion, ...]
    considered: int = 0
    message: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MatchSuggestions:
        student = _dict(data, "student")
        return cls(
            student=Person.from_json(student),
            timezone=_str(data, "timezone") or _str(student, "timezone"),
            suggestions=tuple(Suggestion.from_json(item) for item in _list(data, "suggestions")),
            considered=_int(data, "considered"),
            message=_str(data, "message"),
        )


def _counts(data: dict[str, Any], key: str) -> dict[str, int]:
    return {str(name): _int(_dict(data, key), name) for name in _dict(data, key)}


@dataclass(frozen=True, slots=True)
class ProfessionalLoad:
    name: str
    sessions_this_week: int
    max_sessions_per_week: int
    at_capacity: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProfessionalLoad:
        return cls(
            name=_str(data, "name"),
            sessions_this_week=_int(data, "sessions_this_week"),
            max_sessions_per_week=_int(data, "max_sessions_per_week"),
            at_capacity=bool(data.get("at_capacity", False)),
        )


@dataclass(frozen=True, slots=True)
class ReviewStats:
    """How the program is doing. Rates are None when there is nothing to divide by yet."""

    requests_by_status: dict[str, int]
    requests_total: int
    requests_needing_clarification: int
    match_rate: float | None
    sessions_by_status: dict[str, int]
    completion_rate: float | None
    no_show_rate: float | None
    sessions_this_week: int
    sessions_upcoming: int
    students: int
    professionals_active: int
    professionals_at_capacity: int
    professional_load: tuple[ProfessionalLoad, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewStats:
        return cls(
            requests_by_status=_counts(data, "requests_by_status"),
            requests_total=_int(data, "requests_total"),
            requests_needing_clarification=_int(data, "requests_needing_clarification"),
            match_rate=_float_or_none(data, "match_rate"),
            sessions_by_status=_counts(data, "sessions_by_status"),
            completion_rate=_float_or_none(data, "completion_rate"),
            no_show_rate=_float_or_none(data, "no_show_rate"),
            sessions_this_week=_int(data, "sessions_this_week"),
            sessions_upcoming=_int(data, "sessions_upcoming"),
            students=_int(data, "students"),
            professionals_active=_int(data, "professionals_active"),
            professionals_at_capacity=_int(data, "professionals_at_capacity"),
            professional_load=tuple(
                ProfessionalLoad.from_json(item) for item in _list(data, "professional_load")
            ),
        )


@dataclass(frozen=True, slots=True)
class ProfessionalSummary:
    id: int
    name: str
    specialties: str
    title: str = ""
    company: str = ""
    timezone: str = ""
    active: bool = True
    has_availability: bool | None = None
    needs_clarification: bool = False
    created: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProfessionalSummary:
        pro = _dict(data, "professional") or data
        has = pro.get("has_availability")
        return cls(
            id=_int(pro, "id"),
            name=_str(pro, "name"),
            specialties=_str(pro, "specialties"),
            title=_str(pro, "title"),
            company=_str(pro, "company"),
            timezone=_str(pro, "timezone"),
            active=bool(pro.get("active", True)),
            has_availability=None if has is None else bool(has),
            needs_clarification=bool(pro.get("needs_clarification", False)),
            created=bool(data.get("created", False)),
        )


@dataclass(frozen=True, slots=True)
class Window:
    """A parsed window: weekly (weekday 0 = Monday) or dated, in local wall time; `tz` None = the person's."""

    weekday: int | None
    date: str
    start: str
    end: str
    tz: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Window:
        weekday = data.get("weekday")
        return cls(
            weekday=int(weekday) if isinstance(weekday, int) else None,
            date=_str(data, "date"),
            start=_str(data, "start"),
            end=_str(data, "end"),
            tz=_str(data, "tz"),
        )


@dataclass(frozen=True, slots=True)
class AvailabilitySaved:
    professional: ProfessionalSummary
    created: bool
    timezone: str
    windows: tuple[Window, ...]
    exclusions: tuple[Window, ...]
    confidence: float | None
    warnings: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AvailabilitySaved:
        availability = _dict(data, "availability")
        return cls(
            professional=ProfessionalSummary.from_json(_dict(data, "professional")),
            created=bool(data.get("created", False)),
            timezone=_str(availability, "timezone"),
            windows=tuple(Window.from_json(w) for w in _list(availability, "windows") if isinstance(w, dict)),
            exclusions=tuple(
                Window.from_json(w) for w in _list(availability, "exclusions") if isinstance(w, dict)
            ),
            confidence=_float_or_none(availability, "confidence"),
            warnings=_strings(availability, "warnings"),
        )


# --- cohort assignment: auto-match and approve-proposals --------------------------------------------------


def _int_or_none(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Proposal:
    """One student of an auto-match run: placed (professional, start, score) or not (reason code, message)."""

    id: int
    status: str
    student: Person
    professional: Person | None = None
    start: datetime | None = None
    end: datetime | None = None
    label: str = ""
    score: float | None = None
    reasons: tuple[str, ...] = ()
    reason_code: str = ""
    reason_message: str = ""
    session_id: int | None = None

    @property
    def placed(self) -> bool:
        return self.professional is not None and self.start is not None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Proposal:
        professional = _dict(data, "professional")
        reason = _dict(data, "reason")
        return cls(
            id=_int(data, "id"),
            status=_str(data, "status"),
            student=Person.from_json(_dict(data, "student")),
            professional=Person.from_json(professional) if professional else None,
            start=_time(data, "start"),
            end=_time(data, "end"),
            label=_str(data, "label"),
            score=_float_or_none(data, "score"),
            reasons=_strings(data, "reasons"),
            reason_code=_str(reason, "code"),
            reason_message=_str(reason, "message"),
            session_id=_int_or_none(data, "session_id"),
        )


@dataclass(frozen=True, slots=True)
class CohortRun:
    """What one auto-match run did, with what one-at-a-time matching would have placed for comparison."""

    id: int
    requests: int
    placed: int
    method: str = ""
    optimal: bool = False
    seconds: float | None = None
    total_score: float | None = None
    greedy_placed: int | None = None
    greedy_score: float | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CohortRun:
        return cls(
            id=_int(data, "id"),
            requests=_int(data, "requests"),
            placed=_int(data, "placed"),
            method=_str(data, "method"),
            optimal=bool(data.get("optimal", False)),
            seconds=_float_or_none(data, "seconds"),
            total_score=_float_or_none(data, "total_score"),
            greedy_placed=_int_or_none(data, "greedy_placed"),
            greedy_score=_float_or_none(data, "greedy_score"),
        )


@dataclass(frozen=True, slots=True)
class AutoMatch:
    """The answer of `auto-match`: the run, its proposals in time order and the students left unplaced."""

    run: CohortRun
    proposals: tuple[Proposal, ...]
    unplaced: tuple[Proposal, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AutoMatch:
        return cls(
            run=CohortRun.from_json(_dict(data, "run")),
            proposals=tuple(Proposal.from_json(p) for p in _list(data, "proposals") if isinstance(p, dict)),
            unplaced=tuple(Proposal.from_json(p) for p in _list(data, "unplaced") if isinstance(p, dict)),
        )


@dataclass(frozen=True, slots=True)
class ApprovalOutcome:
    """What became of one proposal: `booked` (session id and start), `refused` or `skipped` (code, why)."""

    proposal_id: int
    outcome: str
    session_id: int | None = None
    start: datetime | None = None
    code: str = ""
    message: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ApprovalOutcome:
        return cls(
            proposal_id=_int(data, "proposal_id"),
            outcome=_str(data, "outcome"),
            session_id=_int_or_none(data, "session_id"),
            start=_time(data, "start"),
            code=_str(data, "code"),
            message=_str(data, "message"),
        )


@dataclass(frozen=True, slots=True)
class Approvals:
    """The answer of `approve-proposals`: one outcome per proposal, in the order they were booked."""

    results: tuple[ApprovalOutcome, ...]
    booked: int
    refused: int
    skipped: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Approvals:
        results = tuple(ApprovalOutcome.from_json(r) for r in _list(data, "results") if isinstance(r, dict))
        return cls(
            results=results,
            booked=_int(data, "booked", sum(1 for r in results if r.outcome == "booked")),
            refused=_int(data, "refused", sum(1 for r in results if r.outcome == "refused")),
            skipped=_int(data, "skipped", sum(1 for r in results if r.outcome == "skipped")),
        )
