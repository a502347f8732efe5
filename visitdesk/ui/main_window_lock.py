"""The main window's lock: the draft saved, the key and connections dropped and the records
hidden, then the person brought back to where they were by the passphrase."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services import views

log = logging.getLogger(__name__)


class LockingMixin:
    """Part of ``MainWindow``: locking it and unlocking it again. Its text is translated in the
    window's own context, "MainWindow"."""

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
        """Let the caseload and any backup finish before the database is locked or changed."""
        if not self.hub.ops.wait_for_background(60):
            log.warning("background work was still running after a minute")

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
        #: The window's title while it is locked; {app} is VisitDesk.
        locked = QCoreApplication.translate("MainWindow", "{app} — locked")
        self.setWindowTitle(locked.format(app=APP_NAME))
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
                child_id = views.child_of(self.ws, record_id) if back == "child" else None
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
