"""A plan's meetings and holidays, and a record's outcome, contact and completion check, as a
worker's bundle carries them: checked as hostile even when the bundle is validly signed.

Each attack edits the payload before the real seal signs it with the worker's own device key
(manifest counts matching), as a worker's laptop under someone else's control could; the
manager's database must be unchanged after the refusal.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.services import test_sync_roles as roles
from tests.services.test_sync_flow import FULL
from tests.services.test_sync_roles import _child, _completed, _refused, _send
from visitdesk import limits
from visitdesk.services import meetings, records, syncing
from visitdesk.services.meetings import HolidayInput, MeetingInput
from visitdesk.storage.models import AuthorisationTask, Plan, Visit

MEETING = {
    "id": "3f2a91c0-0000-4000-8000-000000000001",
    "kind": "progress",
    "date": "2026-03-03",
    "held": True,
    "notes_circulated_on": "2026-03-05",
}
HOLIDAY = {"start": "2026-08-01", "end": "2026-08-14", "abroad": False}

# The enrolled team and the forger of signed bundles, as the role attacks use them.
team = roles.team
forge = roles.forge


def _plan_of(ws, child_id):
    with ws.db.sessions() as s:
        return s.scalar(select(Plan).where(Plan.child_id == child_id))


def _visit(ws, vid):
    with ws.db.sessions() as s:
        return s.get(Visit, vid)


def test_meetings_holidays_outcome_and_contact_arrive_as_recorded(team, tmp_path):
    worker, manager, _ = team
    child = _child(worker)
    plan = _plan_of(worker, child)
    held = worker.today() - timedelta(days=9)
    meetings.add_meeting(worker, plan.id, MeetingInput("progress", held, notes_circulated_on=held))
    start = worker.today() + timedelta(days=30)
    meetings.add_holiday(worker, plan.id, HolidayInput(start, start + timedelta(days=6), True))
    at = worker.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=2)
    vid = records.start_visit(worker, child, at, **{**FULL, "contact": "video"})
    records.complete_visit(worker, vid)
    _send(worker, manager, tmp_path / "w1.vdb")

    theirs, mine = _plan_of(manager, child), _plan_of(worker, child)
    assert (theirs.meetings, theirs.holidays) == (mine.meetings, mine.holidays)
    assert meetings.meetings_of(theirs)[0].date == held
    got = _visit(manager, vid)
    assert got.contact == "video"
    assert got.completion_check == _visit(worker, vid).completion_check != ""


def test_a_draft_completed_later_brings_its_completion_check(team, tmp_path):
    worker, manager, _ = team
    at = worker.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=2)
    vid = records.start_visit(worker, _child(worker), at, **FULL)
    syncing.export_bundle(worker, tmp_path / "w1.vdb", include_drafts=True)
    syncing.import_bundle(manager, tmp_path / "w1.vdb")
    assert _visit(manager, vid).state == "draft"
    records.complete_visit(worker, vid)
    _send(worker, manager, tmp_path / "w2.vdb")
    got = _visit(manager, vid)
    assert got.state == "completed"
    assert got.completion_check == _visit(worker, vid).completion_check != ""


def _forged(edit_plan=None, edit_visit=None):
    def edit(payload):
        for row in payload["plans"]:
            if edit_plan:
                edit_plan(row)
        for row in payload["visits"]:
            if edit_visit:
                edit_visit(row)

    return edit


@pytest.mark.parametrize(
    "column, value, match",
    [
        ("meetings", '[{"id": "x"', "holds meetings VisitDesk cannot accept"),
        ("meetings", '{"id": 1}', "meetings is not a list"),
        ("meetings", json.dumps([{**MEETING, "kind": "party"}]), "meetings.0..kind"),
        ("meetings", json.dumps([{**MEETING, "held": "yes"}]), "meetings.0..held"),
        ("meetings", json.dumps([{**MEETING, "date": "2026-02-30"}]), "not a real date"),
        ("meetings", json.dumps([{**MEETING, "held": False}]), "meeting that was not held"),
        (
            "meetings",
            json.dumps([{**MEETING, "notes_circulated_on": "2026-03-01"}]),
            "before the meeting",
        ),
        ("meetings", json.dumps([MEETING, MEETING]), "used by another meeting"),
        (
            "meetings",
            json.dumps([{**MEETING, "note": "the family's words"}]),
            "a field VisitDesk does not know",
        ),
        (
            "meetings",
            json.dumps(
                [
                    {**MEETING, "id": f"3f2a91c0-0000-4000-8000-{n:012d}"}
                    for n in range(limits.MAX_PLAN_MEETINGS + 1)
                ]
            ),
            "meetings .*more than",
        ),
        ("meetings", "[" + " " * limits.MAX_PLAN_MEETINGS_TEXT + "]", "longer than"),
        ("meetings", '[{"id": "3f2a91c0-0000-4000-8000-000000000001", "id": 2}]', "appears twice"),
        ("holidays", json.dumps([{**HOLIDAY, "end": "2026-07-01"}]), "ends before it starts"),
        ("holidays", json.dumps([{**HOLIDAY, "end": "2027-08-01"}]), "longer than 92 days"),
        ("holidays", json.dumps([{**HOLIDAY, "abroad": "yes"}]), "abroad is not true or false"),
        ("holidays", json.dumps([{"start": "2026-08-01"}]), "has no end"),
        ("holidays", "[" + ",".join(["{}"] * 40_000) + "]", "holds holidays VisitDesk cannot"),
    ],
    ids=[
        "broken JSON",
        "not a list",
        "kind",
        "held",
        "impossible date",
        "notes not held",
        "notes before",
        "same id twice",
        "unknown field",
        "too many",
        "too long",
        "duplicate key",
        "holiday ends first",
        "holiday too long",
        "abroad",
        "no end",
        "many values",
    ],
)
def test_a_plan_with_meetings_or_holidays_visitdesk_cannot_accept_is_refused(
    team, tmp_path, forge, column, value, match
):
    worker, manager, _ = team
    _completed(worker, _child(worker))
    forge(_forged(edit_plan=lambda row: row.__setitem__(column, value)))
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", match)
    with manager.db.sessions() as s:
        assert s.scalars(select(Plan)).all() == []


def test_a_refusal_names_the_rule_in_one_line(team, tmp_path, forge):
    worker, manager, _ = team
    _completed(worker, _child(worker))
    hostile = json.dumps([{**MEETING, "x" * 5000 + "\n": 1}])
    forge(_forged(edit_plan=lambda row: row.__setitem__("meetings", hostile)))
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    with pytest.raises(Exception) as caught:
        syncing.import_bundle(manager, tmp_path / "w1.vdb")
    message = str(caught.value)
    assert message.startswith("this bundle was refused: plan ")
    assert message.endswith("nothing was imported")
    assert "\n" not in message and len(message) < 400


@pytest.mark.parametrize(
    "field, value, match",
    [
        ("outcome", "rescheduled", "visits.outcome has an unknown value"),
        ("contact", "telepathy", "visits.contact has an unknown value"),
        ("completion_check", "{not json", "completion check VisitDesk cannot read"),
        ("completion_check", '{"format": 1, "completed_at": 3}', "completion check VisitDesk"),
        ("completion_check", "[]", "completion check VisitDesk cannot read"),
    ],
    ids=["outcome", "contact", "broken check", "check of the wrong shape", "check not an object"],
)
def test_a_record_with_values_visitdesk_cannot_accept_is_refused(
    team, tmp_path, forge, field, value, match
):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    forge(_forged(edit_visit=lambda row: row.__setitem__(field, value)))
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    _refused(manager, tmp_path / "w1.vdb", match)
    assert _visit(manager, vid) is None


def test_a_draft_cannot_carry_a_completion_check(team, tmp_path, forge):
    worker, manager, _ = team
    check = _visit(worker, _completed(worker, _child(worker))).completion_check
    at = worker.now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=1)
    records.start_visit(worker, _child(worker, "Ben"), at, **FULL)

    def stamp(row):
        if row["state"] == "draft":
            row["completion_check"] = check

    forge(_forged(edit_visit=stamp))
    syncing.export_bundle(worker, tmp_path / "w1.vdb", include_drafts=True)
    _refused(manager, tmp_path / "w1.vdb", "a draft but carries a completion check")


def _carried(held, payload):
    """The record's row in the payload, put there (as ``held``, read before the export) if
    this bundle would not carry it anyway."""
    rows = [row for row in payload["visits"] if row["id"] == held["id"]]
    if not rows:
        rows = [dict(held)]
        payload["visits"].append(rows[0])
    return rows[0]


def test_the_check_kept_at_completion_never_changes_by_sync(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    kept = _visit(manager, vid).completion_check
    records.add_addendum(worker, vid, "A late note.")  # something new to carry
    held = syncing._row(_visit(worker, vid))

    def rewrite(payload):
        row = _carried(held, payload)
        check = json.loads(row["completion_check"])
        check["findings"] = []  # as if nothing had been found wanting
        row["completion_check"] = json.dumps(check)

    forge(rewrite)
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "would change the check kept from when it was")
    assert _visit(manager, vid).completion_check == kept


def test_the_check_of_an_authorised_record_never_changes_by_sync(team, tmp_path, forge):
    worker, manager, _ = team
    vid = _completed(worker, _child(worker))
    _send(worker, manager, tmp_path / "w1.vdb")
    with manager.db.sessions() as s:
        task = s.scalar(select(AuthorisationTask).where(AuthorisationTask.visit_id == vid))
    records.authorise(manager, task.id)
    _send(manager, worker, tmp_path / "m1.vdb")
    records.add_addendum(worker, vid, "A late note.")
    held = syncing._row(_visit(worker, vid))
    forge(lambda payload: _carried(held, payload).__setitem__("completion_check", ""))
    syncing.export_bundle(worker, tmp_path / "w2.vdb")
    _refused(manager, tmp_path / "w2.vdb", "would change the check kept")
