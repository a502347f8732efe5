"""The manager sees a worker's record but cannot type into it, even once returned."""

from __future__ import annotations

from sqlalchemy import select

from tests.services.test_sync_flow import _visits, team  # noqa: F401 - the fixture
from visitdesk.services import records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuthorisationTask


def test_a_returned_record_is_read_only_on_the_managers_installation(
    team,  # noqa: F811 - the imported fixture
    tmp_path,
    qtbot,
):
    from datetime import date, timedelta

    from visitdesk.ui.hub import Hub
    from visitdesk.ui.main_window import MainWindow

    worker, manager = team
    child = records.add_child(
        worker,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", worker.today() - timedelta(days=40)),
    )
    (vid,) = _visits(worker, child, 1)
    syncing.export_bundle(worker, tmp_path / "w1.vdb")
    syncing.import_bundle(manager, tmp_path / "w1.vdb")
    with manager.db.sessions() as s:
        task = s.scalar(select(AuthorisationTask.id).where(AuthorisationTask.visit_id == vid))
    records.return_for_correction(manager, task, "Add her own words.")

    win = MainWindow(manager, Hub())
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    win.open_visit(vid)
    form = win.visit_form
    findings = form.narrative["findings"]
    assert form.read_only and findings.isReadOnly()
    assert not form.addendum_button.isVisibleTo(form)
    findings.setFocus()
    qtbot.keyClicks(findings, "The manager's words.")
    assert findings.toPlainText() == "f"
