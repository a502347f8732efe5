"""Adding a child to the caseload from the app."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from visitdesk.ui.add_child import AddChildDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow


def test_a_child_added_appears_on_the_caseload_and_opens(workspace, qtbot, monkeypatch):
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)

    def fill(cls, ws, parent=None, *, hub=None):
        dialog = cls(ws, parent, hub=hub)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.given, "Peregrine")
        qtbot.keyClicks(dialog.family, "Quill")
        qtbot.keyClicks(dialog.born, "02042018")  # typed, digit by digit
        dialog.plan_type.setCurrentText("CP")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.child_id, dialog.child_id is not None

    monkeypatch.setattr(AddChildDialog, "ask", classmethod(fill))
    qtbot.mouseClick(win.caseload.add_button, Qt.MouseButton.LeftButton)
    assert win.pages.currentWidget() is win.child_page
    assert "Peregrine Quill" in win.child_page.title.text()
    win.show_caseload()
    assert "Peregrine Quill" in win.caseload.visible_names()


def test_a_child_without_a_name_is_refused(workspace, qtbot):
    dialog = AddChildDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.child_id is None
    assert "name" in dialog.error.text()


def test_a_birth_date_in_the_future_is_refused_unless_unborn(workspace, qtbot):
    dialog = AddChildDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.given, "Baby")
    qtbot.keyClicks(dialog.family, "Doe")
    dialog.born.set_date(workspace.today() + timedelta(days=60))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.child_id is None and "future" in dialog.error.text()
    dialog.unborn.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.child_id is not None


def test_the_date_of_birth_starts_empty_and_must_be_given(workspace, qtbot):
    from visitdesk.ui.add_child import AddChildDialog

    dialog = AddChildDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.born.is_empty() and dialog.born.date() is None  # nothing filled in
    qtbot.keyClicks(dialog.given, "Ada")
    qtbot.keyClicks(dialog.family, "Brook")
    dialog.buttons.accepted.emit()
    assert dialog.error.isVisible() and "date of birth" in dialog.error.text()
    assert dialog.child_id is None


def test_the_date_of_birth_can_be_typed_digit_by_digit(workspace, qtbot):
    from visitdesk.ui.add_child import AddChildDialog

    dialog = AddChildDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.born.setFocus()
    qtbot.keyClicks(dialog.born, "04032016")
    assert dialog.born.date().isoformat() == "2016-03-04"
    dialog.born.clear()
    qtbot.keyClicks(dialog.born, "31022016")
    qtbot.keyClicks(dialog.given, "Ada")
    qtbot.keyClicks(dialog.family, "Brook")
    dialog.buttons.accepted.emit()
    assert "not a real date" in dialog.error.text() and dialog.child_id is None


def test_adding_a_child_through_the_hub_is_announced_once(workspace, qtbot):
    hub = Hub()
    announced = []
    hub.changed.connect(announced.append)
    dialog = AddChildDialog(workspace, hub=hub)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.child_id is None and announced == []  # refused: nothing to announce
    qtbot.keyClicks(dialog.given, "Ada")
    qtbot.keyClicks(dialog.family, "Brook")
    qtbot.keyClicks(dialog.born, "04032016")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.child_id is not None
    assert len(announced) == 1 and announced[0].touches_child(dialog.child_id)
