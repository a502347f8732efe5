"""A child's page and the authorisations list stay current from what the hub announces, and
every write they make goes through the operation runner."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from visitdesk.services import records, syncing
from visitdesk.services.changes import Changes
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Child
from visitdesk.ui.authorisations import AuthorisationsView
from visitdesk.ui.child_page import ChildPage
from visitdesk.ui.hub import Hub

FULL = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="p",
    childs_voice="v",
    findings="f",
    analysis="a",
    conclusion="c",
    recommendations="r",
)


def _child(ws, given="Ada"):
    start = ws.today() - timedelta(days=30)
    return records.add_child(
        ws,
        given_name=given,
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )


def _visit(ws, child, days_ago, complete=True):
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    vid = records.start_visit(ws, child, at, **FULL)
    if complete:
        records.complete_visit(ws, vid)
    return vid


def _states(page):
    model = page.visits_model
    return [model.index(r, 3).data() for r in range(model.rowCount())]


@pytest.fixture
def page_for(qtbot):
    def make(ws, child):
        hub = Hub()
        page = ChildPage(ws, hub)
        qtbot.addWidget(page)
        page.show()
        page.show_child(child)
        announced = []
        hub.changed.connect(announced.append)
        return page, hub, announced

    return make


@pytest.fixture
def team(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="worker")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.export_card(manager, tmp_path / "morgan.card")
    syncing.import_card(manager, tmp_path / "sam.card")
    syncing.import_card(worker, tmp_path / "morgan.card")
    return worker, manager


def test_a_bundle_imported_while_the_childs_page_is_shown_shows_the_new_record(
    team, page_for, tmp_path
):
    worker, manager = team
    child = _child(worker)
    _visit(worker, child, 5)
    syncing.export_bundle(worker, tmp_path / "b1.vdbundle")
    syncing.import_bundle(manager, tmp_path / "b1.vdbundle")
    page, hub, _ = page_for(manager, child)
    assert _states(page) == ["Awaiting authorisation"]

    _visit(worker, child, 2)
    syncing.export_bundle(worker, tmp_path / "b2.vdbundle")
    hub.ops.run(lambda: syncing.import_bundle(manager, tmp_path / "b2.vdbundle"), parent=page)
    assert _states(page) == ["Awaiting authorisation", "Awaiting authorisation"]


def test_a_write_to_the_child_announced_by_the_runner_reloads_the_page(workspace, page_for):
    child = _child(workspace)
    vid = _visit(workspace, child, 3, complete=False)
    page, hub, announced = page_for(workspace, child)
    assert _states(page) == ["Draft"]
    hub.ops.run(lambda: records.complete_visit(workspace, vid), parent=page)
    assert announced and announced[0].touches_child(child)
    assert _states(page) == ["Awaiting authorisation"]


def test_in_the_window_the_page_shown_is_current_after_a_change_and_loads_once(
    workspace, qtbot, monkeypatch
):
    from visitdesk.ui.main_window import MainWindow

    child = _child(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    win.open_child(child)
    page = win.child_page
    assert _states(page) == []
    loads = []
    reload = page.reload
    monkeypatch.setattr(page, "reload", lambda: loads.append(1) or reload())
    vid = _visit(workspace, child, 1, complete=False)
    win.hub.ops.run(lambda: (vid, records.changes_of_new_visit(child, vid)), parent=win)
    assert win.pages.currentWidget() is page
    assert _states(page) == ["Draft"]
    assert loads == [1]


def test_a_write_to_another_child_leaves_the_page_alone(workspace, page_for, monkeypatch):
    child, other = _child(workspace), _child(workspace, "Bea")
    page, hub, _ = page_for(workspace, child)
    reloads = []
    monkeypatch.setattr(page, "reload", lambda: reloads.append(1))
    vid = _visit(workspace, other, 1, complete=False)
    hub.ops.run(lambda: records.complete_visit(workspace, vid), parent=page)
    assert reloads == []
    hub.ops.announce(Changes.everything())
    assert reloads == [1]


def test_a_hidden_page_catches_up_when_it_is_shown_again(workspace, page_for):
    child = _child(workspace)
    page, hub, _ = page_for(workspace, child)
    page.hide()
    vid = _visit(workspace, child, 1, complete=False)
    hub.ops.announce(records.changes_of_new_visit(child, vid))
    assert _states(page) == []
    page.show()
    assert _states(page) == ["Draft"]


def test_reload_keeps_the_chosen_record_chosen(workspace, page_for):
    child = _child(workspace)
    older, newer = _visit(workspace, child, 4), _visit(workspace, child, 2)
    page, *_ = page_for(workspace, child)
    page.visits.setCurrentIndex(page.visits_model.index(1, 0))
    _visit(workspace, child, 1, complete=False)  # a newer record comes in above it
    page.reload()
    row = page.visits.currentIndex().row()
    assert page.visits_model.row_id(row) == older and row == 2
    assert newer in [page.visits_model.row_id(r) for r in range(3)]


def test_enter_on_a_record_opens_it(workspace, page_for, qtbot):
    child = _child(workspace)
    vid = _visit(workspace, child, 2)
    page, *_ = page_for(workspace, child)
    opened = []
    page.visitOpened.connect(opened.append)
    page.visits.setFocus()
    page.visits.setCurrentIndex(page.visits_model.index(0, 0))
    qtbot.keyClick(page.visits, Qt.Key.Key_Return)
    assert opened == [vid]


def test_a_new_visit_is_started_through_the_runner_and_announced_once(workspace, page_for, qtbot):
    child = _child(workspace)
    page, _hub, announced = page_for(workspace, child)
    opened = []
    page.visitOpened.connect(opened.append)
    qtbot.mouseClick(page.new_visit, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and records.draft_for(workspace, child) == opened[0]
    assert announced == [Changes.of(children=[child], visits=opened)]
    assert _states(page) == ["Draft"]


def test_saving_the_plan_announces_it_and_a_refusal_is_said_under_the_plan(
    workspace, page_for, qtbot, monkeypatch
):
    child = _child(workspace)
    page, _hub, announced = page_for(workspace, child)
    editor = page.plan_editor
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.message.text() == "Plan saved."
    assert [c.touches_child(child) for c in announced] == [True]

    with workspace.db.transaction() as s:  # as a worker's child is held on a manager's laptop
        s.get(Child, child).origin_device = "another-device"
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.message.text().startswith("Not saved: this child is on another worker's")
    assert warned == [] and len(announced) == 1


def test_locking_forgets_the_visits_shown(workspace, page_for):
    child = _child(workspace)
    _visit(workspace, child, 2)
    page, hub, _ = page_for(workspace, child)
    page.clear()
    assert page.visits_model.rowCount() == 0 and page.child is None
    hub.ops.announce(Changes.everything())  # nothing shown, nothing read
    assert page.visits_model.rowCount() == 0


def test_the_authorisations_list_refreshes_on_decisions_and_on_the_caseload(make_workspace, qtbot):
    ws = make_workspace(role="manager", name="Morgan Manager")
    hub = Hub()
    view = AuthorisationsView(ws, hub)
    qtbot.addWidget(view)
    view.show()
    assert view.model.rowCount() == 0
    assert "Nothing is waiting" in view.heading.text()
    child = _child(ws)
    vid = _visit(ws, child, 2)
    hub.ops.announce(records.changes_of_new_visit(child, vid))  # no decision, no caseload
    assert view.model.rowCount() == 0
    hub.ops.announce(Changes.of(caseload=True))
    assert view.model.rowCount() == 1 and "1 record waiting" in view.heading.text()
    task = view.model.row_at(0)
    hub.ops.run(lambda: records.authorise(ws, task.id), parent=view)
    assert view.model.rowCount() == 0 and not view.authorise_button.isEnabled()


def test_an_announcement_while_locked_reads_nothing(make_workspace, qtbot, passphrase):
    ws = make_workspace(role="manager", name="Morgan Manager")
    hub = Hub()
    view = AuthorisationsView(ws, hub)
    qtbot.addWidget(view)
    ws.lock()
    hub.ops.announce(Changes.everything())  # a restore announces before the window unlocks
    ws.unlock(passphrase)
    view.refresh()
    assert view.model.rowCount() == 0


def test_an_open_record_shows_the_managers_return_once_the_decisions_are_imported(
    team, qtbot, tmp_path
):
    # The worker has the completed record open when the manager's decision arrives: the
    # form shows it returned, with the comment, without being closed and opened by hand.
    from visitdesk.ui.main_window import MainWindow

    worker, manager = team
    child = _child(worker)
    vid = _visit(worker, child, 3)
    syncing.export_bundle(worker, tmp_path / "w1.vdbundle")
    syncing.import_bundle(manager, tmp_path / "w1.vdbundle")
    with manager.db.sessions() as session:
        task = records.latest_decision(session, vid)
    records.return_for_correction(manager, task.id, "Please add what Ada said")
    syncing.export_bundle(manager, tmp_path / "m1.vdbundle")

    hub = Hub()
    window = MainWindow(worker, hub)
    qtbot.addWidget(window)
    window.show()
    window.open_visit(vid)
    first = window.visit_form
    assert first.state == "completed" and first.read_only

    announced = []
    hub.changed.connect(announced.append)
    hub.ops.run(lambda: syncing.import_bundle(worker, tmp_path / "m1.vdbundle"), parent=window)
    qtbot.waitUntil(lambda: window.visit_form is not first, timeout=3000)
    shown = window.visit_form
    assert shown.visit_id == vid and shown.state == "returned" and not shown.read_only
    assert shown.return_comment == "Please add what Ada said"
    assert len(announced) == 1  # one import, announced once; the reopen announces nothing

    # Saving a draft of its own never reopens the form under the worker's hands.
    hub.ops.announce(Changes.of(children=[child], visits=[vid]))
    assert window.visit_form is shown


def test_a_name_from_elsewhere_is_shown_as_text_never_read_as_markup(make_workspace, page_for):
    # A child's name can arrive in a bundle: a "<" in it is shown, not taken as markup.
    worker = make_workspace()
    child = records.add_child(
        worker,
        given_name="<img src='x'>Ada",
        family_name="O'Brien & <b>Co</b>",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", worker.today() - timedelta(days=3)),
    )
    page, _hub, _ = page_for(worker, child)
    assert "&lt;img" in page.title.text() and "<img" not in page.title.text()
    assert "&lt;b&gt;Co" in page.title.text()
