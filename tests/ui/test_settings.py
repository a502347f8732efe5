"""The settings screen and Help > About, used as a worker would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from visitdesk.ui.settings import AboutDialog, SettingsDialog, ShortcutsDialog


def test_changing_the_idle_lock_and_region_is_saved(workspace, qtbot):
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.idle.selectAll()
    qtbot.keyClicks(dialog.idle.lineEdit(), "30")
    dialog.region.setCurrentIndex(dialog.region.findData("scotland"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert workspace.idle_lock_minutes() == 30
    assert workspace.identity.region == "scotland"
    assert not dialog.renamed


def test_an_empty_name_keeps_the_dialog_open_with_the_reason(workspace, qtbot):
    dialog = SettingsDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert "name" in dialog.problem.text().lower()
    assert workspace.identity.worker_name  # unchanged


def test_about_names_the_version_the_standards_and_the_data_folder(workspace, qtbot):
    from visitdesk import __version__

    dialog = AboutDialog(workspace)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert __version__ in text and str(workspace.data_dir) in text
    assert "Looked after" in text and "Child Protection" in text


def test_the_shortcuts_list_reads_the_actions_themselves(qtbot):
    new = QAction("&New visit…")
    new.setShortcut(QKeySequence("Ctrl+N"))
    plain = QAction("No keys")
    dialog = ShortcutsDialog([new, plain])
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "New visit"
    assert "N" in dialog.table.item(0, 1).text()
