"""The household visit in the main window: started from the caseload or a child's page, opened
from any of its children's records, and treated as the visit form is when the window locks,
goes back or closes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.ui.test_household_form import forget, part, start_visit, stored, three_siblings
from tests.ui.test_lock import _stored, _unlock_by_typing
from visitdesk.services import household_visits
from visitdesk.ui.household_form import HouseholdVisitForm
from visitdesk.ui.household_picker import HouseholdVisitDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.settings import ShortcutsDialog
from visitdesk.ui.visit_form import VisitForm


@pytest.fixture
def siblings(workspace):
    return three_siblings(workspace)


@pytest.fixture
def hv(workspace, siblings):
    return start_visit(workspace, siblings.values())


@pytest.fixture
def win(workspace, qtbot):
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    yield win
    win.wait_for_background_work()
    forget([win])


def _ids(ws, household_visit):
    return {r.given_name: r.visit_id for r in household_visits.records_of(ws, household_visit)}


def _tick_everyone(monkeypatch, asked):
    def ask(cls, household, today, parent=None):
        asked.append([m.name for m in household.members])
        return [m.child_id for m in household.members], True

    monkeypatch.setattr(HouseholdVisitDialog, "ask", classmethod(ask))


def test_any_childs_draft_opens_the_whole_household_visit_at_that_child(
    workspace, siblings, hv, win, qtbot
):
    ids = _ids(workspace, hv)
    win.open_child(siblings["Lily"])
    win.open_visit(ids["Lily"])
    form = win.visit_form
    assert isinstance(form, HouseholdVisitForm) and win.pages.currentWidget() is form
    assert form.current is part(form, "Lily")
    assert form.visit_id == ids["Lily"]
    assert part(form, "Lily").first_field().hasFocus()  # ready to type Lily's answers
    qtbot.keyClick(win, Qt.Key.Key_Escape)  # back where it was opened, saved first
    assert win.visit_form is None and win.pages.currentWidget() is win.child_page


def test_the_childs_own_page_starts_a_household_visit_and_opens_it(
    workspace, siblings, win, qtbot, monkeypatch
):
    asked = []
    _tick_everyone(monkeypatch, asked)
    win.open_child(siblings["Sam"])
    qtbot.waitUntil(win.child_page.new_household_visit.isVisible)
    qtbot.mouseClick(win.child_page.new_household_visit, Qt.MouseButton.LeftButton)
    assert asked == [["Jack Ashworth", "Lily Ashworth", "Sam Ashworth"]]
    form = win.visit_form
    assert isinstance(form, HouseholdVisitForm)
    assert [p.name for p in form.parts] == ["Jack", "Lily", "Sam"]


def test_new_household_visit_on_the_caseload_is_for_the_child_chosen(
    workspace, siblings, win, qtbot, monkeypatch
):
    asked = []
    _tick_everyone(monkeypatch, asked)
    button = win.caseload.household_button
    assert not button.isEnabled() and "Choose a child" in button.toolTip()
    table = win.caseload.table
    table.setFocus()
    row = next(
        r
        for r in range(win.caseload.proxy.rowCount())
        if win.caseload.proxy.index(r, 1).data() == "Lily Ashworth"
    )
    table.setCurrentIndex(win.caseload.proxy.index(row, 1))
    assert button.isEnabled()
    qtbot.keyClick(
        table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert asked == [["Jack Ashworth", "Lily Ashworth", "Sam Ashworth"]]
    form = win.visit_form
    assert isinstance(form, HouseholdVisitForm) and win.pages.currentWidget() is form
    started = form.household_visit
    assert {r.child_id for r in household_visits.records_of(workspace, started)} == set(
        siblings.values()
    )
    assert form.shared.fields["visited_at"].editor.hasFocus()
    # Back to the caseload; the same child is still chosen there, and the key opens the
    # visit being written rather than a second one.
    qtbot.mouseClick(form.close_button, Qt.MouseButton.LeftButton)
    assert win.pages.currentWidget() is win.caseload
    assert win.caseload.chosen_child() == siblings["Lily"]
    qtbot.keyClick(
        table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert win.visit_form.household_visit == started and len(asked) == 1


def test_a_completed_household_record_opens_on_its_own(
    workspace, siblings, hv, win, monkeypatch, qtbot
):
    ids = _ids(workspace, hv)
    own = {
        "seen": "yes",
        "seen_alone": "yes",
        "bedroom_seen": True,
        "findings": "f",
        "analysis": "a",
        "conclusion": "c",
        "recommendations": "r",
    }
    household_visits.save(workspace, hv, {"purpose": "p"}, {v: own for v in ids.values()})
    household_visits.complete(workspace, hv)
    win.open_visit(ids["Sam"])
    assert isinstance(win.visit_form, VisitForm)
    assert win.visit_form.visit_id == ids["Sam"] and win.visit_form.read_only


def test_locking_saves_the_household_visit_and_unlocking_comes_back_to_the_child(
    workspace, siblings, hv, win, qtbot, passphrase
):
    ids = _ids(workspace, hv)
    win.open_child(siblings["Jack"])
    win.open_visit(ids["Jack"])
    form = win.visit_form
    form.show_child(ids["Sam"])
    purpose = form.shared.fields["purpose"].editor
    purpose.setFocus()
    qtbot.keyClicks(purpose, "Checking the new bunk beds")

    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # no time to autosave

    assert win.is_locked and workspace.locked and win.visit_form is None
    for visit_id in ids.values():
        assert _stored(workspace, visit_id, passphrase) == "Checking the new bunk beds"
    _unlock_by_typing(win, qtbot, passphrase)
    form = win.visit_form
    assert isinstance(form, HouseholdVisitForm) and form.visit_id == ids["Sam"]
    assert form.shared.fields["purpose"].editor.toPlainText() == "Checking the new bunk beds"


def test_closing_the_window_saves_the_household_visit(workspace, siblings, hv, win, qtbot):
    ids = _ids(workspace, hv)
    win.open_visit(ids["Lily"])
    box = part(win.visit_form, "Lily").fields["childs_voice"].editor
    box.setFocus()
    qtbot.keyClicks(box, "Lily said goodbye.")
    win.close()
    assert stored(workspace, ids["Lily"])[2]["childs_voice"] == "Lily said goodbye."


def test_help_lists_the_household_visit_keys(win, monkeypatch):
    shown = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: shown.append(self) or 0)
    win.show_shortcuts()
    (dialog,) = shown
    rows = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
        for r in range(dialog.table.rowCount())
    }
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["New household visit, on the caseload or a child's page"] == QKeySequence(
        "Ctrl+Shift+N"
    ).toString(native)
    assert rows["Next or previous child, in a household visit"] == "Ctrl+PgDown, Ctrl+PgUp"


def test_leaving_out_all_but_one_child_opens_theirs_in_the_visit_form(
    workspace, siblings, hv, win, qtbot, monkeypatch
):
    ids = _ids(workspace, hv)
    win.open_child(siblings["Jack"])
    win.open_visit(ids["Jack"])
    form = win.visit_form
    present = form.shared.fields["present"].editor
    present.setFocus()
    qtbot.keyClicks(present, "Mum and Jack")
    monkeypatch.setattr(HouseholdVisitForm, "confirm_leave_out", lambda self, p: True)
    for name in ("Sam", "Lily"):
        form.show_child(ids[name])
        qtbot.mouseClick(part(form, name).leave_out_button, Qt.MouseButton.LeftButton)
    assert win.visit_form is not form
    single = win.visit_form
    assert isinstance(single, VisitForm) and win.pages.currentWidget() is single
    assert single.visit_id == ids["Jack"] and not single.read_only
    assert single.fields["present"].editor.text() == "Mum and Jack"
    assert not single.household_note.isVisibleTo(single)
    assert household_visits.household_visit_of(workspace, ids["Jack"]) is None
    # Jack's record is his own now: the visit form saves every answer, the shared ones too.
    box = single.fields["present"].editor
    box.setFocus()
    qtbot.keyClicks(box, " only")
    qtbot.mouseClick(single.close_button, Qt.MouseButton.LeftButton)
    assert stored(workspace, ids["Jack"])[2]["present"] == "Mum and Jack only"
    assert win.pages.currentWidget() is win.child_page
