"""One child's case as the standards engine sees it: plain facts, validated on the way in.

``ChildFacts`` and ``VisitFacts`` are what the storage, the GUI and the command line hand to
the engine. ``visitdesk.standards.case_schema.validate_case_file`` checks a decoded case file
against its JSON Schema; ``parse_case`` turns it into facts, refusing anything it cannot
trust with a one-line :class:`CaseError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, make_dataclass
from datetime import date, datetime

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.standards import fields as catalogue

PLANS = ("CIN", "CP", "CLA", "CP+CLA")
REGIONS = ("england-and-wales", "scotland", "northern-ireland")
INTERVAL_UNITS = ("days", "weeks", "working_days", "months")
# A visit's choices are the field catalogue's (visitdesk.standards.fields).
LOCATIONS = catalogue.CHOICES["location"]
SEEN_VALUES = catalogue.CHOICES["seen"]
SEEN_ALONE_VALUES = catalogue.CHOICES["seen_alone"]
NOT_SEEN_ALONE_CATEGORIES = catalogue.CHOICES["not_seen_alone_category"]
DCS_LEVELS = ("family_support", "direct_payments")
# What came of a planned visit: it took place (the default), the family was not there or the
# child was not seen ("failed", the same as seen = no), or the worker could not attend
# ("cancelled", 004 I.11: rescheduled within 1-2 working days, not the family's failed visit).
VISIT_OUTCOMES = catalogue.CHOICES["outcome"]
# How the child was contacted: in person (the default); while the family is away on a holiday
# the plan records, by video or through an agency where they are staying (004 I.12-I.13).
CONTACT_MODES = catalogue.CHOICES["contact"]
MEETING_KINDS = ("progress", "review")


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

    def meets(self, condition: str) -> bool:
        """Whether a rule's ``when`` / ``unless`` condition (policy CONDITIONS) holds."""
        if condition == "electively_home_educated":
            return self.electively_home_educated
        if condition == "regulation_24":
            return self.regulation_24
        if condition == "placement_until_18":
            return self.placement_until_18
        if condition == "dcs_family_support":
            return self.dcs_level == "family_support"
        if condition == "dcs_direct_payments":
            return self.dcs_level == "direct_payments"
        return False


def _visit_facts_class() -> type:
    """``VisitFacts``, with one attribute for each field the field catalogue gives the engine
    (``visitdesk.standards.fields``): a field added there reaches the engine with no code
    here. Every attribute but ``id`` and ``visited_at`` defaults to ``None``, "not recorded"."""
    spec: list[tuple] = [("id", str), ("visited_at", datetime)]
    for item in catalogue.FIELDS:
        if item.engine and item.name != "visited_at":
            spec.append((item.name, catalogue.VALUE_TYPES[item.kind] | None, None))
    cls = make_dataclass("VisitFacts", spec, frozen=True, slots=True)
    cls.__module__ = __name__  # pickles and prints as visitdesk.standards.case.VisitFacts
    cls.__doc__ = (
        "One visit (or attempted visit) and what its record says so far: the catalogue's "
        "engine fields, by their stored names."
    )
    return cls


VisitFacts = _visit_facts_class()


def visit_facts_from(values: Mapping[str, object], **given: object) -> VisitFacts:
    """The engine's facts from stored values (by the catalogue's names), the one way a
    record, a form or a case file becomes ``VisitFacts``. ``given`` overrides ``values``
    (``id``, ``completed``, ``recorded_at`` are usually worked out by the caller). Blank text
    is "not recorded", as it is when a record is stored."""
    facts: dict[str, object] = {}
    for name in VISIT_FIELDS:
        value = given[name] if name in given else values.get(name)
        facts[name] = (value or None) if value.__class__ is str else value
    return VisitFacts(**facts)


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
        raise CaseError(f"{where} must be a date written YYYY-MM-DD, not {show_value(value)}")
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
            f"{where} must be a date and time written YYYY-MM-DDTHH:MM, not {show_value(value)}"
        )
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        raise CaseError(f"{where} is not a real date and time: {value}") from None
    _check_year(moment.year, where, value)
    return moment


def show_value(value: object) -> str:
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
        raise CaseError(f"{_name(where, key)} must be {_kind_name(kind)}, not {show_value(value)}")
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
            f"{_name(where, key)} must be one of {', '.join(allowed)}, not {show_value(value)}"
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
        raise CaseError(f"{where} must be an object with every and unit, not {show_value(value)}")
    every = value.get("every")
    if every is None:
        raise CaseError(f"{where}.every is missing")
    if isinstance(every, bool) or not isinstance(every, int):
        raise CaseError(f"{where}.every must be a whole number, not {show_value(every)}")
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
        raise CaseError(f"child must be an object, not {show_value(data)}")
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
        raise CaseError(f"{where} must be a list, not {show_value(value)}")
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
        raise CaseError(f"{where}.id must be non-empty text, not {show_value(value)}")
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
        raise CaseError(f"{where} must be an object, not {show_value(data)}")
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
        raise CaseError(f"{where} must be an object, not {show_value(data)}")
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
        raise CaseError(f"visits[{index}] must be an object, not {show_value(data)}")
    visit_id = _parse_id(data, f"visits[{index}]")
    where = f"visit {visit_id}"
    if data.get("visited_at") is None:
        raise CaseError(f"{where}: visited_at is missing")
    values: dict[str, object] = {
        "id": visit_id,
        "visited_at": parse_datetime(data["visited_at"], f"{where}: visited_at"),
    }
    for item in CASE_FIELDS:
        if item.kind == "choice":
            values[item.name] = _opt_enum(data, item.name, where, item.values)
        elif item.kind == "text":
            values[item.name] = _opt_text(data, item.name, where)
        elif item.kind == "flag":
            values[item.name] = _opt(data, item.name, where, bool)
        else:
            values[item.name] = _opt_datetime(data, item.name, where)
    visit = visit_facts_from(values)
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
        raise CaseError(
            f"the case must be a JSON object with child and visits, not {show_value(data)}"
        )
    if "child" not in data:
        raise CaseError("the case has no child object")
    child = parse_child(data["child"])
    raw_visits = data.get("visits")
    if raw_visits is None:
        raw_visits = []
    if not isinstance(raw_visits, list):
        raise CaseError(f"visits must be a list, not {show_value(raw_visits)}")
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


# What a case file's visit may say besides its id and time, read by the catalogue's kinds.
CASE_FIELDS = tuple(
    catalogue.BY_NAME[name] for name in VISIT_FIELDS if name not in ("id", "visited_at")
)
