"""The main window: the caseload, and the pages a worker opens from it."""

from __future__ import annotations

import logging

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from visitdesk.errors import UserError
from visitdesk.services.caseload import caseload
from visitdesk.services.workspace import Workspace
from visitdesk.ui.caseload import CaseloadView
from visitdesk.ui.hub import Hub

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        who = ws.identity
        team = f", {who.team}" if who.team else ""
        self.setWindowTitle(f"VisitDesk — {who.worker_name}{team}")
        self.resize(1280, 720)

        self.pages = QStackedWidget()
        self.caseload = CaseloadView()
        self.pages.addWidget(self.caseload)
        self.setCentralWidget(self.pages)

        self._build_menus()
        hub.caseloadChanged.connect(self._on_caseload_changed)
        hub.visitSaved.connect(self._on_record_changed)
        hub.visitCompleted.connect(self._on_record_changed)
        hub.decisionMade.connect(self._on_record_changed)
        hub.childChanged.connect(self._on_record_changed)
        self.refresh_caseload()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        show_caseload = QAction("&Caseload", self)
        show_caseload.setShortcut(QKeySequence("Ctrl+1"))
        show_caseload.triggered.connect(lambda: self.pages.setCurrentWidget(self.caseload))
        view_menu.addAction(show_caseload)

    def refresh_caseload(self) -> None:
        try:
            rows = caseload(self.ws)
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc))
            return
        self.caseload.set_rows(rows, self.ws.today())
        self.statusBar().showMessage(self.caseload.summary.text())

    def _on_caseload_changed(self) -> None:
        self.refresh_caseload()

    def _on_record_changed(self, _id: str) -> None:
        self.refresh_caseload()
