"""A plan's meetings (Child in Need progress meetings and reviews) and the family's holidays.

Both are kept on the plan as JSON lists, so they travel and are owned as the plan is: only the
worker whose caseload the child is on records them. This module is the one place that reads
and writes that JSON (:func:`parse_meetings`, :func:`dump_meetings` and the holiday
equivalents), for the services, the facts the standards read and the checks on a bundle.

Each change is one transaction with an audit entry saying what was done (never what was
recorded), and moves the plan on a revision as any other change to the plan does; it returns
the :class:`Changes` it made (the plan's child).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.services.changes import Changes
from visitdesk.services.ownership import NotFound
from visitdesk.services.ownership import own_child as _own_child
from visitdesk.services.workspace import Workspace
from visitdesk.standards.case import (
    MEETING_KINDS,
    CaseError,
    HolidayFacts,
    MeetingFacts,
    parse_date,
)
from visitdesk.storage.models import Child, Plan, new_id

# Meetings and holidays are booked ahead, but not years ahead: a date further off is a slip
# of the year.
MAX_DAYS_AHEAD = 366
MEETING_WORDS = {"progress": "progress meeting", "review": "review meeting"}

_MEETING_KEYS = {"id", "kind", "date", "held", "notes_circulated_on"}
_MEETING_REQUIRED = {"id", "kind", "date", "held"}
_HOLIDAY_KEYS = {"start", "end", "abroad"}
_HOLIDAY_REQUIRED = {"start", "end"}
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class PlanDataError(ValueError):
    """Stored or sent meetings or holidays that are not what VisitDesk writes. The message is
    a phrase naming where ("meetings[2].date is not a date"), never the value found there."""


# --- reading and writing the JSON -----------------------------------------------------------


def _day(value: Any, where: str) -> date:
    # The case file's own strict reading; its message names the value, this one never does.
    try:
        return parse_date(value, where)
    except CaseError:
        raise PlanDataError(
            f"{where} is not a real date written YYYY-MM-DD, in the years "
            f"{limits.FIRST_YEAR} to {limits.LAST_YEAR}"
        ) from None


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise PlanDataError(f"{where} is not true or false")
    return value


def _items(
    text: Any, what: str, longest: int, most: int, keys: set[str], required: set[str]
) -> list[dict[str, Any]]:
    """The list of objects in ``text``, after its size, its JSON and its shape are checked."""
    if not isinstance(text, str):
        raise PlanDataError(f"{what} is not text")
    if text == "":
        return []
    if len(text) > longest:
        raise PlanDataError(f"{what} is longer than {longest:,} characters")
    try:
        # Each entry holds at most six values: the object and its five fields.
        data = limits.parse_json(text, max_values=most * 6 + 1)
    except ValueError as exc:
        raise PlanDataError(f"{what} is not valid JSON ({exc})") from None
    if not isinstance(data, list):
        raise PlanDataError(f"{what} is not a list")
    if len(data) > most:
        raise PlanDataError(f"{what} holds more than {most:,} entries")
    for n, item in enumerate(data):
        if not isinstance(item, dict):
            raise PlanDataError(f"{what}[{n}] is not a record")
        if not required <= item.keys():
            missing = ", ".join(sorted(required - item.keys()))
            raise PlanDataError(f"{what}[{n}] has no {missing}")
        if not item.keys() <= keys:
            raise PlanDataError(f"{what}[{n}] holds a field VisitDesk does not know")
    return data


def parse_meetings(text: Any) -> tuple[MeetingFacts, ...]:
    """A plan's stored meetings ("" is none), checked strictly; :class:`PlanDataError` if not
    what VisitDesk writes (malformed, too large, wrong shape, or dates that make no sense)."""
    items = _items(
        text,
        "meetings",
        limits.MAX_PLAN_MEETINGS_TEXT,
        limits.MAX_PLAN_MEETINGS,
        _MEETING_KEYS,
        _MEETING_REQUIRED,
    )
    out: list[MeetingFacts] = []
    ids: set[str] = set()
    for n, item in enumerate(items):
        where = f"meetings[{n}]"
        ident = item["id"]
        if not isinstance(ident, str) or not _ID.fullmatch(ident):
            raise PlanDataError(f"{where}.id is not a meeting id")
        if ident in ids:
            raise PlanDataError(f"{where}.id is used by another meeting")
        ids.add(ident)
        if item["kind"] not in MEETING_KINDS:
            raise PlanDataError(f"{where}.kind is not a kind of meeting VisitDesk knows")
        day = _day(item["date"], f"{where}.date")
        held = _flag(item["held"], f"{where}.held")
        notes = item.get("notes_circulated_on")
        notes_day = None if notes is None else _day(notes, f"{where}.notes_circulated_on")
        if notes_day is not None:
            if not held:
                raise PlanDataError(f"{where} has notes for a meeting that was not held")
            if notes_day < day:
                raise PlanDataError(f"{where} has notes sent out before the meeting")
        out.append(MeetingFacts(ident, item["kind"], day, held, notes_day))
    return tuple(sorted(out, key=_meeting_order))


def parse_holidays(text: Any) -> tuple[HolidayFacts, ...]:
    """A plan's stored holidays ("" is none), checked as :func:`parse_meetings` checks."""
    items = _items(
        text,
        "holidays",
        limits.MAX_PLAN_HOLIDAYS_TEXT,
        limits.MAX_PLAN_HOLIDAYS,
        _HOLIDAY_KEYS,
        _HOLIDAY_REQUIRED,
    )
    out: list[HolidayFacts] = []
    for n, item in enumerate(items):
        where = f"holidays[{n}]"
        start = _day(item["start"], f"{where}.start")
        end = _day(item["end"], f"{where}.end")
        abroad = _flag(item.get("abroad", False), f"{where}.abroad")
        if end < start:
            raise PlanDataError(f"{where} ends before it starts")
        if (end - start).days + 1 > limits.MAX_HOLIDAY_DAYS:
            raise PlanDataError(f"{where} is longer than {limits.MAX_HOLIDAY_DAYS} days")
        out.append(HolidayFacts(start, end, abroad))
    return tuple(sorted(out, key=lambda h: (h.start, h.end)))


