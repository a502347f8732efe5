"""Locking the app: the draft is saved, the key is dropped, records are hidden, and the
passphrase brings the person back to where they were. Also changing the passphrase, restoring
a backup from the File menu, and the warning about work not yet sent."""

from __future__ import annotations

import gc
import weakref
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from sqlalchemy import select
from sqlalchemy.engine import URL

from visitdesk import paths
from visitdesk.services import backup, records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import open_workspace
from visitdesk.storage.database import open_database
from visitdesk.storage.models import AuditEvent, Visit
from visitdesk.ui.dialogs import ChangePassphraseDialog, RestoreDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.visit_form import VisitForm

NEW = "a brand new passphrase"


@pytest.fixture
def window_for(qtbot, monkeypatch):
    monkeypatch.setattr(VisitForm, "confirm_complete", lambda self: True)

    def make(ws):
        win = MainWindow(ws, Hub())
        qtbot.addWidget(win)
        win.show()
        win.activateWindow()
        qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
        return win

    return make


def _child(ws, name="Ada"):
    return records.add_child(
        ws,
        given_name=name,
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", ws.today() - timedelta(days=30)),
    )


def _visit(ws, child, **fields):
    at = ws.now().replace(hour=10, minute=0, second=0) - timedelta(days=1)
    return records.start_visit(ws, child, at, **fields)


def _stored(ws, visit_id, passphrase):
    """Read a record with a separate connection (the window's may be locked)."""
    db = open_database(paths.database_path(ws.data_dir), passphrase, upgrade=False)
    try:
        with db.sessions() as s:
            return s.get(Visit, visit_id).purpose
    finally:
        db.close()


def _unlock_by_typing(win, qtbot, passphrase):
    win.lock_screen.passphrase.setFocus()
    qtbot.keyClicks(win.lock_screen.passphrase, passphrase)
    qtbot.keyClick(win.lock_screen.passphrase, Qt.Key.Key_Return)


