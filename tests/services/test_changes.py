"""Every write says what it changed, so the window refreshes exactly the children it touched."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import backup, demo, meetings, records, syncing
from visitdesk.services.changes import NOTHING, Changes
from visitdesk.services.meetings import HolidayInput, MeetingInput
from visitdesk.services.records import PlanInput
from visitdesk.services.restore import restore_backup
from visitdesk.storage.models import AuthorisationTask, Plan, Visit

FULL = {
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
    "childs_voice": "Happy at school.",
}


def _child(ws, plan_type="CIN"):
    start = ws.today() - timedelta(days=40)
    return records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput(plan_type, start, allocated_on=start),
    )


def _yesterday(ws):
    return ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)


def _plan_id(ws, child):
    with ws.db.sessions() as s:
        return s.scalar(select(Plan.id).where(Plan.child_id == child))


def test_changes_combine_and_say_whom_they_touch():
    one = Changes.of(children=["a"], visits=["v", None])
    both = one | Changes.of(children=["b"], decisions=True)
    assert both == Changes(frozenset({"a", "b"}), frozenset({"v"}), False, True)
    assert both.touches_child("b") and not both.touches_child("c")
    assert both.touches_visit("v") and not both.touches_visit("w")
    assert not NOTHING and Changes.everything().touches_child("anyone")


def test_a_visit_from_draft_to_decision_names_the_record_and_its_child(make_workspace):
    worker = make_workspace()
    child = _child(worker)
    assert records.changes_of_new_child(child) == Changes.of(children=[child])
    vid = records.start_visit(worker, child, _yesterday(worker), **FULL)
    assert records.changes_of_new_visit(child, vid) == Changes.of(children=[child], visits=[vid])
    assert records.changes_of_saved_draft(child, vid) == Changes.of(children=[child], visits=[vid])
    assert records.complete_visit(worker, vid) == Changes.of(
        children=[child], visits=[vid], decisions=True
    )
    addendum = records.add_addendum(worker, vid, "A note added later.")
    assert isinstance(addendum, str)
    assert records.changes_of_addendum(child, vid).touches_visit(vid)


def test_a_managers_decision_says_a_decision_was_made(make_workspace):
    manager = make_workspace(role="manager", name="Morgan Manager")
    child = _child(manager)
    vid = records.start_visit(manager, child, _yesterday(manager), **FULL)
    records.complete_visit(manager, vid)
    with manager.db.sessions() as s:
        task = s.scalar(select(AuthorisationTask.id).where(AuthorisationTask.visit_id == vid))
    assert records.return_for_correction(manager, task, "Please add the child's words.") == (
        Changes.of(children=[child], visits=[vid], decisions=True)
    )
    records.complete_visit(manager, vid)
    with manager.db.sessions() as s:
        task = s.scalar(
            select(AuthorisationTask.id).where(
                AuthorisationTask.visit_id == vid, AuthorisationTask.state == "open"
            )
        )
    assert records.authorise(manager, task) == Changes.of(
        children=[child], visits=[vid], decisions=True
    )


def test_discarding_a_draft_and_changing_a_plan_name_the_child(workspace):
    child = _child(workspace)
    vid = records.start_visit(workspace, child, _yesterday(workspace))
    assert records.discard_draft(workspace, vid) == Changes.of(children=[child], visits=[vid])
    plan = PlanInput("CIN", workspace.today() - timedelta(days=40))
    assert records.update_plan(workspace, _plan_id(workspace, child), plan) == Changes.of(
        children=[child]
    )


def test_every_change_to_meetings_and_holidays_names_the_plans_child(workspace):
    child = _child(workspace)
    plan = _plan_id(workspace, child)
    mine = Changes.of(children=[child])
    held = workspace.today() - timedelta(days=3)
    meeting = meetings.add_meeting(workspace, plan, MeetingInput("progress", held))
    assert isinstance(meeting, str)
    assert meetings.changes_of_new_meeting(workspace, plan) == mine
    booked = MeetingInput("progress", held + timedelta(days=10), held=False)
    assert meetings.change_meeting(workspace, plan, meeting, booked) == mine
    assert meetings.remove_meeting(workspace, plan, meeting) == mine
    start = workspace.today() + timedelta(days=5)
    away = HolidayInput(start, start + timedelta(days=6))
    assert meetings.add_holiday(workspace, plan, away) == mine
    longer = HolidayInput(start, start + timedelta(days=9))
    assert meetings.change_holiday(workspace, plan, away.facts(), longer) == mine
    assert meetings.remove_holiday(workspace, plan, longer.facts()) == mine


def test_bundles_and_enrolment_say_what_they_changed(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.export_card(manager, tmp_path / "morgan.card")
    # A manager's caseload names each child's worker: it reloads once a device is enrolled.
    assert syncing.import_card(manager, tmp_path / "sam.card").changes == Changes(caseload=True)
    assert syncing.import_card(worker, tmp_path / "morgan.card").changes == NOTHING

    child = _child(worker)
    done = records.start_visit(worker, child, _yesterday(worker), **FULL)
    records.complete_visit(worker, done)
    draft = records.start_visit(worker, child, _yesterday(worker) - timedelta(days=1))
    sent = syncing.export_bundle(worker, tmp_path / "w1.vdb", include_drafts=True)
    # A draft that went to the manager can no longer be discarded here.
    assert sent.changes == Changes.of(children=[child], visits=[draft])

    came = syncing.import_bundle(manager, tmp_path / "w1.vdb")
    assert came.changes == Changes.everything()
    again = syncing.import_bundle(manager, tmp_path / "w1.vdb")
    assert again.already_imported and again.changes == NOTHING


def test_the_demo_and_settings_say_what_they_change(workspace):
    assert demo.fill(workspace, children=2) == 2
    assert demo.changes_of_fill() == Changes.everything()
    assert workspace.set_setting("anything", "1") == NOTHING


def test_a_restore_is_refused_before_anything_is_replaced_unless_asked(workspace, passphrase):
    child = _child(workspace)
    old = backup.startup_backup(workspace)
    later = records.start_visit(workspace, child, _yesterday(workspace))
    locked = []
    with pytest.raises(UserError, match="newer than this backup.*tick the box"):
        restore_backup(workspace, old, passphrase, before_replacing=lambda: locked.append(1))
    assert locked == [] and not workspace.locked  # asked nothing, changed nothing
    with workspace.db.sessions() as s:
        assert s.get(Visit, later) is not None

    restored = restore_backup(
        workspace, old, passphrase, force=True, before_replacing=lambda: locked.append(1)
    )
    assert locked == [1] and not workspace.locked  # open again, on the backup's records
    assert restored.changes == Changes.everything() and restored.kept is not None
    with workspace.db.sessions() as s:
        assert s.get(Visit, later) is None
