"""Keyboard first: Ctrl+N puts the cursor in the record, Enter presses the focused button,
Escape and Alt+Left go back; each pressed as a person would, on the widget with the focus."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QMessageBox, QPushButton

from visitdesk.services import records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Visit
from visitdesk.ui.hub import Hub
from visitdesk.ui.keys import install_keyboard_helper
from visitdesk.ui.main_window import MainWindow

FULL = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="p",
    findings="f",
    analysis="a",
    conclusion="c",
    recommendations="r",
    childs_voice="v",
)


@pytest.fixture
def window_for(qtbot):
    install_keyboard_helper()  # the hub installs it in the app

    def make(ws):
        win = MainWindow(ws, Hub())
        qtbot.addWidget(win)
        win.show()
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
        return win

    yield make


def _add_child(ws, name="Ada"):
    start = ws.today() - timedelta(days=30)
    return records.add_child(
        ws,
        given_name=name,
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key pressed on whatever has the keyboard focus, as a person presses it."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the focus"
    qtbot.keyClick(target, key, modifier)
    return target


def _open_child_by_keyboard(win, qtbot):
    win.caseload.table.setFocus()
    qtbot.waitUntil(win.caseload.table.hasFocus)
    win.caseload.table.selectRow(0)
    win.caseload.table.setCurrentIndex(win.caseload.proxy.index(0, 1))
    _press(qtbot, Qt.Key.Key_Return)
    assert win.pages.currentWidget() is win.child_page


def _first_field(form):
    return next(iter(form.fields.values())).editor


def test_ctrl_n_on_a_childs_page_puts_the_cursor_in_the_records_first_field(
    workspace, window_for, qtbot
):
    _add_child(workspace)
    win = window_for(workspace)
    _open_child_by_keyboard(win, qtbot)
    _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = win.visit_form
    assert form is not None and win.pages.currentWidget() is form
    first = _first_field(form)
    assert first is form.visited_at  # the first field in the catalogue
    qtbot.waitUntil(first.hasFocus)


def test_opening_a_record_from_the_childs_page_puts_the_cursor_in_it(workspace, window_for, qtbot):
    child = _add_child(workspace)
    at = workspace.now().replace(second=0, microsecond=0) - timedelta(days=1)
    vid = records.start_visit(workspace, child, at, location="home")
    win = window_for(workspace)
    win.open_child(child)
    assert win.child_page.visits.hasFocus()
    win.child_page.visits.setCurrentIndex(win.child_page.visits_model.index(0, 0))
    _press(qtbot, Qt.Key.Key_Return)
    form = win.visit_form
    assert form is not None and form.visit_id == vid
    qtbot.waitUntil(_first_field(form).hasFocus)


def test_enter_presses_the_focused_button_on_a_page(workspace, window_for, qtbot):
    _add_child(workspace)
    win = window_for(workspace)
    _open_child_by_keyboard(win, qtbot)
    win.child_page.new_visit.setFocus()
    qtbot.waitUntil(win.child_page.new_visit.hasFocus)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.visit_form is not None)
    form = win.visit_form
    # Enter on the number pad presses "Back to child" just the same.
    form.close_button.setFocus()
    qtbot.waitUntil(form.close_button.hasFocus)
    _press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: win.pages.currentWidget() is win.child_page)
    assert win.visit_form is None


def test_enter_in_a_text_box_starts_a_new_line_and_presses_nothing(workspace, window_for, qtbot):
    _add_child(workspace)
    win = window_for(workspace)
    _open_child_by_keyboard(win, qtbot)
    _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = win.visit_form
    box = form.narrative["findings"]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "Fridge stocked.")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.keyClicks(box, "Beds made.")
    assert box.toPlainText() == "Fridge stocked.\nBeds made."
    assert win.pages.currentWidget() is form


def test_enter_in_an_open_drop_down_chooses_from_it_and_leaves_the_page_alone(
    workspace, window_for, qtbot
):
    _add_child(workspace)
    win = window_for(workspace)
    _open_child_by_keyboard(win, qtbot)
    _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = win.visit_form
    seen = form.seen
    seen.setFocus()
    qtbot.waitUntil(seen.hasFocus)
    seen.showPopup()
    view = seen.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert seen.currentIndex() >= 0
    assert win.pages.currentWidget() is form
    # Escape closes an open list, not the record.
    seen.showPopup()
    qtbot.waitUntil(view.isVisible)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert win.pages.currentWidget() is form and win.visit_form is form


def test_in_a_dialog_enter_is_left_to_the_dialogs_own_default_button(window_for, workspace, qtbot):
    win = window_for(workspace)
    dialog = QDialog(win)
    ok, other = QPushButton("OK"), QPushButton("Other")
    other.setAutoDefault(False)  # a dialog presses its default button, not this one
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    pressed = []
    other.clicked.connect(lambda: pressed.append("other"))
    row = QHBoxLayout(dialog)
    row.addWidget(ok)
    row.addWidget(other)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert pressed == []


def test_escape_saves_the_record_and_goes_back_to_the_child_then_the_caseload(
    workspace, window_for, qtbot
):
    _add_child(workspace)
    win = window_for(workspace)
    _open_child_by_keyboard(win, qtbot)
    _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = win.visit_form
    vid = form.visit_id
    box = form.narrative["findings"]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "Fridge stocked.")
    _press(qtbot, Qt.Key.Key_Escape)  # straight from typing: saved first
    assert win.pages.currentWidget() is win.child_page and win.visit_form is None
    with workspace.db.sessions() as s:
        assert s.get(Visit, vid).findings == "Fridge stocked."
    _press(qtbot, Qt.Key.Key_Escape)
    assert win.pages.currentWidget() is win.caseload


def test_alt_left_goes_back_as_escape_does(workspace, window_for, qtbot):
    _add_child(workspace)
    win = window_for(workspace)
    _open_child_by_keyboard(win, qtbot)
    _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert win.visit_form is not None
    qtbot.waitUntil(_first_field(win.visit_form).hasFocus)
    _press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert win.pages.currentWidget() is win.child_page
    _press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert win.pages.currentWidget() is win.caseload


def test_escape_goes_back_to_the_authorisations_a_record_was_opened_from(
    make_workspace, window_for, qtbot
):
    ws = make_workspace(role="manager", name="Morgan Manager")
    child = _add_child(ws)
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    vid = records.start_visit(ws, child, at, **FULL)
    records.complete_visit(ws, vid)
    win = window_for(ws)
    assert win.pages.currentWidget() is win.authorisations
    win.open_visit(vid)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    _press(qtbot, Qt.Key.Key_Escape)
    assert win.pages.currentWidget() is win.authorisations


def test_escape_in_a_message_box_closes_only_the_message(workspace, window_for, qtbot):
    _add_child(workspace)
    win = window_for(workspace)
    _open_child_by_keyboard(win, qtbot)
    box = QMessageBox(
        QMessageBox.Icon.Information, "VisitDesk", "Saved.", QMessageBox.StandardButton.Ok, win
    )
    box.open()
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    _press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert win.pages.currentWidget() is win.child_page


def test_escape_on_the_caseload_clears_the_filter(workspace, window_for, qtbot):
    _add_child(workspace, "Ada")
    _add_child(workspace, "Bea")
    win = window_for(workspace)
    win.caseload.filter.setFocus()
    qtbot.waitUntil(win.caseload.filter.hasFocus)
    qtbot.keyClicks(win.caseload.filter, "bea")
    assert win.caseload.visible_names() == ["Bea Brook"]
    _press(qtbot, Qt.Key.Key_Escape)
    assert win.caseload.filter.text() == ""
    assert win.caseload.visible_names() == ["Ada Brook", "Bea Brook"]
