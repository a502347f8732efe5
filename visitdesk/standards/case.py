"""One child's case as the standards engine sees it: plain facts, validated on the way in.

``ChildFacts`` and ``VisitFacts`` are what the storage, the GUI and the command line hand to
the engine. ``parse_case`` turns a decoded case file (the JSON shape in the product brief) into
them, refusing anything it cannot trust with a one-line :class:`CaseError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime

from visitdesk import limits
from visitdesk.errors import UserError

PLANS = ("CIN", "CP", "CLA", "CP+CLA")
REGIONS = ("england-and-wales", "scotland", "northern-ireland")
INTERVAL_UNITS = ("days", "weeks", "working_days")
LOCATIONS = ("home", "school", "other")
SEEN_VALUES = ("yes", "no", "unborn")
SEEN_ALONE_VALUES = ("yes", "no")
NOT_SEEN_ALONE_CATEGORIES = ("refused", "inappropriate", "not_possible", "other")
DCS_LEVELS = ("family_support", "direct_payments")
# What came of a planned visit: it took place (the default), the family was not there or the
# child was not seen ("failed", the same as seen = no), or the worker could not attend
# ("cancelled", 004 I.11: rescheduled within 1-2 working days, not the family's failed visit).
VISIT_OUTCOMES = ("visited", "failed", "cancelled")
# How the child was contacted: in person (the default); while the family is away on a holiday
# the plan records, by video or through an agency where they are staying (004 I.12-I.13).
CONTACT_MODES = ("in_person", "video", "agency")
MEETING_KINDS = ("progress", "review")

# Narrative sections of the record (1.1.3 in the Getting it Right standards), in form order.
NARRATIVE_FIELDS = ("purpose", "findings", "analysis", "conclusion", "recommendations")


class CaseError(UserError):
    """A case file, or a fact in it, that cannot be used as given."""


@dataclass(frozen=True, slots=True)
class VisitInterval:
    """A visiting interval agreed in the child's plan, with the reason it was agreed."""

    every: int
    unit: str  # "days" | "weeks" | "working_days"
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class MeetingFacts:
    """A Child in Need plan meeting (001): a progress meeting / core group, or a review."""

    id: str
    kind: str  # "progress" | "review"
    date: date  # the day it was held, or was due to be held
    held: bool = True
    notes_circulated_on: date | None = None


@dataclass(frozen=True, slots=True)
class HolidayFacts:
    """A family holiday recorded in the plan (004 I.12): from ``start`` to ``end`` inclusive."""

    start: date
    end: date
    abroad: bool = False


@dataclass(frozen=True, slots=True)
class ChildFacts:
    """What the standards need to know about a child and their plan."""

    plan: str  # "CIN" | "CP" | "CLA" | "CP+CLA"
    date_of_birth: date | None = None
    expected_birth_date: date | None = None
    plan_start: date | None = None
    allocated_on: date | None = None
    region: str = "england-and-wales"  # | "scotland" | "northern-ireland"
    visit_interval: VisitInterval | None = None
    electively_home_educated: bool = False
    regulation_24: bool = False  # looked after: placed with a connected person (reg. 24)
    placement_start: date | None = None  # looked after: start of the current placement
    placement_until_18: bool = False  # looked after: placement intended to last until 18
    dcs_level: str | None = None  # None | "family_support" | "direct_payments"
    first_review_date: date | None = None  # looked after: date of the first review
    meetings: tuple[MeetingFacts, ...] = ()  # CIN plan meetings, in date order
    holidays: tuple[HolidayFacts, ...] = ()  # family holidays the plan records


@dataclass(frozen=True, slots=True)
class VisitFacts:
    """One visit (or attempted visit) and what its record says so far."""

    id: str
    visited_at: datetime
    location: str | None = None  # "home" | "school" | "other"
    seen: str | None = None  # "yes" | "no" | "unborn"
    seen_alone: str | None = None  # "yes" | "no"
    not_seen_alone_reason: str | None = None
    not_seen_alone_category: str | None = None  # "refused" | "inappropriate" | ...
    bedroom_seen: bool | None = None
    seen_awake: bool | None = None
    attachment_observed: bool | None = None
    joint_with_health_visitor: bool | None = None
    purpose: str | None = None
    findings: str | None = None
    analysis: str | None = None
    conclusion: str | None = None
    recommendations: str | None = None
    completed: bool | None = None
    recorded_at: datetime | None = None
    outcome: str | None = None  # None (visited) | "visited" | "failed" | "cancelled"
    contact: str | None = None  # None (in person) | "in_person" | "video" | "agency"


# ---------------------------------------------------------------------------------------------
# Parsing. Dates are read strictly (ISO calendar dates only) because a silently misread date
# moves a statutory deadline. Sizes, counts and years are held within visitdesk/limits.py, so
# nothing in a case file can push the engine's arithmetic off the calendar.

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")


