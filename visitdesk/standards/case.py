"""One child's case as the standards engine sees it: plain facts, validated on the way in.

``ChildFacts`` and ``VisitFacts`` are what the storage, the GUI and the command line hand to
the engine. ``validate_case_file`` checks a decoded case file against its JSON Schema
(docs/case-file.schema.json, shipped in this package too); ``parse_case`` turns it into facts,
refusing anything it cannot trust with a one-line :class:`CaseError`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from visitdesk import limits
from visitdesk.errors import UserError

PLANS = ("CIN", "CP", "CLA", "CP+CLA")
REGIONS = ("england-and-wales", "scotland", "northern-ireland")
INTERVAL_UNITS = ("days", "weeks", "working_days", "months")
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
    unit: str  # "days" | "weeks" | "working_days" | "months"
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

# [0-9], not \d: \d would take other scripts' digits too, which no date may be written in. The
# case file schema uses the same patterns (a test holds them together).
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
DATETIME_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
_DATE_RE = re.compile(DATE_PATTERN)
_DATETIME_RE = re.compile(DATETIME_PATTERN)


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
        meetings=_parse_meetings(data.get("meetings")),
        holidays=_parse_holidays(data.get("holidays")),
    )
    return child


def _opt_list(value: object, where: str, most: int, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseError(f"{where} must be a list, not {_show(value)}")
    if len(value) > most:
        raise CaseError(
            f"{where} holds {len(value):,} {what}, more than the {most:,} VisitDesk checks for "
            "one child; check the file holds one child's case"
        )
    return value


def _parse_id(data: dict, where: str) -> str:
    value = data.get("id")
    if value is None:
        raise CaseError(f"{where}.id is missing")
    if not isinstance(value, str) or not value.strip():
        raise CaseError(f"{where}.id must be non-empty text, not {_show(value)}")
    if len(value) > limits.MAX_SHORT_TEXT:
        raise CaseError(f"{where}.id is longer than {limits.MAX_SHORT_TEXT} characters")
    return value


def _required_date(data: dict, key: str, where: str) -> date:
    if data.get(key) is None:
        raise CaseError(f"{where}.{key} is missing")
    return parse_date(data[key], f"{where}.{key}")


def parse_meeting(data: object, index: int) -> MeetingFacts:
    """One entry of ``child.meetings``; ``index`` names it in errors."""
    where = f"child.meetings[{index}]"
    if not isinstance(data, dict):
        raise CaseError(f"{where} must be an object, not {_show(data)}")
    meeting_id = _parse_id(data, where)
    if data.get("kind") is None:
        raise CaseError(f"{where}.kind is missing (one of {', '.join(MEETING_KINDS)})")
    kind = str(_opt_enum(data, "kind", where, MEETING_KINDS))
    day = _required_date(data, "date", where)
    held = _opt(data, "held", where, bool)
    meeting = MeetingFacts(
        id=meeting_id,
        kind=kind,
        date=day,
        held=True if held is None else bool(held),
        notes_circulated_on=_opt_date(data, "notes_circulated_on", where),
    )
    notes = meeting.notes_circulated_on
    if notes is not None and not meeting.held:
        raise CaseError(
            f"meeting {meeting_id} is marked as not held, so its notes cannot have been "
            "circulated; correct held or notes_circulated_on"
        )
    if notes is not None and notes < day:
        raise CaseError(
            f"meeting {meeting_id}: notes_circulated_on ({notes.isoformat()}) is before the "
            f"meeting ({day.isoformat()})"
        )
    return meeting


def _parse_meetings(value: object) -> tuple[MeetingFacts, ...]:
    where = "child.meetings"
    raw = _opt_list(value, where, limits.MAX_PLAN_MEETINGS, "meetings")
    meetings = [parse_meeting(item, i) for i, item in enumerate(raw)]
    ids: set[str] = set()
    for meeting in meetings:
        if meeting.id in ids:
            raise CaseError(f"meeting id {meeting.id} is used twice; each meeting needs its own id")
        ids.add(meeting.id)
    meetings.sort(key=lambda m: (m.date, m.id))
    return tuple(meetings)


def parse_holiday(data: object, index: int) -> HolidayFacts:
    """One entry of ``child.holidays``; ``index`` names it in errors."""
    where = f"child.holidays[{index}]"
    if not isinstance(data, dict):
        raise CaseError(f"{where} must be an object, not {_show(data)}")
    start = _required_date(data, "start", where)
    end = _required_date(data, "end", where)
    if end < start:
        raise CaseError(
            f"{where} ends on {end.isoformat()}, before it starts ({start.isoformat()})"
        )
    days = (end - start).days + 1
    if days > limits.MAX_HOLIDAY_DAYS:
        raise CaseError(
            f"{where} lasts {days} days, longer than the {limits.MAX_HOLIDAY_DAYS} a holiday may "
            "last; a longer stay away is a move, planned as one"
        )
    return HolidayFacts(start=start, end=end, abroad=bool(_opt(data, "abroad", where, bool)))


def _parse_holidays(value: object) -> tuple[HolidayFacts, ...]:
    raw = _opt_list(value, "child.holidays", limits.MAX_PLAN_HOLIDAYS, "holidays")
    holidays = [parse_holiday(item, i) for i, item in enumerate(raw)]
    holidays.sort(key=lambda h: (h.start, h.end))
    return tuple(holidays)


def parse_visit(data: object, index: int) -> VisitFacts:
    """One entry of a case file's ``visits`` list; ``index`` names it in errors."""
    if not isinstance(data, dict):
        raise CaseError(f"visits[{index}] must be an object, not {_show(data)}")
    visit_id = _parse_id(data, f"visits[{index}]")
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
        "outcome": _opt_enum(data, "outcome", where, VISIT_OUTCOMES),
        "contact": _opt_enum(data, "contact", where, CONTACT_MODES),
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
    if visit.seen == "yes" and visit.outcome == "failed":
        raise CaseError(
            f"{where} is recorded as a failed visit, but the child as seen; a visit where the "
            "child was seen has not failed, so correct outcome or seen"
        )
    if visit.seen == "yes" and visit.outcome == "cancelled":
        raise CaseError(
            f"{where} is recorded as cancelled (the worker could not attend), but the child as "
            "seen; correct outcome or seen"
        )
    return visit


