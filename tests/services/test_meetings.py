"""Recording a plan's meetings and holidays: one service call each, audited, owned as the plan."""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.services import meetings, records
from visitdesk.services.caseload import caseload
from visitdesk.services.facts import child_facts, current_plan, visit_facts
from visitdesk.services.meetings import HolidayInput, MeetingInput, PlanDataError
from visitdesk.services.records import PlanInput
from visitdesk.standards.case import HolidayFacts
from visitdesk.storage import changes
from visitdesk.storage.models import AuditEvent, Child, Plan, Visit


def _child(ws, plan_type="CIN", started_days_ago=40):
    return records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput(plan_type, ws.today() - timedelta(started_days_ago)),
    )


def _plan(ws, child_id) -> Plan:
    with ws.db.sessions() as s:
        return s.scalar(select(Plan).where(Plan.child_id == child_id))


def _facts(ws, child_id):
    with ws.db.sessions() as s:
        child = s.get(Child, child_id)
        plans = list(s.scalars(select(Plan).where(Plan.child_id == child_id)))
        return child_facts(child, current_plan(plans, ws.today()))


def _trail(ws):
    with ws.db.sessions() as s:
        return [
            (e.action, e.entity, e.detail)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]


def test_a_meeting_recorded_reaches_the_standards_and_moves_the_plan_on(workspace):
    ws = workspace
    child = _child(ws)
    before = _plan(ws, child)
    with ws.db.sessions() as s:
        mark = changes.current(s)
    held = ws.today() - timedelta(days=10)
    mid = meetings.add_meeting(
        ws,
        before.id,
        MeetingInput("progress", held, held=True, notes_circulated_on=held + timedelta(days=2)),
    )

    after = _plan(ws, child)
    assert after.revision == before.revision + 1
    assert after.change_seq > mark
    facts = _facts(ws, child)
    assert len(facts.meetings) == 1
    got = facts.meetings[0]
    assert (got.id, got.kind, got.date, got.held, got.notes_circulated_on) == (
        mid,
        "progress",
        held,
        True,
        held + timedelta(days=2),
    )
    # The trail says what was done, never the dates recorded.
    assert _trail(ws)[-1] == ("change", "plan", "meeting added")
    assert held.isoformat() not in json.dumps(_trail(ws))


def test_a_meeting_can_be_changed_and_removed(workspace):
    ws = workspace
    child = _child(ws)
    plan = _plan(ws, child)
    booked = ws.today() + timedelta(days=14)
    mid = meetings.add_meeting(ws, plan.id, MeetingInput("review", booked, held=False))
    held = ws.today() - timedelta(days=1)
    meetings.change_meeting(
        ws, plan.id, mid, MeetingInput("review", held, held=True, notes_circulated_on=ws.today())
    )
    (got,) = _facts(ws, child).meetings
    assert (got.id, got.date, got.held, got.notes_circulated_on) == (mid, held, True, ws.today())
    meetings.remove_meeting(ws, plan.id, mid)
    assert _facts(ws, child).meetings == ()
    assert _plan(ws, child).meetings == ""
    assert [d for a, e, d in _trail(ws) if e == "plan"][-3:] == [
        "meeting added",
        "meeting changed",
        "meeting removed",
    ]
    with pytest.raises(UserError, match="no longer recorded"):
        meetings.remove_meeting(ws, plan.id, mid)


@pytest.mark.parametrize(
    "meeting, match",
    [
        (
            lambda t: MeetingInput("progress", t + timedelta(days=3), held=True),
            "cannot have taken place",
        ),
        (
            lambda t: MeetingInput(
                "progress",
                t - timedelta(days=3),
                held=True,
                notes_circulated_on=t - timedelta(days=4),
            ),
            "before the meeting",
        ),
        (
            lambda t: MeetingInput(
                "progress", t - timedelta(days=3), held=False, notes_circulated_on=t
            ),
            "meeting that took place",
        ),
        (
            lambda t: MeetingInput(
                "progress",
                t - timedelta(days=3),
                held=True,
                notes_circulated_on=t + timedelta(days=1),
            ),
            "in the future",
        ),
        (lambda t: MeetingInput("progress", t + timedelta(days=400), held=False), "a year ahead"),
        (lambda t: MeetingInput("core_group", t), "progress meeting or a review"),
    ],
    ids=[
        "held in the future",
        "notes before",
        "notes of a meeting not held",
        "notes in the future",
        "years ahead",
        "unknown kind",
    ],
)
def test_a_meeting_whose_dates_make_no_sense_is_refused(workspace, meeting, match):
    child = _child(workspace)
    plan = _plan(workspace, child)
    before = _trail(workspace)
    with pytest.raises(UserError, match=match):
        meetings.add_meeting(workspace, plan.id, meeting(workspace.today()))
    assert _plan(workspace, child).meetings == "" and _trail(workspace) == before


