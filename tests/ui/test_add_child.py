"""Adding a child to the caseload from the app."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from visitdesk.ui.add_child import AddChildDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow


def test_a_child_added_appears_on_the_caseload_and_opens(workspace, qtbot, monkeypatch):
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)

    def fill(cls, ws, parent=None):
        dialog = cls(ws, parent)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.given, "Peregrine")
        qtbot.keyClicks(dialog.family, "Quill")
        dialog.born.setDate(QDate(2018, 4, 2))
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
    dialog.born.setDate(QDate(workspace.today()).addDays(60))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.child_id is None and "future" in dialog.error.text()
    dialog.unborn.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.child_id is not None
