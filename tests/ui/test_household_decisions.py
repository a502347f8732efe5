"""The manager's decisions on a household visit, as the manager makes them: the three
siblings' records arrive in a bundle, the list shows they belong together, and one
confirmation naming each child authorises all three; Authorise and Return stay per record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import event, select

from tests.services import test_sync_roles as roles
from tests.services.test_sync_roles import _child, _completed, _send
from tests.sync.test_household_sync import _household_visit, _siblings
from tests.ui.test_decisions import _when_dialog_opens
from visitdesk.services import syncing
from visitdesk.storage.models import AuthorisationTask, Visit
from visitdesk.ui.authorisations import AuthorisationsView
from visitdesk.ui.hub import Hub
from visitdesk.ui.visit_form import VisitForm

# The enrolled team: a worker, their manager, another worker.
team = roles.team
forge = roles.forge

NAMES = ["Jack Ashworth", "Lily Ashworth", "Sam Ashworth"]


@pytest.fixture
def arrived(team, tmp_path):
    """The worker's household visit to Jack, Lily and Sam, and a later visit to Ada on her
    own, imported by the manager. Returns (worker, manager, {name: record}, Ada's record)."""
    worker, manager, _ = team
    jack, lily, sam = _siblings(worker)
    _hv, ids = _household_visit(worker, (jack, lily, sam), days_ago=3)
    ada = _completed(worker, _child(worker, "Ada"), days_ago=6)
    _send(worker, manager, tmp_path / "w1.vdb")
    by_name = dict(zip(NAMES, (ids[jack], ids[lily], ids[sam]), strict=True))
    return worker, manager, by_name, ada


def _states(ws, ids):
    with ws.db.sessions() as s:
        return [s.get(Visit, vid).state for vid in ids]


def _form(qtbot, ws, vid, hub=None):
    form = VisitForm(ws, hub or Hub(), vid)
    qtbot.addWidget(form)
    form.show()
    return form


def _list(qtbot, ws):
    view = AuthorisationsView(ws, Hub())
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    return view


def _shown_words(widget) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def _button_text(button) -> str:
    return button.text().replace("&", "")


def _select(view, name):
    for row in range(view.model.rowCount()):
        if view.model.index(row, 0).data() == name:
            view.table.selectRow(row)
            return
    raise AssertionError(f"{name} is not listed")


def test_authorise_all_from_one_record_names_each_child_and_authorises_all_three(
    arrived, qtbot, tmp_path
):
    worker, manager, ids, ada = arrived
    form = _form(qtbot, manager, ids["Lily Ashworth"])
    assert form.read_only and form.decision_bar.isVisibleTo(form)
    assert form.authorise_all_button.isVisibleTo(form)
    assert _button_text(form.authorise_all_button) == "Authorise all 3…"
    assert _button_text(form.authorise_button) == "Authorise"
    seen = {}

    def confirm(dialog):
        seen["title"] = dialog.windowTitle()
        seen["words"] = _shown_words(dialog)
        seen["ok"] = _button_text(dialog.ok_button)
        qtbot.keyClicks(dialog.text, "A thorough visit to all three.")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _when_dialog_opens(confirm)
    with qtbot.waitSignal(form.closed, timeout=5000):
        qtbot.mouseClick(form.authorise_all_button, Qt.MouseButton.LeftButton)

    assert seen["title"] == "Authorise all 3 records?"
    assert "all 3 records of the household visit on" in seen["words"]
    assert "written by Sam Worker" in seen["words"]
    assert all(name in seen["words"] for name in NAMES)
    assert seen["ok"] == "Authorise all 3"
    assert _states(manager, ids.values()) == ["authorised"] * 3
    assert _states(manager, [ada]) == ["completed"]
    with manager.db.sessions() as s:
        comments = s.scalars(
            select(AuthorisationTask.comment).where(AuthorisationTask.state == "authorised")
        ).all()
    assert comments == ["A thorough visit to all three."] * 3

    back = syncing.export_bundle(manager, tmp_path / "m1.vdb", to="Sam Worker")
    assert back.counts["decisions"] == 3
    syncing.import_bundle(worker, tmp_path / "m1.vdb")
    assert _states(worker, ids.values()) == ["authorised"] * 3
    assert _states(worker, [ada]) == ["completed"]


def test_authorise_all_says_its_comment_goes_on_every_childs_record(arrived, qtbot):
    _worker, manager, ids, _ada = arrived
    form = _form(qtbot, manager, ids["Sam Ashworth"])
    seen = {}

    def read(dialog):
        seen["words"] = _shown_words(dialog)
        seen["comment"] = dialog.text.accessibleName()
        dialog.reject()

    _when_dialog_opens(read)
    qtbot.mouseClick(form.authorise_all_button, Qt.MouseButton.LeftButton)
    for said in (seen["words"], seen["comment"]):
        assert "Oversight comment (optional; the worker will see it)" in said
        assert "It is added to each child's record" in said
        assert "keep it to what is true for all of them" in said
    assert _states(manager, ids.values()) == ["completed"] * 3


def test_cancelling_authorise_all_changes_nothing(arrived, qtbot):
    _worker, manager, ids, _ada = arrived
    form = _form(qtbot, manager, ids["Jack Ashworth"])
    _when_dialog_opens(lambda dialog: dialog.reject())
    qtbot.mouseClick(form.authorise_all_button, Qt.MouseButton.LeftButton)
    assert _states(manager, ids.values()) == ["completed"] * 3


def test_the_single_authorise_authorises_only_that_childs_record(arrived, qtbot, monkeypatch):
    _worker, manager, ids, _ada = arrived
    form = _form(qtbot, manager, ids["Sam Ashworth"])
    asked = {}

    def single(dialog):
        asked["words"] = _shown_words(dialog)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _when_dialog_opens(single)
    with qtbot.waitSignal(form.closed, timeout=5000):
        qtbot.mouseClick(form.authorise_button, Qt.MouseButton.LeftButton)
    assert "the visit to Sam Ashworth on" in asked["words"]
    assert "Jack Ashworth" not in asked["words"] and "Lily Ashworth" not in asked["words"]
    assert _states(manager, ids.values()) == ["completed", "completed", "authorised"]

    # Jack's record now offers to authorise the two still waiting, not three.
    form = _form(qtbot, manager, ids["Jack Ashworth"])
    assert _button_text(form.authorise_all_button) == "Authorise all 2…"
    monkeypatch.setattr(form, "confirm_authorise_all", lambda names: ("", names == NAMES[:2]))
    qtbot.mouseClick(form.authorise_all_button, Qt.MouseButton.LeftButton)
    assert _states(manager, ids.values()) == ["authorised"] * 3


def test_returning_stays_one_record_with_its_own_comment(arrived, qtbot, monkeypatch):
    _worker, manager, ids, _ada = arrived
    form = _form(qtbot, manager, ids["Lily Ashworth"])
    monkeypatch.setattr(form, "ask_return_comment", lambda: ("Add Lily's own words.", True))
    qtbot.mouseClick(form.return_button, Qt.MouseButton.LeftButton)
    assert _states(manager, ids.values()) == ["completed", "returned", "completed"]
    with manager.db.sessions() as s:
        returned = s.scalars(
            select(AuthorisationTask).where(AuthorisationTask.state == "returned")
        ).all()
    assert [t.visit_id for t in returned] == [ids["Lily Ashworth"]]
    form = _form(qtbot, manager, ids["Jack Ashworth"])
    assert _button_text(form.authorise_all_button) == "Authorise all 2…"


def test_a_record_of_one_child_offers_no_authorise_all(arrived, qtbot):
    _worker, manager, _ids, ada = arrived
    form = _form(qtbot, manager, ada)
    assert form.authorise_button.isVisibleTo(form)
    assert not form.authorise_all_button.isVisibleTo(form)
    assert not form.household_note.isVisibleTo(form)


def test_the_list_shows_which_records_belong_together(arrived, qtbot):
    _worker, manager, ids, _ada = arrived
    view = _list(qtbot, manager)
    assert view.model.rowCount() == 4
    header = view.model.headerData(1, Qt.Orientation.Horizontal)
    assert header == "Household visit"
    listed = [
        (view.model.index(r, 0).data(), view.model.index(r, 1).data())
        for r in range(view.model.rowCount())
    ]
    # The household visit's three waited longest, listed together, the eldest first.
    assert listed == [
        ("Jack Ashworth", "With Lily Ashworth and Sam Ashworth"),
        ("Lily Ashworth", "With Jack Ashworth and Sam Ashworth"),
        ("Sam Ashworth", "With Jack Ashworth and Lily Ashworth"),
        ("Ada Brook", ""),
    ]
    tip = view.model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "One household visit to Jack Ashworth, Lily Ashworth and Sam Ashworth" in tip

    _select(view, "Ada Brook")
    assert not view.authorise_all_button.isVisibleTo(view)
    _select(view, "Lily Ashworth")
    assert view.authorise_all_button.isVisibleTo(view)
    assert _button_text(view.authorise_all_button) == "Authorise all 3…"


def test_the_list_model_behaves_as_qt_expects(arrived, qtbot):
    from PySide6.QtTest import QAbstractItemModelTester

    _worker, manager, _ids, _ada = arrived
    view = _list(qtbot, manager)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view.refresh()
    assert view.model.columnCount() == 6


def test_authorise_all_from_the_list_after_one_confirmation(arrived, qtbot):
    _worker, manager, ids, ada = arrived
    view = _list(qtbot, manager)
    _select(view, "Sam Ashworth")
    seen = {}

    def confirm(dialog):
        seen["names"] = dialog.children_list.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _when_dialog_opens(confirm)
    qtbot.mouseClick(view.authorise_all_button, Qt.MouseButton.LeftButton)
    assert seen["names"].splitlines() == [f"• {name}" for name in NAMES]
    assert _states(manager, ids.values()) == ["authorised"] * 3
    assert view.model.rowCount() == 1 and view.model.index(0, 0).data() == "Ada Brook"
    assert not view.authorise_all_button.isVisibleTo(view)


def test_the_list_never_groups_records_of_two_workers(team, tmp_path, qtbot, forge):
    worker, manager, other = team
    jack, lily, sam = _siblings(worker)
    hv, _ids = _household_visit(worker, (jack, lily, sam))
    _send(worker, manager, tmp_path / "w1.vdb")
    theirs = _completed(other, _child(other, "Ben"))
    # Ben's record, from another worker's device, claims the Ashworths' household visit.
    forge(lambda payload: [row.update(household_visit=hv) for row in payload["visits"]])
    _send(other, manager, tmp_path / "o1.vdb")
    with manager.db.sessions() as s:
        assert s.get(Visit, theirs).household_visit == hv

    view = _list(qtbot, manager)
    assert view.model.rowCount() == 4
    _select(view, "Ben Brook")
    assert view.model.index(view.table.currentIndex().row(), 1).data() == ""
    assert not view.authorise_all_button.isVisibleTo(view)
    _select(view, "Jack Ashworth")
    assert _button_text(view.authorise_all_button) == "Authorise all 3…"
    assert "Ben" not in view.model.index(view.table.currentIndex().row(), 1).data()
    form = _form(qtbot, manager, theirs)
    assert not form.authorise_all_button.isVisibleTo(form)
    assert not form.household_note.isVisibleTo(form)


def test_a_completed_household_record_names_the_others_but_never_shows_their_part(arrived, qtbot):
    worker, manager, ids, _ada = arrived
    for ws in (worker, manager):
        form = _form(qtbot, ws, ids["Jack Ashworth"])
        assert form.household_note.isVisibleTo(form)
        note = form.household_note.text()
        assert "Part of a household visit" in note
        assert "Lily Ashworth and Sam Ashworth were visited too" in note
        assert "Jack Ashworth's own record" in note
        shown = _shown_words(form) + " ".join(
            editor.toPlainText() for editor in form.narrative.values()
        )
        assert "Jack: school is fine." in shown
        assert "Lily: I like my room." not in shown and "Sam was at nursery." not in shown


def test_authorise_all_through_the_window_returns_to_an_empty_list(arrived, qtbot):
    from visitdesk.ui.main_window import MainWindow

    _worker, manager, ids, ada = arrived
    win = MainWindow(manager, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    win.show_authorisations()
    _select(win.authorisations, "Lily Ashworth")
    qtbot.mouseClick(win.authorisations.open_button, Qt.MouseButton.LeftButton)
    form = win.visit_form
    assert isinstance(form, VisitForm) and form.visit_id == ids["Lily Ashworth"]
    _when_dialog_opens(lambda dialog: qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton))
    qtbot.mouseClick(form.authorise_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.authorisations, timeout=5000)
    assert win.authorisations.model.rowCount() == 1
    assert _states(manager, [*ids.values(), ada]) == ["authorised"] * 3 + ["completed"]


def _statements(ws, act) -> int:
    """How many SQL statements ``act()`` runs on ``ws``'s database."""
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(ws.db.engine, "before_cursor_execute", count)
    try:
        act()
    finally:
        event.remove(ws.db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_list_reads_the_household_visits_in_the_same_queries_however_many(
    make_workspace, qtbot
):
    manager = make_workspace(role="manager", name="Morgan Manager", folder="alone")

    def add_household_visits(n):
        for _ in range(n):
            pair = _siblings(manager)[:2]
            _household_visit(manager, pair)

    add_household_visits(1)
    view = _list(qtbot, manager)
    few = _statements(manager, view.refresh)
    add_household_visits(6)
    many = _statements(manager, view.refresh)
    assert view.model.rowCount() == 14
    assert many == few