def parse_case(data: object, as_of: date | None = None) -> tuple[ChildFacts, list[VisitFacts]]:
    """Validate a decoded case file and return the child and their visits in time order.

    Only ``child.plan`` and each visit's ``id`` and ``visited_at`` are required; an absent or
    null optional field means "not recorded". Unknown keys are ignored so that newer files can
    be read by older engines. Given ``as_of`` (the day checked), anything that cannot have
    happened yet by the end of that day is refused too (see :func:`check_not_after`).
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
    if as_of is not None:
        check_not_after(child, visits, as_of)
    return child, visits


def check_not_after(
    child: ChildFacts, visits: list[VisitFacts] | tuple[VisitFacts, ...], as_of: date
) -> None:
    """Refuse what a case cannot hold on the day checked: a visit, a record or a meeting held
    after it. A meeting still to come is allowed when it says ``held: false``, and a holiday
    may be planned ahead (004 I.12 asks for that)."""
    day_checked = as_of.isoformat()
    for visit in visits:
        day = visit.visited_at.date()
        if day > as_of:
            raise CaseError(
                f"visit {visit.id} is dated {day.isoformat()}, after the day checked "
                f"({day_checked}); a visit cannot be recorded before it happens"
            )
    for visit in visits:
        if visit.recorded_at is not None and visit.recorded_at.date() > as_of:
            raise CaseError(
                f"visit {visit.id} was recorded on {visit.recorded_at.date().isoformat()}, "
                f"after the day checked ({day_checked}); check its recorded_at, or check as "
                "of a later day"
            )
    for meeting in child.meetings:
        if meeting.held and meeting.date > as_of:
            raise CaseError(
                f"meeting {meeting.id} is dated {meeting.date.isoformat()}, after the day "
                f"checked ({day_checked}), so it cannot have been held yet; mark it "
                "held: false while it is still to come"
            )
        notes = meeting.notes_circulated_on
        if notes is not None and notes > as_of:
            raise CaseError(
                f"meeting {meeting.id}: notes_circulated_on is {notes.isoformat()}, after the "
                f"day checked ({day_checked})"
            )


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


# ---------------------------------------------------------------------------------------------
# The case file schema (docs/case-file.schema.json, shipped inside the package as well): the
# first layer of checking for a case file from outside, naming the path of the first mistake.
# parse_case is the second layer: real dates, year limits, facts that contradict each other.

SCHEMA_FILE = "case-file.schema.json"  # in visitdesk/standards/schemas/


@cache
def case_file_schema() -> dict[str, Any]:
    """The case file's JSON Schema (draft 2020-12), as shipped with VisitDesk."""
    found = resources.files("visitdesk.standards").joinpath("schemas", SCHEMA_FILE)
    text = found.read_text("utf-8")
    return json.loads(text)