def test_the_same_meeting_twice_is_refused(workspace):
    child = _child(workspace)
    plan = _plan(workspace, child)
    day = workspace.today() - timedelta(days=2)
    meetings.add_meeting(workspace, plan.id, MeetingInput("progress", day))
    with pytest.raises(UserError, match="already a progress meeting"):
        meetings.add_meeting(workspace, plan.id, MeetingInput("progress", day))
    meetings.add_meeting(workspace, plan.id, MeetingInput("review", day))  # another kind is fine


def test_meetings_are_recorded_for_child_in_need_plans_only(workspace):
    child = _child(workspace, "CP")
    plan = _plan(workspace, child)
    with pytest.raises(UserError, match="Child in Need plans"):
        meetings.add_meeting(workspace, plan.id, MeetingInput("progress", workspace.today()))
    # Holidays belong to any plan.
    meetings.add_holiday(
        workspace,
        plan.id,
        HolidayInput(workspace.today() + timedelta(days=5), workspace.today() + timedelta(days=12)),
    )
    assert len(_facts(workspace, child).holidays) == 1


def test_a_holiday_recorded_reaches_the_standards_and_can_be_changed_and_removed(workspace):
    ws = workspace
    child = _child(ws)
    plan = _plan(ws, child)
    start = ws.today() + timedelta(days=20)
    meetings.add_holiday(ws, plan.id, HolidayInput(start, start + timedelta(days=13), abroad=True))
    (got,) = _facts(ws, child).holidays
    assert got == HolidayFacts(start, start + timedelta(days=13), True)
    meetings.change_holiday(ws, plan.id, got, HolidayInput(start, start + timedelta(days=6)))
    (changed,) = _facts(ws, child).holidays
    assert changed == HolidayFacts(start, start + timedelta(days=6), False)
    with pytest.raises(UserError, match="no longer recorded"):
        meetings.remove_holiday(ws, plan.id, got)  # as it was before the change
    meetings.remove_holiday(ws, plan.id, changed)
    assert _facts(ws, child).holidays == ()
    assert _plan(ws, child).revision == plan.revision + 3
    assert [d for a, e, d in _trail(ws) if e == "plan"][-3:] == [
        "holiday added",
        "holiday changed",
        "holiday removed",
    ]


@pytest.mark.parametrize(
    "days, first, match",
    [
        (-1, 10, "end before it starts"),
        (limits.MAX_HOLIDAY_DAYS, 10, f"at most {limits.MAX_HOLIDAY_DAYS} days"),
        (7, 400, "a year ahead"),
    ],
    ids=["ends before it starts", "too long", "years ahead"],
)
def test_a_holiday_that_makes_no_sense_is_refused(workspace, days, first, match):
    child = _child(workspace)
    plan = _plan(workspace, child)
    start = workspace.today() + timedelta(days=first)
    with pytest.raises(UserError, match=match):
        meetings.add_holiday(workspace, plan.id, HolidayInput(start, start + timedelta(days)))
    assert _plan(workspace, child).holidays == ""


def test_overlapping_holidays_are_refused(workspace):
    child = _child(workspace)
    plan = _plan(workspace, child)
    start = workspace.today() + timedelta(days=10)
    meetings.add_holiday(workspace, plan.id, HolidayInput(start, start + timedelta(days=7)))
    with pytest.raises(UserError, match="overlaps the holiday"):
        meetings.add_holiday(
            workspace, plan.id, HolidayInput(start + timedelta(days=7), start + timedelta(days=9))
        )