def parse_date(value: object, where: str) -> date:
    """A ``YYYY-MM-DD`` string as a date; ``where`` names the field in the error."""
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise CaseError(f"{where} must be a date written YYYY-MM-DD, not {_show(value)}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CaseError(f"{where} is not a real date: {value}") from None
    _check_year(day.year, where, value)
    return day


def _check_year(year: int, where: str, value: str) -> None:
    if not limits.FIRST_YEAR <= year <= limits.LAST_YEAR:
        raise CaseError(
            f"{where} is {value}, outside the years {limits.FIRST_YEAR} to {limits.LAST_YEAR} "
            "that VisitDesk works with"
        )


def parse_datetime(value: object, where: str) -> datetime:
    """A ``YYYY-MM-DDTHH:MM`` (seconds optional) string as a naive local date-time."""
    if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
        raise CaseError(
            f"{where} must be a date and time written YYYY-MM-DDTHH:MM, not {_show(value)}"
        )
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        raise CaseError(f"{where} is not a real date and time: {value}") from None
    _check_year(moment.year, where, value)
    return moment


def _show(value: object) -> str:
    """A short, JSON-flavoured picture of a bad value for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= 40 else text[:36] + "...'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _name(where: str, key: str) -> str:
    # "child.plan" reads well; "visit v1: seen" reads better than "visit v1.seen".
    return f"{where}: {key}" if where.startswith("visit ") else f"{where}.{key}"


def _opt(obj: dict, key: str, where: str, kind: type | tuple[type, ...]) -> object:
    value = obj.get(key)
    if value is None:
        return None
    # bool is a subclass of int; a true/false where a number belongs is a mistake, not a 1.
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise CaseError(f"{_name(where, key)} must be {_kind_name(kind)}, not {_show(value)}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", bool: "true or false", int: "a whole number", dict: "an object"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _opt_text(obj: dict, key: str, where: str, longest: int = limits.MAX_TEXT_FIELD) -> str | None:
    value = _opt(obj, key, where, str)
    if value is not None and len(value) > longest:  # type: ignore[arg-type]
        raise CaseError(f"{_name(where, key)} is longer than {longest:,} characters")
    return value  # type: ignore[return-value]


def _opt_enum(obj: dict, key: str, where: str, allowed: tuple[str, ...]) -> str | None:
    value = _opt(obj, key, where, str)
    if value is not None and value not in allowed:
        raise CaseError(
            f"{_name(where, key)} must be one of {', '.join(allowed)}, not {_show(value)}"
        )
    return value  # type: ignore[return-value]


def _opt_date(obj: dict, key: str, where: str) -> date | None:
    value = obj.get(key)
    return None if value is None else parse_date(value, _name(where, key))


def _opt_datetime(obj: dict, key: str, where: str) -> datetime | None:
    value = obj.get(key)
    return None if value is None else parse_datetime(value, _name(where, key))


def parse_interval(value: object, where: str) -> VisitInterval:
    """A ``{"every": N, "unit": ..., "rationale": ...}`` object as a :class:`VisitInterval`."""
    if not isinstance(value, dict):
        raise CaseError(f"{where} must be an object with every and unit, not {_show(value)}")
    every = value.get("every")
    if every is None:
        raise CaseError(f"{where}.every is missing")
    if isinstance(every, bool) or not isinstance(every, int):
        raise CaseError(f"{where}.every must be a whole number, not {_show(every)}")
    if every < 1:
        raise CaseError(f"{where}.every must be at least 1, not {every}")
    if value.get("unit") is None:
        raise CaseError(f"{where}.unit is missing")
    unit = str(_opt_enum(value, "unit", where, INTERVAL_UNITS))
    longest = limits.MAX_VISIT_INTERVAL[unit]
    if every > longest:
        in_words = unit.replace("_", " ")
        raise CaseError(f"{where}.every must be at most {longest} {in_words} (a year), not {every}")
    rationale = _opt_text(value, "rationale", where) or ""
    return VisitInterval(every=every, unit=unit, rationale=rationale)


def parse_child(data: object) -> ChildFacts:
    """The ``child`` object of a case file."""
    where = "child"
    if not isinstance(data, dict):
        raise CaseError(f"child must be an object, not {_show(data)}")
    if data.get("plan") is None:
        raise CaseError("child.plan is missing (one of CIN, CP, CLA, CP+CLA)")
    plan = _opt_enum(data, "plan", where, PLANS)
    interval = data.get("visit_interval")
    region = _opt_enum(data, "region", where, REGIONS) or "england-and-wales"
    child = ChildFacts(
        plan=plan,  # type: ignore[arg-type]
        date_of_birth=_opt_date(data, "date_of_birth", where),
        expected_birth_date=_opt_date(data, "expected_birth_date", where),
        plan_start=_opt_date(data, "plan_start", where),
        allocated_on=_opt_date(data, "allocated_on", where),
        region=region,
        visit_interval=None
        if interval is None
        else parse_interval(interval, "child.visit_interval"),
        electively_home_educated=bool(_opt(data, "electively_home_educated", where, bool)),
        regulation_24=bool(_opt(data, "regulation_24", where, bool)),
        placement_start=_opt_date(data, "placement_start", where),
        placement_until_18=bool(_opt(data, "placement_until_18", where, bool)),
        dcs_level=_opt_enum(data, "dcs_level", where, DCS_LEVELS),
        first_review_date=_opt_date(data, "first_review_date", where),
    )
    return child


def parse_visit(data: object, index: int) -> VisitFacts:
    """One entry of a case file's ``visits`` list; ``index`` names it in errors."""
    if not isinstance(data, dict):
        raise CaseError(f"visits[{index}] must be an object, not {_show(data)}")
    visit_id = data.get("id")
    if visit_id is None:
        raise CaseError(f"visits[{index}].id is missing")
    if not isinstance(visit_id, str) or not visit_id.strip():
        raise CaseError(f"visits[{index}].id must be non-empty text, not {_show(visit_id)}")
    if len(visit_id) > limits.MAX_SHORT_TEXT:
        raise CaseError(f"visits[{index}].id is longer than {limits.MAX_SHORT_TEXT} characters")
    where = f"visit {visit_id}"
    if data.get("visited_at") is None:
        raise CaseError(f"{where}: visited_at is missing")
    values: dict[str, object] = {
        "id": visit_id,
        "visited_at": parse_datetime(data["visited_at"], f"{where}: visited_at"),
        "location": _opt_enum(data, "location", where, LOCATIONS),
        "seen": _opt_enum(data, "seen", where, SEEN_VALUES),
        "seen_alone": _opt_enum(data, "seen_alone", where, SEEN_ALONE_VALUES),
        "not_seen_alone_category": _opt_enum(
            data, "not_seen_alone_category", where, NOT_SEEN_ALONE_CATEGORIES
        ),
        "recorded_at": _opt_datetime(data, "recorded_at", where),
    }
    for name in ("not_seen_alone_reason", *NARRATIVE_FIELDS):
        values[name] = _opt_text(data, name, where)
    for name in (
        "bedroom_seen",
        "seen_awake",
        "attachment_observed",
        "joint_with_health_visitor",
        "completed",
    ):
        values[name] = _opt(data, name, where, bool)
    visit = VisitFacts(**values)  # type: ignore[arg-type]
    if visit.recorded_at is not None and visit.recorded_at < visit.visited_at:
        raise CaseError(f"{where}: recorded_at is before the visit took place")
    return visit


def parse_case(data: object) -> tuple[ChildFacts, list[VisitFacts]]:
    """Validate a decoded case file and return the child and their visits in time order.

    Only ``child.plan`` and each visit's ``id`` and ``visited_at`` are required; an absent or
    null optional field means "not recorded". Unknown keys are ignored so that newer files can
    be read by older engines.
    """
    if not isinstance(data, dict):
        raise CaseError(f"the case must be a JSON object with child and visits, not {_show(data)}")
    if "child" not in data:
        raise CaseError("the case has no child object")
    child = parse_child(data["child"])
    raw_visits = data.get("visits")
    if raw_visits is None:
        raw_visits = []
    if not isinstance(raw_visits, list):
        raise CaseError(f"visits must be a list, not {_show(raw_visits)}")
    if len(raw_visits) > limits.MAX_CASE_VISITS:
        raise CaseError(
            f"the case has {len(raw_visits):,} visits, more than the {limits.MAX_CASE_VISITS:,} "
            "VisitDesk checks for one child; check the file holds one child's visits"
        )
    visits = [parse_visit(item, i) for i, item in enumerate(raw_visits)]
    seen_ids: set[str] = set()
    for visit in visits:
        if visit.id in seen_ids:
            raise CaseError(f"visit id {visit.id} is used twice; each visit needs its own id")
        seen_ids.add(visit.id)
    check_consistency(child, visits)
    visits.sort(key=lambda v: v.visited_at)
    return child, visits


def check_consistency(child: ChildFacts, visits: list[VisitFacts] | tuple[VisitFacts, ...]) -> None:
    """Refuse facts that contradict each other (a visit before birth, say)."""
    dob = child.date_of_birth
    for visit in visits:
        day = visit.visited_at.date()
        if dob is not None and day < dob and visit.seen != "unborn":
            raise CaseError(
                f"visit {visit.id} on {day.isoformat()} is before the child's date of birth "
                f"({dob.isoformat()}); record it as seen: unborn or correct the dates"
            )
        if visit.seen == "unborn" and dob is not None and day >= dob:
            raise CaseError(
                f"visit {visit.id} records the child as unborn, but they were born on "
                f"{dob.isoformat()}"
            )
    if child.placement_start and dob and child.placement_start < dob:
        raise CaseError("child.placement_start is before the child's date of birth")


VISIT_FIELDS = tuple(f.name for f in fields(VisitFacts))
