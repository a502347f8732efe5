"""The main window: the caseload, and the pages a worker or manager opens from it.

The window can lock itself (after idle time, on Ctrl+L, when the system suspends the app):
the open draft is saved, the database key and connections are dropped, the records are hidden
behind the lock screen, and the passphrase brings the person back to where they were. What it
shows is refreshed from ``hub.changed`` alone; its slow work (the caseload, backups) runs on
the hub's operation runner. The locking is in ``main_window_lock``, the caseload's refresh in
``main_window_caseload``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services import form_data, household_visits
from visitdesk.services.caseload import CaseloadRow
from visitdesk.services.changes import NOTHING
from visitdesk.services.workspace import Workspace
from visitdesk.storage.database import DatabaseDamaged
from visitdesk.ui.authorisations import AuthorisationsView
from visitdesk.ui.caseload import CaseloadView
from visitdesk.ui.child_page import ChildPage
from visitdesk.ui.household_form import HouseholdVisitForm
from visitdesk.ui.hub import Hub
from visitdesk.ui.lock import IdleWatcher, LockScreen
from visitdesk.ui.main_window_caseload import CaseloadRefreshMixin
from visitdesk.ui.main_window_lock import LockingMixin
from visitdesk.ui.visit_form import VisitForm

log = logging.getLogger(__name__)

# The order the kinds of work waiting are named in.
_WAITING_ORDER = ("visits", "children", "addenda", "tasks", "plans", "entries")


def waiting_text(waiting: dict[str, int]) -> str:
    """ "2 visit records and 1 child" from what syncing says is waiting."""
    from visitdesk.ui.sync_menu import count_words

    order = list(_WAITING_ORDER)
    ordered = sorted(
        waiting.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
    )
    parts = [count_words(k, n) for k, n in ordered if n]
    if len(parts) > 1:
        #: {items} lists all but the last item ("2 visit records, 1 child"); {last} is the
        #: last ("1 plan").
        joined = QCoreApplication.translate("MainWindow", "{items} and {last}")
        #: Between the items of a list, as in "2 visit records, 1 child and 1 plan".
        comma = QCoreApplication.translate("MainWindow", ", ")
        return joined.format(items=comma.join(parts[:-1]), last=parts[-1])
    return parts[0] if parts else ""


class MainWindow(LockingMixin, CaseloadRefreshMixin, QMainWindow):
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
        # The record open (or a household visit's records, written together), if any.
        self.visit_form: VisitForm | HouseholdVisitForm | None = None
        self._rows: list[CaseloadRow] = []
        self._working_out = False  # the caseload is being worked out in the background
        self._work_again = False
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
        self._backing_up = False
        self.backup_result: object = None  # the last backup's Path, or the UserError why not
        self.idle_watcher = IdleWatcher(ws.idle_lock_minutes() * 60, self)
        self.idle_watcher.idle.connect(self._on_idle)
        self.idle_watcher.start()

        self.caseload.childActivated.connect(self.open_child)
        self.caseload.addChildRequested.connect(self._on_add_child)
        self.child_page.back.connect(self.show_caseload)
        self.child_page.visitOpened.connect(self.open_visit)
        if hasattr(self.child_page, "householdVisitOpened"):
            self.child_page.householdVisitOpened.connect(self.open_household_visit)
        self.caseload.householdVisitRequested.connect(self.new_household_visit)
        self._build_menus()
        hub.changed.connect(self._on_changed)
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
        if who.team:
            #: The person and their team, in the window's title.
            name = self.tr("{name}, {team}").format(name=who.worker_name, team=who.team)
        else:
            name = who.worker_name
        if self.ws.is_manager:
            #: The window's title: {app} is VisitDesk; {name} the person's name, and their team.
            title = self.tr("{app} — {name} (manager)")
        else:
            #: The window's title: {app} is VisitDesk; {name} the person's name, and their team.
            title = self.tr("{app} — {name}")
        return title.format(app=APP_NAME, name=name)

    def _action(self, menu, text: str, shortcuts: list[str], slot) -> QAction:  # noqa: ANN001
        """A menu action; its first shortcut is the one the menu shows."""
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(keys) for keys in shortcuts])
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def open_dictionary(self) -> None:
        """The words this person added to their spell check, to take any out again."""
        from visitdesk.ui.spelling import PersonalDictionaryDialog

        PersonalDictionaryDialog.show_for(self.ws, self, hub=self.hub)

    def _build_menus(self) -> None:
        # Shortcuts keep clear of the keys text boxes use (copy, paste, undo, select all...).
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.lock_action = self._action(file_menu, self.tr("&Lock"), ["Ctrl+L"], self.lock)
        file_menu.addSeparator()
        self.backup_action = self._action(
            file_menu, self.tr("&Back up now"), ["Ctrl+Shift+B"], self.back_up_now
        )
        self._action(
            file_menu,
            self.tr("&Restore from a backup…"),
            ["Ctrl+Shift+R"],
            self.restore_from_backup,
        )
        file_menu.addSeparator()
        from visitdesk.ui.case_system_menu import CaseSystemMenu

        self.case_system_menu = CaseSystemMenu(self.ws, self.hub, self)
        self._action(
            file_menu,
            self.tr("&Import caseload…"),
            ["Ctrl+Shift+U"],
            self.case_system_menu.import_caseload,
        )
        file_menu.addSeparator()
        self.settings_action = self._action(
            file_menu, self.tr("&Settings…"), ["Ctrl+,"], self.open_settings
        )
        self._action(
            file_menu, self.tr("Change &passphrase…"), ["Ctrl+Shift+P"], self.change_passphrase
        )
        self._action(file_menu, self.tr("My &dictionary…"), ["Ctrl+Shift+D"], self.open_dictionary)
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, self.tr("&Quit"), ["Ctrl+Q"], self.request_quit)
        from visitdesk.ui.sync_menu import SyncMenu

        self.sync_menu = SyncMenu(self.ws, self.hub, self)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self._action(view_menu, self.tr("&Caseload"), ["Ctrl+1"], self.show_caseload)
        if self.authorisations is not None:
            self._action(
                view_menu, self.tr("&Authorisations"), ["Ctrl+2"], self.show_authorisations
            )
        view_menu.addSeparator()
        # Back from a record to where it was opened, from a child to the caseload. A dialog or
        # an open list is a window of its own, so its Escape never reaches this.
        self.back_action = self._action(
            view_menu, self.tr("&Back"), ["Alt+Left", "Esc"], self.go_back
        )
        self.menuBar().addMenu(self.sync_menu)
        self.menuBar().addMenu(self.case_system_menu)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Keyboard shortcuts"), ["F1"], self.show_shortcuts)
        self._action(
            help_menu,
            #: A menu item; {app} is VisitDesk.
            self.tr("&About {app}").format(app=APP_NAME),
            ["Shift+F1"],
            self.show_about,
        )

    def menu_actions(self) -> list[QAction]:
        """Every action in the menus, in menu order (the lock, Help > Keyboard shortcuts)."""
        return [
            a
            for menu in self.menuBar().actions()
            if menu.menu()
            for a in menu.menu().actions()
            if not a.isSeparator()
        ]

    # Keys that work without a menu, for Help > Keyboard shortcuts (translated as shown).
    OTHER_KEYS = (
        (QT_TRANSLATE_NOOP("MainWindow", "New visit, on a child's page"), "Ctrl+N"),
        (
            QT_TRANSLATE_NOOP(
                "MainWindow", "New household visit, on the caseload or a child's page"
            ),
            "Ctrl+Shift+N",
        ),
        (
            QT_TRANSLATE_NOOP("MainWindow", "Next or previous child, in a household visit"),
            "Ctrl+PgDown, Ctrl+PgUp",
        ),
        (QT_TRANSLATE_NOOP("MainWindow", "Filter the caseload"), "Ctrl+F"),
        (QT_TRANSLATE_NOOP("MainWindow", "Open the child or record chosen in a list"), "Enter"),
        (QT_TRANSLATE_NOOP("MainWindow", "Press the button that has the focus"), "Enter"),
        (QT_TRANSLATE_NOOP("MainWindow", "Move to the next or previous box"), "Tab, Shift+Tab"),
    )

    def show_shortcuts(self) -> None:
        from visitdesk.ui.settings import ShortcutsDialog

        extra = [(self.tr(what), keys) for what, keys in self.OTHER_KEYS]
        ShortcutsDialog(self.menu_actions(), self, extra=extra).exec()

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

        # The dialog adds the child through the runner; the caseload shows them from its
        # announcement.
        child_id, ok = AddChildDialog.ask(self.ws, self, hub=self.hub)
        if ok and child_id:
            self.open_child(child_id)

    def open_child(self, child_id: str) -> None:
        self._leave_form()
        self.child_page.show_child(child_id)
        self.pages.setCurrentWidget(self.child_page)
        # The visit history: arrow keys choose a record and Enter opens it; Ctrl+N starts one.
        self.child_page.visits.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_visit(self, visit_id: str) -> None:
        """Open a record: a draft of a household visit made here opens with the other
        children's records of that visit; any other record opens alone."""
        household = self._household_draft(visit_id)
        if household is not None:
            self.open_household_visit(household, visit_id)
            return
        if self.pages.currentWidget() is not self.visit_form:
            self._return_to = self.pages.currentWidget()
        self._leave_form()
        self._show_form(VisitForm(self.ws, self.hub, visit_id))

    def open_household_visit(self, household_visit: str, visit_id: str | None = None) -> None:
        """Open a household visit's drafts together, at the child of ``visit_id`` if given."""
        if self.pages.currentWidget() is not self.visit_form:
            self._return_to = self.pages.currentWidget()
        self._leave_form()
        form = HouseholdVisitForm(self.ws, self.hub, household_visit, current=visit_id)
        self._show_form(form)
        if visit_id is not None:  # opened from one child's record: the cursor in their part
            form.focus_child(visit_id)

    def _household_draft(self, visit_id: str) -> str | None:
        """The household visit of ``visit_id`` when it is a draft made on this installation
        (a record returned, completed or written elsewhere opens on its own)."""
        household = household_visits.household_visit_of(self.ws, visit_id)
        if household is None:
            return None
        data = form_data.visit_form_data(self.ws, visit_id)
        if data.state != "draft" or data.written_elsewhere or data.conflict_of is not None:
            return None
        return household

    def _show_form(self, form: VisitForm | HouseholdVisitForm) -> None:
        form.closed.connect(self._on_form_closed)
        form.reopen.connect(self.open_visit)
        self.visit_form = form
        self.pages.addWidget(form)
        self.pages.setCurrentWidget(form)
        self._focus_first_field(form)

    @staticmethod
    def _focus_first_field(form: VisitForm | HouseholdVisitForm) -> None:
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

    # --- passphrase and backups -------------------------------------------------------------

    def change_passphrase(self) -> None:
        from visitdesk.ui.dialogs import ChangePassphraseDialog

        if self.visit_form is not None:
            self.visit_form.save()
        self.wait_for_background_work()
        changed, _ok = ChangePassphraseDialog.ask(self.ws, self, hub=self.hub)
        if self.ws.locked and not self.is_locked:
            self.lock()  # the change failed so badly the database could not be reopened
            return
        if changed:
            self.tell(
                self.tr("Passphrase changed"),
                self.tr(
                    "From now on, {app} opens with the new passphrase. Backups made before now "
                    "still open with the old one."
                ).format(app=APP_NAME),
            )

    def open_settings(self) -> None:
        """File > Settings: idle lock, backups kept, region, and the name and team."""
        from visitdesk.ui.settings import SettingsDialog

        if self.visit_form is not None:
            self.visit_form.save()
        saved, renamed = SettingsDialog.ask(self.ws, self, hub=self.hub)
        if not saved:
            return
        self.idle_watcher.set_limit(self.ws.idle_lock_minutes() * 60)
        if not renamed:
            self.statusBar().showMessage(self.tr("Settings saved"), 5000)
            return
        self._title = self._title_for_identity()
        if not self.is_locked:
            self.setWindowTitle(self._title)
        self.tell(
            self.tr("Name and team changed"),
            self.tr(
                "Your team sees the change once they have your new card: save it from Sync > "
                "Save this installation's card… and give it to them. Records you have already "
                "written keep the name they were written under."
            ),
        )

    def start_backup(self) -> None:
        """Make the start-up backup in the background (the window is usable meanwhile)."""
        self._run_backup(on_request=False)

    def back_up_now(self) -> None:
        """File > Back up now: a backup in the backups folder, made in the background."""
        if self._backing_up:
            self.statusBar().showMessage(self.tr("A backup is being made already…"))
            return
        if self.visit_form is not None:
            self.visit_form.save()
        self.statusBar().showMessage(self.tr("Making a backup…"))
        self._run_backup(on_request=True)

    def _run_backup(self, *, on_request: bool) -> None:
        from visitdesk.services import backup

        ws = self.ws
        make = backup.backup_now if on_request else backup.startup_backup
        when = "asked for" if on_request else "start-up"  # for the log only

        def failed(exc: BaseException) -> None:
            # The runner has logged anything that was not a refusal.
            if not isinstance(exc, UserError):
                exc = UserError(self.tr("the backup could not be made; see the log"))
            self._on_backup_done(on_request, exc)

        self._backing_up = True
        # A backup copies the records; it changes none of them.
        self.hub.ops.run_in_background(
            lambda: (make(ws), NOTHING),
            what=f"the {when} backup",
            on_done=lambda made: self._on_backup_done(on_request, made),
            on_failed=failed,
        )

    def _on_backup_done(self, on_request: bool, result: Path | UserError) -> None:
        self._backing_up = False
        self.backup_result = result
        if isinstance(result, Path):
            if on_request:
                #: {name} is the backup file's name.
                made = self.tr(
                    "Backup made: {name}, in the backups folder (File > Restore from a backup "
                    "lists it)"
                )
                self.statusBar().showMessage(made.format(name=result.name), 15000)
            else:
                self.statusBar().showMessage(self.tr("Backup made"), 5000)
            return
        if isinstance(result, DatabaseDamaged):
            self.warn(
                self.tr(
                    "The database is damaged. Your records may be incomplete: restore the "
                    "latest backup from File > Restore from a backup."
                )
            )
        elif on_request:
            #: {problem} says why, for example that the disk is full.
            not_made = self.tr(
                "No backup was made: {problem}. Your records are unchanged; try again from "
                "File > Back up now."
            )
            self.statusBar().showMessage(not_made.format(problem=result))
        else:
            #: {problem} says why, for example that the disk is full.
            not_made = self.tr("No backup was made at start: {problem}")
            self.statusBar().showMessage(not_made.format(problem=result))

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
                self.tr("Backup restored"),
                self.tr(
                    "The backup is in place. The records it replaced are kept in the backups "
                    "folder."
                ),
            )

    def restore(self, path: Path, passphrase: str, *, force: bool = False) -> str | None:
        """Put a backup in place of the open database; returns a message if it did not.

        The window locks itself once the backup has been checked, and opens again at the
        caseload once it is in place; if it will not open, the window stays locked."""
        from visitdesk.services.restore import BackupInPlace, restore_backup

        if self.visit_form is not None:
            self.visit_form.save()
        self.wait_for_background_work()

        def lock_for_restore() -> None:
            self.lock()
            self._where = ("caseload", None, "caseload")

        refused: list[UserError] = []
        restored = self.hub.ops.run(
            lambda: restore_backup(
                self.ws, path, passphrase, force=force, before_replacing=lock_for_restore
            ),
            parent=self,
            failure=self.tr("the backup could not be restored; see the log"),
            on_refused=refused.append,
        )
        if restored is None:
            (problem,) = refused
            if isinstance(problem, BackupInPlace):
                self.lock_screen.show_error(problem.reason)
            return str(problem)
        self.unlock(passphrase)  # the records are open again: show them
        return None

    # --- messages the tests answer ----------------------------------------------------------

    def warn(self, text: str) -> None:
        QMessageBox.warning(self, APP_NAME, text[:1].upper() + text[1:])

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def confirm_quit_with_unsent(self, message: str) -> bool:
        """Ask whether to quit with work not yet sent (tests answer for the person)."""
        answer = QMessageBox.question(self, self.tr("Records not sent yet"), message)
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
        total = sum(waiting.values())
        what = waiting_text(waiting)
        if total == 1:
            #: {what} is what is waiting, "1 visit record".
            message = self.tr(
                "{what} has not been sent to your team yet. They are safe on this computer; "
                "send them in a bundle (Sync > Export a bundle) when you can.\n\nQuit anyway?"
            )
        else:
            #: {what} lists what is waiting, "2 visit records and 1 child".
            message = self.tr(
                "{what} have not been sent to your team yet. They are safe on this computer; "
                "send them in a bundle (Sync > Export a bundle) when you can.\n\nQuit anyway?",
                "",
                total,
            )
        return not self.confirm_quit_with_unsent(message.format(what=what[:1].upper() + what[1:]))

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
