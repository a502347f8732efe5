"""File > Restore from a backup: the window asks and shows; the restore service does the work."""

from __future__ import annotations

from visitdesk.services import backup
from visitdesk.ui.dialogs import RestoreDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow


def _window(ws, qtbot):
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    return win


def test_a_backup_that_will_not_open_here_leaves_the_window_locked_saying_why(
    make_workspace, qtbot, monkeypatch, passphrase
):
    mine = make_workspace(folder="mine")
    theirs = make_workspace(name="Other Worker", folder="theirs")
    other = backup.startup_backup(theirs)
    win = _window(mine, qtbot)
    warned, told = [], []
    monkeypatch.setattr(win, "warn", warned.append)
    monkeypatch.setattr(win, "tell", lambda title, text: told.append(title))

    answers = [((other, passphrase, False), True), ((other, passphrase, True), True)]
    monkeypatch.setattr(
        RestoreDialog, "ask", classmethod(lambda cls, folder, parent=None: answers.pop(0))
    )
    win.restore_from_backup()
    assert warned == [
        "This backup is from another installation (Other Worker). To replace the records "
        "here even so, tick the box to replace newer records; they are kept in the backups "
        "folder."
    ]
    assert not win.is_locked and not mine.locked  # nothing was replaced

    win.restore_from_backup()  # "replace newer records" ticked: it goes in, but is not ours
    assert told == [] and win.is_locked and mine.locked
    assert "backup is in place. The database in this folder belongs" in warned[-1]
    assert win.lock_screen.error.text().startswith("The database in this folder belongs")