def _meeting_order(m: MeetingFacts) -> tuple:
    return (m.date, m.kind, m.id)


def dump_meetings(meetings: Iterable[MeetingFacts]) -> str:
    """The stored form of a plan's meetings, in date order ("" when there are none)."""
    rows = [
        {
            "id": m.id,
            "kind": m.kind,
            "date": m.date.isoformat(),
            "held": m.held,
            "notes_circulated_on": (
                m.notes_circulated_on.isoformat() if m.notes_circulated_on else None
            ),
        }
        for m in sorted(meetings, key=_meeting_order)
    ]
    return json.dumps(rows, separators=(",", ":")) if rows else ""


def dump_holidays(holidays: Iterable[HolidayFacts]) -> str:
    """The stored form of a plan's holidays, in date order ("" when there are none)."""
    rows = [
        {"start": h.start.isoformat(), "end": h.end.isoformat(), "abroad": h.abroad}
        for h in sorted(holidays, key=lambda h: (h.start, h.end))
    ]
    return json.dumps(rows, separators=(",", ":")) if rows else ""


# --- what a person may record ---------------------------------------------------------------


@dataclass(frozen=True)
class MeetingInput:
    """A meeting as the worker records it."""

    kind: str  # "progress" (progress meeting or core group) | "review"
    date: date  # the day it was held, or is booked for
    held: bool = True
    notes_circulated_on: date | None = None  # the day the notes were sent out

    def validate(self, today: date) -> None:
        if self.kind not in MEETING_KINDS:
            raise UserError("choose whether this is a progress meeting or a review")
        _check_year(self.date, "the meeting date")
        if self.held and self.date > today:
            raise UserError(
                "a meeting in the future cannot have taken place yet; record it "
                "as booked, and say it took place once it has"
            )
        if self.date > today + timedelta(days=MAX_DAYS_AHEAD):
            raise UserError("a meeting can be booked up to a year ahead; check the year")
        notes = self.notes_circulated_on
        if notes is not None:
            _check_year(notes, "the date the notes were sent out")
            if not self.held:
                raise UserError("notes can only be sent out for a meeting that took place")
            if notes < self.date:
                raise UserError("the notes cannot have been sent out before the meeting")
            if notes > today:
                raise UserError("the notes' date is in the future; give the day they were sent out")


