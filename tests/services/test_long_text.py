"""What a worker writes reaches the manager whole, or is held back before completion with a
clear word, never by a bundle the manager's installation refuses (which would hold up every
record after it)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.services.test_sync_flow import FULL
from visitdesk import limits
from visitdesk.errors import UserError
from visitdesk.services import records, syncing
from visitdesk.services.checks import FormChecker
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Visit


@pytest.fixture
def team(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="worker")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.export_card(manager, tmp_path / "morgan.card")
    syncing.import_card(manager, tmp_path / "sam.card")
    syncing.import_card(worker, tmp_path / "morgan.card")
    return worker, manager


def _draft(ws, **fields):
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", ws.today() - timedelta(days=20)),
    )
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    return records.start_visit(ws, child, at, **{**FULL, **fields})


def test_a_long_status_of_the_child_reaches_the_manager(team, tmp_path):
    worker, manager = team
    status = "Child in Need plan, reviewed at the core group on the 3rd; step-down considered"
    assert len(status) > 64  # longer than the column was first declared
    vid = _draft(worker, status_of_child=status)
    records.complete_visit(worker, vid)
    syncing.export_bundle(worker, tmp_path / "w.vdb")
    syncing.import_bundle(manager, tmp_path / "w.vdb")
    with manager.db.sessions() as session:
        assert session.get(Visit, vid).status_of_child == status


def test_a_text_too_long_to_send_is_named_before_completion_and_blocks_it(team):
    worker, _manager = team
    vid = _draft(worker)
    too_long = "x" * (limits.MAX_TEXT_FIELD + 1)
    records.save_draft(worker, vid, {"findings": too_long})  # typing is never refused
    checker = FormChecker.for_visit(worker, vid)
    with worker.db.sessions() as session:
        visit = session.get(Visit, vid)
        typed = {"visited_at": visit.visited_at, **FULL, "findings": too_long}
    found = [f for f in checker.check(typed) if f.code == "record.too_long"]
    assert [(f.field, f.severity) for f in found] == [("findings", "error")]
    assert "shorten it" in found[0].message
    with pytest.raises(UserError, match="shorten it"):
        records.complete_visit(worker, vid)
    records.save_draft(worker, vid, {"findings": "Well and settled"})
    records.complete_visit(worker, vid)