def test_a_child_on_another_workers_caseload_is_refused(workspace):
    child = _child(workspace)
    plan = _plan(workspace, child)
    with workspace.db.transaction() as s:  # as a child received from another worker is held
        s.get(Child, child).origin_device = "another-device"
    with pytest.raises(UserError, match="another worker's caseload"):
        meetings.add_meeting(workspace, plan.id, MeetingInput("progress", workspace.today()))
    with pytest.raises(UserError, match="another worker's caseload"):
        meetings.add_holiday(workspace, plan.id, HolidayInput(workspace.today(), workspace.today()))
    assert _plan(workspace, child).revision == plan.revision


def test_the_number_of_meetings_is_bounded(workspace, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PLAN_MEETINGS", 2)
    child = _child(workspace)
    plan = _plan(workspace, child)
    for days in (1, 2):
        meetings.add_meeting(
            workspace, plan.id, MeetingInput("progress", workspace.today() - timedelta(days=days))
        )
    with pytest.raises(UserError, match="already holds 2 meetings"):
        meetings.add_meeting(workspace, plan.id, MeetingInput("progress", workspace.today()))


# --- the stored JSON --------------------------------------------------------------------------

_GOOD = {
    "id": "3f2a91c0-0000-4000-8000-000000000001",
    "kind": "progress",
    "date": "2026-03-03",
    "held": True,
    "notes_circulated_on": "2026-03-05",
}


def test_what_is_written_reads_back_the_same():
    (meeting,) = meetings.parse_meetings(json.dumps([_GOOD]))
    assert meetings.parse_meetings(meetings.dump_meetings([meeting])) == (meeting,)
    holiday = HolidayFacts(date(2026, 8, 1), date(2026, 8, 14), True)
    assert meetings.parse_holidays(meetings.dump_holidays([holiday])) == (holiday,)
    assert meetings.parse_meetings("") == () and meetings.dump_meetings([]) == ""


@pytest.mark.parametrize(
    "text",
    [
        "[",
        "{}",
        '[{"id": 1}]',
        json.dumps([{**_GOOD, "kind": "party"}]),
        json.dumps([{**_GOOD, "date": "3 March"}]),
        json.dumps([{**_GOOD, "held": "yes"}]),
        json.dumps([{**_GOOD, "extra": 1}]),
        json.dumps([_GOOD, _GOOD]),
        json.dumps([{**_GOOD, "notes_circulated_on": "2026-03-01"}]),
        json.dumps([{**_GOOD, "date": "2300-01-01", "notes_circulated_on": None}]),
        "[" + ",".join(["1"] * 3000) + "]",
        " " * (limits.MAX_PLAN_MEETINGS_TEXT + 1),
    ],
    ids=[
        "broken",
        "not a list",
        "no fields",
        "kind",
        "date",
        "held",
        "unknown field",
        "same id twice",
        "notes before",
        "year",
        "too many values",
        "too long",
    ],
)
def test_meetings_that_are_not_what_visitdesk_writes_are_refused(text):
    with pytest.raises(PlanDataError):
        meetings.parse_meetings(text)


def test_malformed_stored_meetings_do_not_stop_the_caseload(workspace, caplog):
    child = _child(workspace)
    with workspace.db.transaction() as s:  # a damaged or altered database
        plan = s.scalar(select(Plan).where(Plan.child_id == child))
        plan.meetings = '[{"kind": "progress", "secret": "Ada Brook"'
        plan.holidays = '{"start": "not a date"}'
    with caplog.at_level(logging.WARNING):
        facts = _facts(workspace, child)
        rows = caseload(workspace)
    assert facts.meetings == () and facts.holidays == ()
    assert [r.child_id for r in rows] == [child]
    assert "could not be read" in caplog.text
    assert "Ada" not in caplog.text and "not a date" not in caplog.text
    # Nothing is written over what could not be read.
    with pytest.raises(UserError, match="could not be read"):
        meetings.add_meeting(workspace, plan.id, MeetingInput("progress", workspace.today()))


def test_a_visits_outcome_and_contact_reach_the_standards(workspace):
    child = _child(workspace)
    at = workspace.now().replace(second=0, microsecond=0) - timedelta(days=1)
    vid = records.start_visit(workspace, child, at, outcome="cancelled", contact="video")
    with workspace.db.sessions() as s:
        facts = visit_facts(s.get(Visit, vid))
    assert (facts.outcome, facts.contact) == ("cancelled", "video")