@dataclass(frozen=True)
class HolidayInput:
    """A family holiday the worker has planned for (004 I.12), from start to end inclusive."""

    start: date
    end: date
    abroad: bool = False

    def validate(self, today: date) -> None:
        _check_year(self.start, "the first day of the holiday")
        _check_year(self.end, "the last day of the holiday")
        if self.end < self.start:
            raise UserError("the holiday cannot end before it starts")
        if (self.end - self.start).days + 1 > limits.MAX_HOLIDAY_DAYS:
            raise UserError(
                f"a holiday can be at most {limits.MAX_HOLIDAY_DAYS} days; for a "
                "longer time away, talk to your manager about the plan"
            )
        if self.start > today + timedelta(days=MAX_DAYS_AHEAD):
            raise UserError("a holiday can be recorded up to a year ahead; check the year")

    def facts(self) -> HolidayFacts:
        return HolidayFacts(self.start, self.end, self.abroad)


def _check_year(day: date, what: str) -> None:
    if not limits.FIRST_YEAR <= day.year <= limits.LAST_YEAR:
        raise UserError(f"{what} is not a date VisitDesk accepts; check the year")


def when(day: date) -> str:
    """A date as people write it: "Tue 3 Mar 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


# --- reading a plan -------------------------------------------------------------------------


def meetings_of(plan: Plan) -> tuple[MeetingFacts, ...]:
    """The plan's meetings; raises :class:`PlanDataError` if what is stored cannot be read."""
    return parse_meetings(plan.meetings or "")


def holidays_of(plan: Plan) -> tuple[HolidayFacts, ...]:
    """The plan's holidays; raises :class:`PlanDataError` if what is stored cannot be read."""
    return parse_holidays(plan.holidays or "")


# --- changing a plan ------------------------------------------------------------------------


def _own_plan(ws: Workspace, session: Session, plan_id: str) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("that plan no longer exists")
    _own_child(ws, session.get(Child, plan.child_id))
    return plan


def _stored(read: Any, plan: Plan) -> tuple:
    try:
        return read(plan)
    except PlanDataError:
        # Never written over: what is there may still be wanted by someone who can mend it.
        raise UserError(
            "this plan's saved meetings and holidays could not be read, so "
            "nothing was changed; please ask your IT service desk for help"
        ) from None


def _touch(ws: Workspace, session: Session, plan: Plan, done: str) -> Changes:
    plan.revision += 1
    plan.updated_at = ws.now()
    # What was done is enough for the trail; never the dates recorded.
    ws.audit(session, "change", "plan", plan.id, done)
    return Changes.of(children=[plan.child_id])


def _cin_only(plan: Plan) -> None:
    if plan.plan_type != "CIN":
        raise UserError("progress meetings and reviews are recorded for Child in Need plans")


def _no_twin(
    meetings: Iterable[MeetingFacts], meeting: MeetingInput, other_than: str | None = None
) -> None:
    for m in meetings:
        if m.id != other_than and (m.kind, m.date) == (meeting.kind, meeting.date):
            raise UserError(
                f"there is already a {MEETING_WORDS[m.kind]} on {when(m.date)}; "
                "change that one instead"
            )


def add_meeting(ws: Workspace, plan_id: str, meeting: MeetingInput) -> str:
    """Record a meeting of the plan (held, or booked); returns the meeting's id."""
    meeting.validate(ws.today())
    with ws.db.transaction() as session:
        plan = _own_plan(ws, session, plan_id)
        _cin_only(plan)
        meetings = _stored(meetings_of, plan)
        if len(meetings) >= limits.MAX_PLAN_MEETINGS:
            raise UserError(
                f"this plan already holds {limits.MAX_PLAN_MEETINGS} meetings, "
                "the most VisitDesk keeps; remove old ones you no longer need"
            )
        _no_twin(meetings, meeting)
        ident = new_id()
        plan.meetings = dump_meetings([*meetings, MeetingFacts(ident, **meeting.__dict__)])
        _touch(ws, session, plan, "meeting added")
        return ident


