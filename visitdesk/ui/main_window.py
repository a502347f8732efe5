"""The main window: the caseload, and the pages a worker or manager opens from it.

The window can lock itself (after idle time, on Ctrl+L, when the system suspends the app):
the open draft is saved, the database key and connections are dropped, the records are hidden
behind the lock screen, and the passphrase brings the person back to where they were.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from visitdesk.errors import UserError
from visitdesk.logsetup import describe_failure
from visitdesk.services.caseload import CaseloadRow, recall, refresh_child, work_out
from visitdesk.services.workspace import Workspace
from visitdesk.storage.database import DatabaseDamaged
from visitdesk.ui.authorisations import AuthorisationsView
from visitdesk.ui.caseload import CaseloadView
from visitdesk.ui.child_page import ChildPage
from visitdesk.ui.hub import Hub
from visitdesk.ui.lock import IdleWatcher, LockScreen
from visitdesk.ui.visit_form import VisitForm

log = logging.getLogger(__name__)

_WAITING_LABELS = {
    "visits": ("visit record", "visit records"),
    "children": ("child", "children"),
    "addenda": ("addendum", "addenda"),
    "tasks": ("decision", "decisions"),
    "plans": ("plan", "plans"),
}


def waiting_text(waiting: dict[str, int]) -> str:
    """ "2 visit records and 1 child" from what syncing says is waiting."""
    order = list(_WAITING_LABELS)
    ordered = sorted(
        waiting.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
    )
    parts = [f"{n} {_WAITING_LABELS.get(k, (k, k))[n != 1]}" for k, n in ordered if n]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""


class MainWindow(QMainWindow):
    _rows_ready = Signal(object)  # emitted from the worker thread; delivered in the GUI thread
    _backup_done = Signal(object)  # the backup thread's outcome: a Path, or a UserError

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.setWindowTitle(self._title_for_identity())
        self._fit_to_screen(1280, 720)

        self.pages = QStackedWidget()
        self.caseload = CaseloadView(show_worker=ws.is_manager)
        self.child_page = ChildPage(ws, hub)
        self.authorisations = AuthorisationsView(ws, hub) if ws.is_manager else None
        self.visit_form: VisitForm | None = None
        self._rows: list[CaseloadRow] = []
        self._worker: threading.Thread | None = None
        self._work_again = False
        self._rows_ready.connect(self._on_rows_ready)
        self._stale_children: set[str] = set()
        self._return_to: QWidget | None = None
        self.pages.addWidget(self.caseload)
        self.pages.addWidget(self.child_page)
        if self.authorisations is not None:
            self.pages.addWidget(self.authorisations)
            self.authorisations.visitOpened.connect(self.open_visit)
        # The records and the lock screen share one place; only one is ever shown.
        self.lock_screen = LockScreen()
        self.lock_screen.unlockRequested.connect(self.unlock)
        self.lock_screen.quitRequested.connect(self.close)
        self.shell = QStackedWidget()
        self.shell.addWidget(self.pages)
        self.shell.addWidget(self.lock_screen)
        self.setCentralWidget(self.shell)
        self._title = self.windowTitle()
        # Where the person was when the window locked: (page, record id, page behind a form).
        self._where: tuple[str, str | None, str] = ("caseload", None, "caseload")
        self._warned_unsent = False
        self._disabled_actions: list[QAction] = []
        self._backup_thread: threading.Thread | None = None
        self.backup_result: object = None
        self._backup_done.connect(self._on_backup_done)
        self.idle_watcher = IdleWatcher(ws.idle_lock_minutes() * 60, self)
        self.idle_watcher.idle.connect(self._on_idle)
        self.idle_watcher.start()

        self.caseload.childActivated.connect(self.open_child)
        self.caseload.addChildRequested.connect(self._on_add_child)
        self.child_page.back.connect(self.show_caseload)
        self.child_page.visitOpened.connect(self.open_visit)
        self._build_menus()
        hub.caseloadChanged.connect(self.refresh_caseload)
        hub.visitSaved.connect(self._on_record_changed)
        hub.visitCompleted.connect(self._on_record_changed)
        hub.decisionMade.connect(self._on_record_changed)
        hub.childChanged.connect(self._on_record_changed)
        self.refresh_caseload()
        if self.authorisations is not None:
            self.pages.setCurrentWidget(self.authorisations)

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Start at ``width`` x ``height``, or smaller where the screen is (a 1366x768 laptop
        with its text made larger has far fewer pixels to give)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width()), min(height, room.height())
        self.resize(width, height)

    def _title_for_identity(self) -> str:
        who = self.ws.identity
        team = f", {who.team}" if who.team else ""
        role = " (manager)" if self.ws.is_manager else ""
        return f"VisitDesk — {who.worker_name}{team}{role}"

    def _action(self, menu, text: str, shortcuts: list[str], slot) -> QAction:  # noqa: ANN001
        """A menu action; its first shortcut is the one the menu shows."""
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(keys) for keys in shortcuts])
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        # Shortcuts keep clear of the keys text boxes use (copy, paste, undo, select all...).
        file_menu = self.menuBar().addMenu("&File")
        self.lock_action = self._action(file_menu, "&Lock", ["Ctrl+L"], self.lock)
        file_menu.addSeparator()
        self.backup_action = self._action(
            file_menu, "&Back up now", ["Ctrl+Shift+B"], self.back_up_now
        )
        self._action(
            file_menu, "&Restore from a backup…", ["Ctrl+Shift+R"], self.restore_from_backup
        )
        file_menu.addSeparator()
        self.settings_action = self._action(file_menu, "&Settings…", ["Ctrl+,"], self.open_settings)
        self._action(file_menu, "Change &passphrase…", ["Ctrl+Shift+P"], self.change_passphrase)
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "&Quit", ["Ctrl+Q"], self.request_quit)
        from visitdesk.ui.sync_menu import SyncMenu

        self.sync_menu = SyncMenu(self.ws, self.hub, self)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Caseload", ["Ctrl+1"], self.show_caseload)
        if self.authorisations is not None:
            self._action(view_menu, "&Authorisations", ["Ctrl+2"], self.show_authorisations)
        view_menu.addSeparator()
        # Back from a record to where it was opened, from a child to the caseload. A dialog or
        # an open list is a window of its own, so its Escape never reaches this.
        self.back_action = self._action(view_menu, "&Back", ["Alt+Left", "Esc"], self.go_back)
        self.menuBar().addMenu(self.sync_menu)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", ["F1"], self.show_shortcuts)
        self._action(help_menu, "&About VisitDesk", ["Shift+F1"], self.show_about)

    def menu_actions(self) -> list[QAction]:
        """Every action in the menus, in menu order (the lock, Help > Keyboard shortcuts)."""
        return [
            a
            for menu in self.menuBar().actions()
            if menu.menu()
            for a in menu.menu().actions()
            if not a.isSeparator()
        ]

    # Keys that work without a menu, for Help > Keyboard shortcuts.
    OTHER_KEYS = (
        ("New visit, on a child's page", "Ctrl+N"),
        ("Filter the caseload", "Ctrl+F"),
        ("Open the child or record chosen in a list", "Enter"),
        ("Press the button that has the focus", "Enter"),
        ("Move to the next or previous box", "Tab, Shift+Tab"),
    )

    def show_shortcuts(self) -> None:
        from visitdesk.ui.settings import ShortcutsDialog

        ShortcutsDialog(self.menu_actions(), self, extra=self.OTHER_KEYS).exec()

    def show_about(self) -> None:
        from visitdesk.ui.settings import AboutDialog

        AboutDialog(self.ws, self).exec()

    # --- navigation -----------------------------------------------------------------------

    def _leave_form(self) -> None:
        if self.visit_form is not None:
            self.visit_form.save()
            self.pages.removeWidget(self.visit_form)
            self.visit_form.deleteLater()
            self.visit_form = None

    def go_back(self) -> None:
        """Escape or Alt+Left: from a record to where it was opened (saved first, as "Back to
        child" does), from a child's page to the caseload; on the caseload, clear the filter."""
        page = self.pages.currentWidget()
        if self.visit_form is not None and page is self.visit_form:
            if self.visit_form.save():
                self._on_form_closed()
        elif page is self.child_page:
            self.show_caseload()
        elif page is self.caseload and self.caseload.filter.text():
            self.caseload.filter.clear()
            self.caseload.table.setFocus()

    def show_caseload(self) -> None:
        self._leave_form()
        if self._stale_children:
            self._refresh_stale()
        self.pages.setCurrentWidget(self.caseload)
        self.caseload.table.setFocus()

    def show_authorisations(self) -> None:
        self._leave_form()
        if self.authorisations is not None:
            self.authorisations.refresh()
            self.pages.setCurrentWidget(self.authorisations)

    def _on_add_child(self) -> None:
        from visitdesk.ui.add_child import AddChildDialog

        child_id, ok = AddChildDialog.ask(self.ws, self)
        if ok and child_id:
            self._stale_children.add(child_id)
            self._refresh_stale()
            self.open_child(child_id)

    def open_child(self, child_id: str) -> None:
        self._leave_form()
        self.child_page.show_child(child_id)
        self.pages.setCurrentWidget(self.child_page)
        # The visit history: arrow keys choose a record and Enter opens it; Ctrl+N starts one.
        self.child_page.visits.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_visit(self, visit_id: str) -> None:
        if self.pages.currentWidget() is not self.visit_form:
            self._return_to = self.pages.currentWidget()
        self._leave_form()
        form = VisitForm(self.ws, self.hub, visit_id)
        form.closed.connect(self._on_form_closed)
        form.reopen.connect(self.open_visit)
        self.visit_form = form
        self.pages.addWidget(form)
        self.pages.setCurrentWidget(form)
        self._focus_first_field(form)

    @staticmethod
    def _focus_first_field(form: VisitForm) -> None:
        """The cursor in the record's first field (its first that can be typed in, when a
        completed record's answers are read-only), so the worker can start typing at once."""
        for field in form.fields.values():
            editor = field.editor
            if (
                editor.isVisibleTo(form)
                and editor.isEnabled()
                and editor.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                form.scroll.ensureWidgetVisible(editor)
                return
        form.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_form_closed(self) -> None:
        self._leave_form()
        if self._return_to is self.authorisations and self.authorisations is not None:
            self.show_authorisations()
        elif self._return_to is self.child_page and self.child_page.child_id is not None:
            self.open_child(self.child_page.child_id)
        else:
            self.show_caseload()

    # --- refresh --------------------------------------------------------------------------

    def refresh_caseload(self) -> None:
        """Show the caseload; if what was remembered is out of date, show it while a fresh one
        is worked out in the background (the first start of a day, after an import)."""
        try:
            recalled = recall(self.ws)
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc))
            return
        self._stale_children.clear()
        if recalled is not None:
            self._rows = recalled[0]
            self.caseload.set_rows(self._rows, self.ws.today())
            if recalled[1]:
                return
        self.caseload.show_updating(recalled is not None)
        self._start_working_out()

    def _start_working_out(self) -> None:
        if self._worker is not None and self._worker.is_alive():
            self._work_again = True
            return
        self._work_again = False
        ws, signal = self.ws, self._rows_ready

        def run() -> None:
            try:
                signal.emit(work_out(ws))
            except UserError as exc:  # locked or closed meanwhile, or a storage problem
                log.info("the caseload was not worked out: %s", exc.__class__.__name__)
                signal.emit(None)
            except Exception as exc:  # noqa: BLE001 - reported in the window, logged here
                log.error("working out the caseload failed: %s", describe_failure(exc))
                signal.emit(None)

        self._worker = threading.Thread(target=run, name="caseload", daemon=True)
        self._worker.start()

    @property
    def caseload_ready(self) -> bool:
        """True once the caseload shown is current (tests and benchmarks wait for this)."""
        return self._worker is None

    def _on_rows_ready(self, rows: list[CaseloadRow] | None) -> None:
        if self._work_again:
            self._worker = None
            self._start_working_out()
            return
        if self._worker is not None:
            self._worker.join()
        self._worker = None
        if rows is None:
            self.caseload.summary.setText("The caseload could not be worked out; see the log")
            return
        self._rows = rows
        self.caseload.set_rows(rows, self.ws.today())

    def _refresh_stale(self) -> None:
        """Work out again only the children whose records changed while the caseload was hidden."""
        for child_id in sorted(self._stale_children):
            self._rows = refresh_child(self.ws, self._rows, child_id)
        self._stale_children.clear()
        self.caseload.set_rows(self._rows, self.ws.today())

    def _on_record_changed(self, record_id: str) -> None:
        child_id = self._child_of(record_id)
        if child_id is not None:
            self._stale_children.add(child_id)
        if self.pages.currentWidget() is self.caseload:
            self._refresh_stale()

    def _child_of(self, record_id: str) -> str | None:
        from visitdesk.storage.models import Child, Visit

        with self.ws.db.sessions() as session:
            if session.get(Child, record_id) is not None:
                return record_id
            visit = session.get(Visit, record_id)
            return visit.child_id if visit is not None else None

    # --- locking --------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.shell.currentWidget() is self.lock_screen

    def _current_place(self) -> tuple[str, str | None, str]:
        page = self.pages.currentWidget()
        if self.visit_form is not None and page is self.visit_form:
            back = (
                "child"
                if self._return_to is self.child_page
                else ("authorisations" if self._return_to is self.authorisations else "caseload")
            )
            return "visit", self.visit_form.visit_id, back
        if page is self.child_page and self.child_page.child_id is not None:
            return "child", self.child_page.child_id, "caseload"
        if self.authorisations is not None and page is self.authorisations:
            return "authorisations", None, "caseload"
        return "caseload", None, "caseload"

    def _close_modal_dialogs(self) -> None:
        for _ in range(10):  # a dialog over a dialog: close from the top down
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self:
                return
            modal.close()

    def wait_for_background_work(self) -> None:
        for thread in (self._worker, self._backup_thread):
            if thread is not None and thread.is_alive():
                thread.join(timeout=60)

    def lock(self) -> None:
        """Save the draft, drop the key and every connection, and hide the records."""
        if self.is_locked:
            return
        self._close_modal_dialogs()
        self._where = self._current_place()
        if not self.ws.locked and self.visit_form is not None and not self.visit_form.save():
            log.warning("the open draft could not be saved before locking")
        self.wait_for_background_work()
        self._leave_form()
        self.caseload.set_rows([], self.ws.today())
        self.child_page.clear()
        self._rows = []
        self.shell.setCurrentWidget(self.lock_screen)
        self.setWindowTitle("VisitDesk — locked")
        self._disabled_actions = [
            a
            for menu in self.menuBar().actions()
            if menu.menu()
            for a in [menu, *menu.menu().actions()]
            if a.isEnabled()
        ]
        for action in self._disabled_actions:
            action.setEnabled(False)
        self.idle_watcher.stop()
        self.ws.lock()
        self.hub.locked.emit()
        self.lock_screen.reset()

    def unlock(self, passphrase: str) -> bool:
        """Open the database again and go back to where the person was."""
        if not self.is_locked:
            return True
        try:
            self.ws.unlock(passphrase)
        except UserError as exc:
            self.lock_screen.show_error(str(exc))
            return False
        for action in self._disabled_actions:
            action.setEnabled(True)
        self._disabled_actions = []
        self.setWindowTitle(self._title)
        self.shell.setCurrentWidget(self.pages)
        self.idle_watcher.set_limit(self.ws.idle_lock_minutes() * 60)
        self.idle_watcher.start()
        self._go_back_to(self._where)
        return True

    def _go_back_to(self, where: tuple[str, str | None, str]) -> None:
        kind, record_id, back = where
        self.refresh_caseload()
        try:
            if kind == "visit" and record_id:
                child_id = self._child_of(record_id) if back == "child" else None
                if child_id is not None:
                    self.open_child(child_id)
                elif back == "authorisations" and self.authorisations is not None:
                    self.show_authorisations()
                self.open_visit(record_id)
            elif kind == "child" and record_id:
                self.open_child(record_id)
            elif kind == "authorisations":
                self.show_authorisations()
            else:
                self.show_caseload()
        except UserError as exc:
            self.show_caseload()
            self.warn(str(exc))

    def _on_idle(self) -> None:
        log.info("locking after a period without use")
        self.lock()

    # --- passphrase and backups -------------------------------------------------------------

    def change_passphrase(self) -> None:
        from visitdesk.ui.dialogs import ChangePassphraseDialog

        if self.visit_form is not None:
            self.visit_form.save()
        self.wait_for_background_work()
        changed, _ok = ChangePassphraseDialog.ask(self.ws, self)
        if self.ws.locked and not self.is_locked:
            self.lock()  # the change failed so badly the database could not be reopened
            return
        if changed:
            self.tell(
                "Passphrase changed",
                "From now on, VisitDesk opens with the new "
                "passphrase. Backups made before now still open with the old one.",
            )

    def open_settings(self) -> None:
        """File > Settings: idle lock, backups kept, region, and the name and team."""
        from visitdesk.ui.settings import SettingsDialog

        if self.visit_form is not None:
            self.visit_form.save()
        saved, renamed = SettingsDialog.ask(self.ws, self)
        if not saved:
            return
        self.idle_watcher.set_limit(self.ws.idle_lock_minutes() * 60)
        if not renamed:
            self.statusBar().showMessage("Settings saved", 5000)
            return
        self._title = self._title_for_identity()
        if not self.is_locked:
            self.setWindowTitle(self._title)
        self.tell(
            "Name and team changed",
            "Your team sees the change once they have your new "
            "card: save it from Sync > Save this installation's card… and give it to "
            "them. Records you have already written keep the name they were written "
            "under.",
        )

    def start_backup(self) -> None:
        """Make the start-up backup in the background (the window is usable meanwhile)."""
        self._run_backup(on_request=False)

    def back_up_now(self) -> None:
        """File > Back up now: a backup in the backups folder, made in the background."""
        if self._backup_thread is not None and self._backup_thread.is_alive():
            self.statusBar().showMessage("A backup is being made already…")
            return
        if self.visit_form is not None:
            self.visit_form.save()
        self.statusBar().showMessage("Making a backup…")
        self._run_backup(on_request=True)

    def _run_backup(self, *, on_request: bool) -> None:
        from visitdesk.services import backup

        ws, done = self.ws, self._backup_done
        make = backup.backup_now if on_request else backup.startup_backup
        when = "asked for" if on_request else "start-up"

        def run() -> None:
            try:
                done.emit((on_request, make(ws)))
            except UserError as exc:
                done.emit((on_request, exc))
            except Exception as exc:  # noqa: BLE001 - reported in the window, logged here
                log.error("the %s backup failed: %s", when, describe_failure(exc))
                done.emit((on_request, UserError("the backup could not be made; see the log")))

        self._backup_thread = threading.Thread(target=run, name="backup", daemon=True)
        self._backup_thread.start()

    def _on_backup_done(self, outcome: tuple[bool, object]) -> None:
        if self._backup_thread is not None:
            self._backup_thread.join()
        on_request, result = outcome
        self.backup_result = result
        if isinstance(result, Path):
            if on_request:
                self.statusBar().showMessage(
                    f"Backup made: {result.name}, in the backups folder (File > Restore from "
                    "a backup lists it)",
                    15000,
                )
            else:
                self.statusBar().showMessage("Backup made", 5000)
            return
        if isinstance(result, DatabaseDamaged):
            self.warn(
                "The database is damaged. Your records may be incomplete: restore the "
                "latest backup from File > Restore from a backup."
            )
        elif on_request:
            self.statusBar().showMessage(
                f"No backup was made: {result}. Your records are "
                "unchanged; try again from File > Back up now."
            )
        else:
            self.statusBar().showMessage(f"No backup was made at start: {result}")

    def restore_from_backup(self) -> None:
        from visitdesk.ui.dialogs import RestoreDialog

        choice, ok = RestoreDialog.ask(self.ws.data_dir, self)
        if not ok or choice is None:
            return
        path, passphrase, force = choice
        message = self.restore(path, passphrase, force=force)
        if message:
            self.warn(message)
        else:
            self.tell(
                "Backup restored",
                "The backup is in place. The records it replaced are kept in the backups folder.",
            )

    def restore(self, path: Path, passphrase: str, *, force: bool = False) -> str | None:
        """Put a backup in place of the open database; returns a message if it did not."""
        from visitdesk.services import backup

        if self.visit_form is not None:
            self.visit_form.save()
        self.wait_for_background_work()
        try:
            prepared = backup.prepare_restore(self.ws.data_dir, path, passphrase)
        except UserError as exc:
            return str(exc)
        try:
            with self.ws.db.sessions() as session:
                current = backup.CurrentState(exists=True, freshness=backup.freshness(session))
            if not force:
                backup.check_not_newer(prepared.backup, current)
            self.ws.db.checkpoint()
        except backup.NewerData as exc:
            prepared.discard()
            return (
                f"{exc.detail[:1].upper()}{exc.detail[1:]}. To replace the records here "
                "even so, tick the box to replace newer records; they are kept in the "
                "backups folder."
            )
        except UserError as exc:
            prepared.discard()
            return str(exc)
        self.lock()
        self._where = ("caseload", None, "caseload")
        try:
            backup.finish_restore(prepared)
        except UserError as exc:
            return f"{exc} Unlock with your usual passphrase to carry on."
        if not self.unlock(passphrase):
            return f"The backup is in place. {self.lock_screen.error.text()}"
        try:
            backup.record_restore(self.ws.db, prepared, self.ws.now())
        except UserError as exc:  # the restore itself is done; the note can wait
            log.warning(
                "the restore could not be noted in the audit trail: %s", exc.__class__.__name__
            )
        self.hub.caseloadChanged.emit()
        return None

    # --- messages the tests answer ----------------------------------------------------------

    def warn(self, text: str) -> None:
        QMessageBox.warning(self, "VisitDesk", text[:1].upper() + text[1:])

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def confirm_quit_with_unsent(self, message: str) -> bool:
        """Ask whether to quit with work not yet sent (tests answer for the person)."""
        answer = QMessageBox.question(self, "Records not sent yet", message)
        return answer == QMessageBox.StandardButton.Yes

    def _unsent_warning_declined(self) -> bool:
        """Warn once about work not yet in any bundle; True if the person chose to stay."""
        if self._warned_unsent or self.ws.locked:
            return False
        from visitdesk.services import syncing

        try:
            waiting = syncing.waiting_to_send(self.ws)
        except UserError:
            return False
        if not waiting:
            return False  # nothing waiting, or not part of a team
        self._warned_unsent = True
        have = "has" if sum(waiting.values()) == 1 else "have"
        what = waiting_text(waiting)
        message = (
            f"{what[:1].upper()}{what[1:]} {have} not been sent to your team yet. "
            "They are safe on this computer; send them in a bundle (Sync > Export a "
            "bundle) when you can.\n\nQuit anyway?"
        )
        return not self.confirm_quit_with_unsent(message)

    def request_quit(self) -> None:
        """File > Quit: as closing the window from its title bar."""
        if self.visit_form is not None:
            self.visit_form.save()
        if self._unsent_warning_declined():
            return
        self.close()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self.idle_watcher.watch(self.windowHandle())

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if self.visit_form is not None:
            self.visit_form.save()
        # Only a person closing the window is asked; closing it from code is not.
        if event.spontaneous() and self._unsent_warning_declined():
            event.ignore()
            return
        self.wait_for_background_work()
        self.idle_watcher.detach()
        super().closeEvent(event)
