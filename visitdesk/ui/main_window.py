"""The main window: the caseload, and the pages a worker or manager opens from it."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from visitdesk.errors import UserError
from visitdesk.services.caseload import CaseloadRow, recall, refresh_child, work_out
from visitdesk.services.workspace import Workspace
from visitdesk.ui.authorisations import AuthorisationsView
from visitdesk.ui.caseload import CaseloadView
from visitdesk.ui.child_page import ChildPage
from visitdesk.ui.hub import Hub
from visitdesk.ui.visit_form import VisitForm

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    _rows_ready = Signal(object)  # emitted from the worker thread; delivered in the GUI thread

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        who = ws.identity
        team = f", {who.team}" if who.team else ""
        role = " (manager)" if ws.is_manager else ""
        self.setWindowTitle(f"VisitDesk — {who.worker_name}{team}{role}")
        self.resize(1280, 720)

        self.pages = QStackedWidget()
        self.caseload = CaseloadView()
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
        self.setCentralWidget(self.pages)

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

    def _action(self, menu, text: str, shortcut: str | QKeySequence | None, slot) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        from visitdesk.ui.sync_menu import SyncMenu

        self.sync_menu = SyncMenu(self.ws, self.hub, self)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "&Caseload", "Ctrl+1", self.show_caseload)
        if self.authorisations is not None:
            self._action(view_menu, "&Authorisations", "Ctrl+2", self.show_authorisations)
        self.menuBar().addMenu(self.sync_menu)

    # --- navigation -----------------------------------------------------------------------

    def _leave_form(self) -> None:
        if self.visit_form is not None:
            self.visit_form.save()
            self.pages.removeWidget(self.visit_form)
            self.visit_form.deleteLater()
            self.visit_form = None

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
            except Exception:  # noqa: BLE001 - reported in the window, logged here
                log.exception("working out the caseload failed")
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

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if self.visit_form is not None:
            self.visit_form.save()
        if self._worker is not None:
            self._worker.join(timeout=60)
        super().closeEvent(event)
