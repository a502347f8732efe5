"""Holes found by a review of the sync and records changes, each closed and kept closed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import records, syncing
from visitdesk.services.checks import parse_completion_check
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Visit


def _child(ws):
    start = ws.today() - timedelta(days=30)
    return records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )


def _enrolled(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    syncing.export_card(worker, tmp_path / "w.vdcard")
    syncing.export_card(manager, tmp_path / "m.vdcard")
    syncing.import_card(manager, tmp_path / "w.vdcard")
    syncing.import_card(worker, tmp_path / "m.vdcard")
    return worker, manager


def test_a_draft_sent_to_the_manager_cannot_be_discarded_on_the_worker_device(
    make_workspace, tmp_path
):
    worker, manager = _enrolled(make_workspace, tmp_path)
    vid = records.start_visit(
        worker, _child(worker), worker.now() - timedelta(hours=2), location="home"
    )
    kept = records.start_visit(worker, _child(worker), worker.now() - timedelta(hours=3))
    syncing.export_bundle(worker, tmp_path / "b1.vdbundle", include_drafts=True)
    syncing.import_bundle(manager, tmp_path / "b1.vdbundle")
    with pytest.raises(UserError, match="already gone to your manager"):
        records.discard_draft(worker, vid)
    with worker.db.sessions() as s:
        assert s.get(Visit, vid) is not None
    # Marking it sent is not itself a change: the next bundle does not carry it again.
    syncing.export_bundle(worker, tmp_path / "b2.vdbundle")
    assert syncing.waiting_to_send(worker).get("visits", 0) == 0
    assert kept  # a draft never sent can still be discarded
    with worker.db.transaction() as s:
        s.get(Visit, kept).synced_hash = ""
    records.discard_draft(worker, kept)


def test_a_record_dated_in_the_future_cannot_be_completed(workspace):
    vid = records.start_visit(
        workspace,
        _child(workspace),
        workspace.now() - timedelta(hours=1),
        location="home",
        seen="yes",
        seen_alone="yes",
        bedroom_seen=True,
        purpose="p",
        findings="f",
        analysis="a",
        conclusion="c",
        recommendations="r",
    )
    with workspace.db.transaction() as s:  # as if saved while the laptop clock ran fast
        s.get(Visit, vid).visited_at = workspace.now() + timedelta(days=3)
    with pytest.raises(UserError, match="later than now"):
        records.complete_visit(workspace, vid)


def test_a_time_with_a_zone_is_refused_in_words(workspace):

    with pytest.raises(UserError, match="local time"):
        records.start_visit(workspace, _child(workspace), datetime(2026, 11, 2, 10, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    "change",
    [
        {"severity": "fatal"},
        {"severity": "todo"},
    ],
)
def test_a_stored_check_with_an_unknown_severity_is_not_a_check(change):
    finding = {
        "code": "x",
        "severity": "info",
        "visit": None,
        "field": None,
        "message": "m",
        "source": "s",
        "rule": None,
        **change,
    }
    text = json.dumps(
        {
            "format": 1,
            "completed_at": "2026-11-02T10:00:00",
            "authority": "",
            "standards": [],
            "findings": [finding],
        }
    )
    with pytest.raises(ValueError):
        parse_completion_check(text)


def test_a_check_whose_format_is_true_is_not_a_check():
    text = json.dumps(
        {
            "format": True,
            "completed_at": "2026-11-02T10:00:00",
            "authority": "",
            "standards": [],
            "findings": [],
        }
    )
    with pytest.raises(ValueError):
        parse_completion_check(text)


def test_a_bundle_of_the_previous_schema_is_read_with_the_new_columns_empty():
    from visitdesk.services.syncing import _parse_rows

    rows = [
        {
            "id": "p1",
            "child_id": "c1",
            "plan_type": "CIN",
            "start_date": "2026-10-01",
            "end_date": None,
            "allocated_on": None,
            "visit_every": None,
            "visit_unit": None,
            "visit_rationale": "",
            "electively_home_educated": False,
            "regulation_24": False,
            "placement_start": None,
            "placement_until_18": False,
            "first_review_date": None,
            "dcs_level": None,
            "revision": 1,
            "updated_at": "2026-10-01T09:00:00",
        }
    ]
    parsed = _parse_rows("plans", rows, schema=1)
    assert parsed[0]["meetings"] == "" and parsed[0]["holidays"] == ""
    with pytest.raises(Exception, match="meetings is missing"):
        _parse_rows("plans", rows, schema=2)


def test_unknown_plan_and_child_values_from_a_bundle_are_refused():
    from visitdesk.services.syncing import _ENUMS

    assert ("plans", "visit_unit") in _ENUMS and ("children", "region") in _ENUMS
    assert "fortnights" not in _ENUMS[("plans", "visit_unit")]


def test_one_child_the_engine_cannot_count_does_not_hide_the_others(workspace):
    from visitdesk.services.caseload import work_out
    from visitdesk.storage.models import Plan

    good = _child(workspace)
    bad = records.add_child(
        workspace,
        given_name="Bea",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", workspace.today() - timedelta(days=30)),
    )
    with workspace.db.transaction() as s:  # as an older device might have stored it
        plan = s.scalar(select(Plan).where(Plan.child_id == bad))
        plan.visit_every, plan.visit_unit = 10_000_000, "days"
    rows = {r.child_id: r for r in work_out(workspace, workspace.today(), remember=False)}
    assert rows[good].status_code != "needs_action" or rows[good].next_visit_due is not None
    assert rows[bad].status_code == "needs_action" and "plan.unreadable" in rows[bad].reasons