def changes_of_new_meeting(ws: Workspace, plan_id: str) -> Changes:
    """What :func:`add_meeting` changed: the plan's child."""
    with ws.db.sessions() as session:
        plan = session.get(Plan, plan_id)
        return Changes.of(children=[plan.child_id if plan is not None else None])


def change_meeting(ws: Workspace, plan_id: str, meeting_id: str, meeting: MeetingInput) -> Changes:
    """Change a meeting already recorded (it was held, its notes went out, its date moved)."""
    meeting.validate(ws.today())
    with ws.db.transaction() as session:
        plan = _own_plan(ws, session, plan_id)
        _cin_only(plan)
        meetings = _stored(meetings_of, plan)
        if not any(m.id == meeting_id for m in meetings):
            raise NotFound("that meeting is no longer recorded in this plan")
        _no_twin(meetings, meeting, other_than=meeting_id)
        new = MeetingFacts(meeting_id, **meeting.__dict__)
        plan.meetings = dump_meetings(new if m.id == meeting_id else m for m in meetings)
        return _touch(ws, session, plan, "meeting changed")


def remove_meeting(ws: Workspace, plan_id: str, meeting_id: str) -> Changes:
    """Take a meeting out of the plan (recorded by mistake)."""
    with ws.db.transaction() as session:
        plan = _own_plan(ws, session, plan_id)
        meetings = _stored(meetings_of, plan)
        kept = [m for m in meetings if m.id != meeting_id]
        if len(kept) == len(meetings):
            raise NotFound("that meeting is no longer recorded in this plan")
        plan.meetings = dump_meetings(kept)
        return _touch(ws, session, plan, "meeting removed")


def _no_overlap(
    holidays: Iterable[HolidayFacts], holiday: HolidayInput, other_than: HolidayFacts | None = None
) -> None:
    for h in holidays:
        if h != other_than and h.start <= holiday.end and holiday.start <= h.end:
            raise UserError(
                f"this overlaps the holiday from {when(h.start)} to {when(h.end)}; "
                "change that one instead"
            )


def add_holiday(ws: Workspace, plan_id: str, holiday: HolidayInput) -> Changes:
    """Record a family holiday the plan has to allow for (004 I.12-I.13)."""
    holiday.validate(ws.today())
    with ws.db.transaction() as session:
        plan = _own_plan(ws, session, plan_id)
        holidays = _stored(holidays_of, plan)
        if len(holidays) >= limits.MAX_PLAN_HOLIDAYS:
            raise UserError(
                f"this plan already holds {limits.MAX_PLAN_HOLIDAYS} holidays, "
                "the most VisitDesk keeps; remove old ones you no longer need"
            )
        _no_overlap(holidays, holiday)
        plan.holidays = dump_holidays([*holidays, holiday.facts()])
        return _touch(ws, session, plan, "holiday added")


def change_holiday(ws: Workspace, plan_id: str, old: HolidayFacts, new: HolidayInput) -> Changes:
    """Change a holiday already recorded; ``old`` is the holiday as it was shown."""
    new.validate(ws.today())
    with ws.db.transaction() as session:
        plan = _own_plan(ws, session, plan_id)
        holidays = _stored(holidays_of, plan)
        if old not in holidays:
            raise NotFound("that holiday is no longer recorded in this plan")
        _no_overlap(holidays, new, other_than=old)
        plan.holidays = dump_holidays(new.facts() if h == old else h for h in holidays)
        return _touch(ws, session, plan, "holiday changed")


def remove_holiday(ws: Workspace, plan_id: str, old: HolidayFacts) -> Changes:
    """Take a holiday out of the plan (cancelled, or recorded by mistake)."""
    with ws.db.transaction() as session:
        plan = _own_plan(ws, session, plan_id)
        holidays = _stored(holidays_of, plan)
        if old not in holidays:
            raise NotFound("that holiday is no longer recorded in this plan")
        kept = list(holidays)
        kept.remove(old)
        plan.holidays = dump_holidays(kept)
        return _touch(ws, session, plan, "holiday removed")


def as_input(meeting: MeetingFacts) -> MeetingInput:
    """A recorded meeting as the input that would record it again (for editing it)."""
    return MeetingInput(meeting.kind, meeting.date, meeting.held, meeting.notes_circulated_on)
