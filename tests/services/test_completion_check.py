"""The check shown when a record is completed is kept with it, and told apart from today's."""

from __future__ import annotations

from datetime import date, datetime

from visitdesk.services import records
from visitdesk.services.checks import check_differences, completion_check
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Visit

RECORD = {
    "location": "home",
    "seen": "yes",
    "seen_alone": "yes",
    "bedroom_seen": True,
    "seen_awake": True,
    "status_of_child": "CIN Plan",
    "purpose": "Statutory visit.",
    "findings": "Home warm; child well.",
    "analysis": "Plan on track.",
    "conclusion": "Continue.",
    "recommendations": "Next visit due.",
}


def _child(ws):
    plan = PlanInput("CIN", date(2026, 10, 1), allocated_on=date(2026, 10, 1))
    return records.add_child(
        ws, given_name="Ada", family_name="Brook", plan=plan, date_of_birth=date(2016, 3, 4)
    )


def _visit(ws, vid):
    with ws.db.sessions() as s:
        visit = s.get(Visit, vid)
        s.expunge(visit)
        return visit


def test_a_draft_has_no_frozen_check(workspace):
    vid = records.start_visit(workspace, _child(workspace), datetime(2026, 11, 2, 10, 30), **RECORD)
    assert completion_check(_visit(workspace, vid)) is None


def test_completing_keeps_the_findings_shown_and_the_standards_that_judged(workspace):
    child = _child(workspace)
    # Written up late on purpose, so the check holds a finding to keep.
    vid = records.start_visit(workspace, child, datetime(2026, 10, 2, 10, 30), **RECORD)
    records.complete_visit(workspace, vid)
    frozen = completion_check(_visit(workspace, vid))
    assert frozen is not None
    assert frozen.completed_at.date() == workspace.today()
    ids = [standard[0] for standard in frozen.standards]
    assert ids and all(len(standard[2]) == 12 for standard in frozen.standards)
    assert "record.late" in {f.code for f in frozen.findings}
    with workspace.db.sessions() as s:
        visit = s.get(Visit, vid)
        assert check_differences(workspace, s, visit) is None  # nothing has changed since


def test_a_later_change_of_history_is_told_apart_from_the_frozen_check(workspace):
    child = _child(workspace)
    vid = records.start_visit(workspace, child, datetime(2026, 11, 2, 10, 30), **RECORD)
    records.complete_visit(workspace, vid)
    frozen = completion_check(_visit(workspace, vid))
    # The stored check is tampered with in place: a record's print must show what was
    # stored, and the difference from today's check separately.
    with workspace.db.transaction() as s:
        visit = s.get(Visit, vid)
        visit.completion_check = visit.completion_check.replace(
            '"findings":[',
            '"findings":[{"code":"record.late","severity":"warning",'
            '"visit":null,"field":null,"message":"Late.","source":"X","rule":null},',
            1,
        )
    with workspace.db.sessions() as s:
        visit = s.get(Visit, vid)
        again = completion_check(visit)
        assert len(again.findings) == len(frozen.findings) + 1
        today = check_differences(workspace, s, visit)
        assert today is not None
        assert sorted(f.code for f in today) == sorted(f.code for f in frozen.findings)


def test_an_unreadable_stored_check_reads_as_none_not_a_crash(workspace):
    vid = records.start_visit(workspace, _child(workspace), datetime(2026, 11, 2, 10, 30), **RECORD)
    records.complete_visit(workspace, vid)
    with workspace.db.transaction() as s:
        s.get(Visit, vid).completion_check = '{"format": 1, "completed_at": 3}'
    assert completion_check(_visit(workspace, vid)) is None