@cache
def _schema_validator() -> Any:
    # Imported here, not at the top: the app's start and live validation never need it.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(inline_refs(case_file_schema()))


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema with each local ``$ref`` replaced by the definition it names.

    The validator then checks a visit about twice as fast (following a reference costs more
    than the check it leads to). The schema's references sit beside a description and at most
    a narrower ``type`` (a required date is a date that may not be null), so putting the
    definition's keywords under the sibling ones checks exactly what the schema says; anything
    else beside a reference is refused here, so a later edit cannot change the meaning
    unnoticed.
    """
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        ref = node.get("$ref")
        if ref is not None:
            name = ref.removeprefix("#/$defs/")
            if name == ref or name not in defs:
                raise ValueError(f"case file schema: cannot inline $ref {ref}")
            out.update(walk(defs[name]))
            for key, value in node.items():
                if key not in ("$ref", "description", "type"):
                    raise ValueError(f"case file schema: {key} beside $ref {ref}")
                if key == "type" and not set(_as_list(value)) <= set(_as_list(out["type"])):
                    raise ValueError(f"case file schema: type beside $ref {ref} is not narrower")
        for key, value in node.items():
            if key not in ("$ref", "$defs"):
                out[key] = walk(value)
        return out

    return walk(schema)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def validate_case_file(data: object) -> None:
    """Check a decoded case file against its schema; :class:`CaseError` names the first
    mistake in the file's own order, in one line (``case file: visits[2].seen must be ...``).
    """
    errors = list(_schema_validator().iter_errors(data))
    if errors:
        first = min(errors, key=lambda error: _error_order(data, error))
        raise CaseError(_schema_message(first))


# Which message to give when one value breaks several keywords: an unknown choice says more
# than "must be text", and a missing field comes before what is wrong inside its parent.
_KEYWORD_RANK = {"required": 0, "enum": 1, "type": 2}
_PATTERN_WORDS = {
    f"^{DATE_PATTERN}$": "a date written YYYY-MM-DD",
    f"^{DATETIME_PATTERN}$": "a date and time written YYYY-MM-DDTHH:MM",
    r"\S": "non-empty text",
}
_TYPE_WORDS = {
    "string": "text",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "object": "an object",
    "array": "a list",
}


def _error_order(data: object, error: Any) -> tuple[list[int], int]:
    # The position of each step of the error's path in the file itself (keys in the order
    # written, items by index), so the first mistake a reader meets is the one reported.
    steps: list[int] = []
    node = data
    for step in error.absolute_path:
        if isinstance(node, dict):
            steps.append(list(node).index(step))
        else:
            steps.append(step)
        node = node[step]
    return steps, _KEYWORD_RANK.get(error.validator, len(_KEYWORD_RANK))


def _path_text(path: Any) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _pattern_of(schema: dict[str, Any]) -> str | None:
    if "pattern" in schema:
        return schema["pattern"]
    ref = schema.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return case_file_schema()["$defs"].get(ref.removeprefix("#/$defs/"), {}).get("pattern")
    return None


def _schema_message(error: Any) -> str:
    path = _path_text(error.absolute_path)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if not path:
        if keyword == "type":
            return f"the case file must be a JSON object with child and visits, not {_show(value)}"
    place = f"case file: {path}"
    if keyword == "required":
        missing = next(name for name in expected if name not in value)
        named = f"{place}.{missing}" if path else f"case file: {missing}"
        choices = error.schema.get("properties", {}).get(missing, {}).get("enum")
        hint = f" (one of {', '.join(c for c in choices if c is not None)})" if choices else ""
        return f"{named} is missing{hint}"
    if keyword == "enum":
        allowed = ", ".join(str(c) for c in expected if c is not None)
        return f"{place} must be one of {allowed}, not {_show(value)}"
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        if value is None:
            return f"{place} is missing (it is null)"
        pattern = _pattern_of(error.schema)
        if pattern in _PATTERN_WORDS:  # a date given as a number, say: say how to write it
            words = _PATTERN_WORDS[pattern]
        else:
            words = " or ".join(_TYPE_WORDS.get(k, k) for k in kinds if k != "null")
        return f"{place} must be {words}, not {_show(value)}"
    if keyword == "pattern":
        words = _PATTERN_WORDS.get(expected, f"text matching {expected}")
        return f"{place} must be {words}, not {_show(value)}"
    if keyword == "minimum":
        return f"{place} must be at least {expected}, not {_show(value)}"
    if keyword == "maximum":
        if path.endswith("visit_interval.every"):
            return (
                f"{place} must be at most {expected} days (a year) or the same in its "
                f"unit, not {_show(value)}"
            )
        return f"{place} must be at most {expected}, not {_show(value)}"
    if keyword == "minLength":
        return f"{place} must not be empty"
    if keyword == "maxLength":
        return f"{place} is longer than {expected:,} characters"
    if keyword == "maxItems":
        return (
            f"{place} holds {len(value):,} entries, more than the {expected:,} VisitDesk "
            "checks for one child; check the file holds one child's case"
        )
    return f"{place}: {' '.join(str(error.message).split())[:200]}"