def test_ctrl_l_saves_the_draft_drops_the_key_and_unlocking_returns_to_the_form(
    workspace, window_for, qtbot, passphrase
):
    child = _child(workspace)
    visit = _visit(workspace, child)
    win = window_for(workspace)
    win.open_child(child)
    win.open_visit(visit)
    edit = win.visit_form.narrative["purpose"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Checking the new bunk beds")
    engine = weakref.ref(workspace.db.engine)

    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert win.is_locked and workspace.locked
    assert win.shell.currentWidget() is win.lock_screen
    assert win.visit_form is None and win.caseload.model.rowCount() == 0
    assert "locked" in win.windowTitle() and "Sam Worker" not in win.windowTitle()
    gc.collect()
    assert engine() is None  # no engine (and so no URL holding the key) survives
    folder = str(workspace.data_dir)
    assert not [
        o for o in gc.get_objects() if isinstance(o, URL) and folder in unquote(o.database or "")
    ]
    assert _stored(workspace, visit, passphrase) == "Checking the new bunk beds"

    _unlock_by_typing(win, qtbot, "not my passphrase")
    assert win.is_locked and win.lock_screen.error.isVisible()
    assert "try again" in win.lock_screen.error.text()
    assert win.lock_screen.passphrase.text() == ""

    _unlock_by_typing(win, qtbot, passphrase)
    assert not win.is_locked and not workspace.locked
    assert win.visit_form is not None and win.pages.currentWidget() is win.visit_form
    assert win.visit_form.narrative["purpose"].toPlainText() == "Checking the new bunk beds"
    # Back goes where it went before the lock: the child's page.
    qtbot.mouseClick(win.visit_form.close_button, Qt.MouseButton.LeftButton)
    assert win.pages.currentWidget() is win.child_page
    with workspace.db.sessions() as s:
        details = [
            e.detail
            for e in s.scalars(select(AuditEvent).where(AuditEvent.action == "unlock_failures"))
        ]
    assert details == ["1 failed attempt since last unlock"]


def test_locking_from_the_file_menu_keeps_the_child_page(workspace, window_for, qtbot, passphrase):
    child = _child(workspace)
    win = window_for(workspace)
    win.open_child(child)
    assert win.lock_action.text() == "&Lock" and win.lock_action.shortcut().toString() == "Ctrl+L"
    win.lock_action.trigger()
    assert win.is_locked
    assert not win.quit_action.isEnabled()  # menus do nothing while locked
    _unlock_by_typing(win, qtbot, passphrase)
    assert win.pages.currentWidget() is win.child_page and win.child_page.child_id == child
    assert win.quit_action.isEnabled()


def test_the_app_locks_itself_after_the_idle_time(workspace, window_for, qtbot, passphrase):
    child = _child(workspace)
    visit = _visit(workspace, child)
    win = window_for(workspace)
    win.open_visit(visit)
    edit = win.visit_form.narrative["findings"]
    edit.setFocus()
    qtbot.keyClicks(edit, "Fridge stocked")
    win.idle_watcher.set_limit(0.4, tick_ms=50)
    qtbot.waitUntil(lambda: win.is_locked, timeout=3000)
    assert workspace.locked
    assert _stored(workspace, visit, passphrase) == ""  # purpose untouched...
    db = open_database(paths.database_path(workspace.data_dir), passphrase, upgrade=False)
    with db.sessions() as s:
        assert s.get(Visit, visit).findings == "Fridge stocked"  # ...and the typing saved
    db.close()


class _Clock:
    """The idle watcher's clock, moved on by the test instead of waited for."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_using_the_window_keeps_it_unlocked(workspace, window_for, qtbot):
    win = window_for(workspace)
    clock = _Clock()
    win.idle_watcher.use_clock(clock)
    win.idle_watcher.set_limit(0.6, tick_ms=50)
    window = win.windowHandle()
    for n in range(8):  # 1.2 s of someone moving the mouse and typing
        QTest.mouseMove(window, QPoint(50 + n, 60))
        QTest.keyClick(window, Qt.Key.Key_Shift)
        clock.now += 0.15
        win.idle_watcher.check_now()
    assert not win.is_locked
    clock.now += 0.6
    win.idle_watcher.check_now()
    qtbot.waitUntil(lambda: win.is_locked, timeout=3000)


def test_typing_in_a_dialog_counts_as_use_and_the_lock_closes_it(workspace, window_for, qtbot):
    from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

    win = window_for(workspace)
    dialog = QDialog(win)
    edit = QLineEdit()
    QVBoxLayout(dialog).addWidget(edit)
    dialog.setModal(True)
    dialog.show()
    dialog.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(dialog.isActiveWindow)
    clock = _Clock()
    win.idle_watcher.use_clock(clock)
    win.idle_watcher.set_limit(0.6, tick_ms=50)
    for _ in range(8):  # 1.2 s of typing in the dialog
        QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_A)
        clock.now += 0.15
        win.idle_watcher.check_now()
    assert not win.is_locked and edit.text() == "a" * 8
    clock.now += 0.6
    win.idle_watcher.check_now()
    qtbot.waitUntil(lambda: win.is_locked, timeout=3000)
    assert not dialog.isVisible()  # nothing stays on screen over the lock


def test_a_long_sleep_locks_at_the_first_touch_afterwards(workspace, window_for, qtbot):
    win = window_for(workspace)
    now = [1000.0]
    win.idle_watcher._clock = lambda: now[0]
    win.idle_watcher.set_limit(15 * 60)
    now[0] += 16 * 60  # the laptop slept; timers did not run, the wall clock did
    QTest.mouseMove(win.windowHandle(), QPoint(20, 20))
    assert win.is_locked


def test_the_system_suspending_the_app_locks_it(workspace, window_for, qtbot):
    win = window_for(workspace)
    QGuiApplication.instance().applicationStateChanged.emit(
        Qt.ApplicationState.ApplicationSuspended
    )
    assert win.is_locked


def test_the_idle_time_comes_from_the_settings(workspace):
    assert workspace.idle_lock_minutes() == 15
    workspace.set_setting("idle_lock_minutes", "5")
    assert workspace.idle_lock_minutes() == 5
    for bad in ("five", "0", "-3", "100000"):
        workspace.set_setting("idle_lock_minutes", bad)
        assert workspace.idle_lock_minutes() == 15


def test_change_passphrase_refuses_mistakes_then_rekeys(workspace, qtbot, passphrase):
    visit = _visit(workspace, _child(workspace), purpose="kept through the change")
    dialog = ChangePassphraseDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()

    def attempt(current, new, again):
        for edit, text in ((dialog.current, current), (dialog.new, new), (dialog.again, again)):
            edit.clear()
            qtbot.keyClicks(edit, text)
        dialog.buttons.accepted.emit()

    for current, new, again, message in (
        ("wrong one!", NEW, NEW, "current passphrase is not right"),
        (passphrase, NEW, NEW + "x", "different"),
        (passphrase, "short", "short", "at least 8"),
        (passphrase, passphrase, passphrase, "same as the old"),
    ):
        attempt(current, new, again)
        assert message in dialog.error.text(), dialog.error.text()
        assert not dialog.changed
        with workspace.db.sessions() as s:  # still open, under the old passphrase
            assert s.get(Visit, visit).purpose == "kept through the change"
    attempt(passphrase, NEW, NEW)
    assert dialog.changed and dialog.current.text() == ""
    workspace.lock()
    with pytest.raises(Exception, match="try again"):
        workspace.unlock(passphrase)
    workspace.unlock(NEW)
    with workspace.db.sessions() as s:
        assert s.get(Visit, visit).purpose == "kept through the change"
        actions = [e.action for e in s.scalars(select(AuditEvent))]
    assert "change_passphrase" in actions


def test_change_passphrase_from_the_file_menu(workspace, window_for, monkeypatch):
    win = window_for(workspace)
    told = []
    monkeypatch.setattr(
        ChangePassphraseDialog,
        "ask",
        classmethod(lambda cls, ws, parent=None, *, hub=None: (True, True)),
    )
    monkeypatch.setattr(win, "tell", lambda title, text: told.append(title))
    action = next(
        a
        for m in win.menuBar().actions()
        if m.menu()
        for a in m.menu().actions()
        if a.text() == "Change &passphrase…"
    )
    action.trigger()
    assert told == ["Passphrase changed"]


def test_restore_from_the_file_menu_refuses_newer_records_unless_asked(
    workspace, window_for, qtbot, monkeypatch, passphrase
):
    child = _child(workspace)
    old = backup.startup_backup(workspace)
    later = _visit(workspace, child, purpose="written after the backup")
    win = window_for(workspace)
    warned, told = [], []
    monkeypatch.setattr(win, "warn", warned.append)
    monkeypatch.setattr(win, "tell", lambda title, text: told.append(title))
    answers = [((old, passphrase, False), True), ((old, passphrase, True), True)]
    monkeypatch.setattr(
        RestoreDialog, "ask", classmethod(lambda cls, folder, parent=None: answers.pop(0))
    )
    win.restore_from_backup()
    assert warned and "newer than this backup" in warned[0] and "tick the box" in warned[0]
    with workspace.db.sessions() as s:
        assert s.get(Visit, later) is not None  # nothing changed

    win.restore_from_backup()
    assert told == ["Backup restored"] and not win.is_locked
    with workspace.db.sessions() as s:
        assert s.get(Visit, later) is None
        assert (
            s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq.desc())).first()
            == "restore"
        )
    kept = list((backup.backups_dir(workspace.data_dir)).glob("replaced-*/visitdesk.db"))
    assert len(kept) == 1
    kept_ws = open_database(kept[0], passphrase, upgrade=False)
    with kept_ws.sessions() as s:
        assert s.get(Visit, later) is not None  # the replaced records are kept
    kept_ws.close()


def test_the_restore_dialog_checks_its_answers(qtbot, workspace):
    dialog = RestoreDialog(workspace.data_dir)
    qtbot.addWidget(dialog)
    dialog.file.clear()
    dialog.buttons.accepted.emit()
    assert "choose the backup file" in dialog.error.text().lower()
    qtbot.keyClicks(dialog.file, "/nowhere/backup.vdbackup")
    dialog.buttons.accepted.emit()
    assert "there is no backup file" in dialog.error.text().lower()
    assert dialog.choice is None


def _joined_team(make_workspace, tmp_path):
    worker = make_workspace(role="worker", name="Sam Worker", folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    syncing.export_card(manager, tmp_path / "m.vdcard")
    syncing.import_card(worker, tmp_path / "m.vdcard")
    return worker


def test_quitting_with_unsent_records_warns_once_with_how_many(
    make_workspace, window_for, tmp_path, monkeypatch
):
    worker = _joined_team(make_workspace, tmp_path)
    child = _child(worker)
    for _ in range(2):
        vid = _visit(
            worker,
            child,
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
        records.complete_visit(worker, vid)
    win = window_for(worker)
    asked = []
    monkeypatch.setattr(
        win, "confirm_quit_with_unsent", lambda message: asked.append(message) or False
    )
    win.quit_action.trigger()
    assert win.isVisible()  # the person chose to stay
    assert len(asked) == 1 and asked[0].startswith("2 visit records and 1 child have not been")
    win.quit_action.trigger()
    assert len(asked) == 1 and not win.isVisible()  # warned once only


def test_no_warning_when_everything_is_sent_or_there_is_no_team(workspace, window_for, monkeypatch):
    child = _child(workspace)
    vid = _visit(
        workspace,
        child,
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
    records.complete_visit(workspace, vid)
    win = window_for(workspace)
    monkeypatch.setattr(
        win,
        "confirm_quit_with_unsent",
        lambda message: pytest.fail("no team: nothing to warn about"),
    )
    win.quit_action.trigger()
    assert not win.isVisible()


def test_the_start_up_backup_runs_in_the_background_and_keeps_the_newest(
    workspace, window_for, qtbot, passphrase
):
    workspace.set_setting("backups_kept", "2")
    for n in range(3):
        folder = backup.backups_dir(workspace.data_dir)
        folder.mkdir(exist_ok=True)
        (folder / f"visitdesk-2020010{n + 1}-090000.vdbackup").write_bytes(b"old")
    win = window_for(workspace)
    win.start_backup()
    qtbot.waitUntil(lambda: win.backup_result is not None, timeout=10000)
    made = win.backup_result
    assert made.exists()
    names = [p.name for p in backup.list_backups(workspace.data_dir)]
    assert names == ["visitdesk-20200103-090000.vdbackup", made.name]
    copy = open_database(made, passphrase, upgrade=False)
    assert copy.integrity() == "ok"
    copy.close()


def test_the_app_holds_the_folder_and_backs_up_when_it_starts(
    workspace, qapp, monkeypatch, passphrase
):
    import argparse

    from visitdesk.logsetup import stop_logging
    from visitdesk.storage.instance import AlreadyOpen, InstanceLock
    from visitdesk.ui import app as app_module
    from visitdesk.ui.dialogs import UnlockDialog

    folder = workspace.data_dir
    workspace.close()
    seen = {}

    def unlock(cls, data_dir, parent=None):
        with pytest.raises(AlreadyOpen):  # while the app runs, the folder is its own
            InstanceLock(data_dir).acquire()
        seen["ws"] = ws = open_workspace(data_dir, passphrase)
        return ws, True

    monkeypatch.setattr(UnlockDialog, "ask", classmethod(unlock))
    monkeypatch.setattr(qapp, "exec", lambda: 0)  # the person quits at once
    try:
        assert app_module.run_app(argparse.Namespace(data_dir=str(folder), command=None)) == 0
    finally:
        stop_logging()
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()
                widget.deleteLater()
    assert seen["ws"].locked  # closed on the way out
    assert len(backup.list_backups(folder)) == 1
    with InstanceLock(folder) as lock:  # and the folder is free again
        assert lock.held
