"""The manager's authorisation tasks: open a completed record, authorise it or return it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitdesk.services import records, views
from visitdesk.services.changes import Changes
from visitdesk.services.views import TaskRow
from visitdesk.services.workspace import Workspace
from visitdesk.ui.decisions import AUTHORISE, RETURN, AboutRecord, CommentDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.models import TaskTableModel


class AuthorisationsView(QWidget):
    """The records waiting for authorisation. It reloads when ``hub.changed`` says a decision
    or the caseload changed; a decision goes through ``hub.ops``."""

    visitOpened = Signal(str)

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.heading = QLabel()
        self.model = TaskTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Records waiting for authorisation"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_activated)
        self.table.doubleClicked.connect(self._on_activated)

        self.open_button = QPushButton(self.tr("&Open record"))
        self.authorise_button = QPushButton(self.tr("&Authorise"))
        self.return_button = QPushButton(self.tr("&Return with comment…"))
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        self.authorise_button.clicked.connect(self._on_authorise)
        self.return_button.clicked.connect(self._on_return)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.open_button, self.return_button, self.authorise_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        hub.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        # Keep the manager where they were: on the same record if it is still waiting, else
        # on the row that took its place, never back at the top.
        was_row = self.table.currentIndex().row()
        was = self._selected()
        self.model.set_rows(views.authorisation_rows(self.ws))
        n = self.model.rowCount()
        if not n:
            heading = self.tr("<b>Nothing is waiting for authorisation.</b>")
        elif n == 1:
            heading = self.tr("<b>1 record waiting for authorisation</b>")
        else:
            heading = self.tr("<b>%n records waiting for authorisation</b>", "", n)
        self.heading.setText(heading)
        for b in (self.open_button, self.authorise_button, self.return_button):
            b.setEnabled(n > 0)
        if not n:
            return
        row = self.model.row_of(was.id if was is not None else None)
        if row is None:
            row = min(max(was_row, 0), n - 1)
        self.table.selectRow(row)

    def _on_changed(self, changes: Changes) -> None:
        # While locked nothing can be read; unlocking shows the list afresh.
        if (changes.decisions or changes.caseload) and not self.ws.locked:
            self.refresh()

    def _selected(self) -> TaskRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _on_activated(self, index: QModelIndex) -> None:
        self._open(index.row())

    def _open(self, row: int) -> None:
        task = self.model.row_at(row)
        if task is not None:
            self.visitOpened.emit(task.visit_id)

    def _about(self) -> AboutRecord | None:
        task = self._selected()
        if task is None:
            return None
        return AboutRecord(task.child_name, task.visited_at, task.worker)

    def ask_comment(self) -> tuple[str, bool]:
        """What needs correcting in the selected record (the dialog insists on an answer)."""
        return CommentDialog.ask(RETURN, self._about(), self)

    def confirm_authorise(self) -> tuple[str, bool]:
        """Whether to authorise the selected record, named, with an optional comment."""
        return CommentDialog.ask(AUTHORISE, self._about(), self)

    def _on_authorise(self) -> None:
        task = self._selected()
        if task is None:
            return
        comment, ok = self.confirm_authorise()
        if not ok:
            return
        self.hub.ops.run(lambda: records.authorise(self.ws, task.id, comment), parent=self)

    def _on_return(self) -> None:
        task = self._selected()
        if task is None:
            return
        comment, ok = self.ask_comment()
        if not ok:
            return
        self.hub.ops.run(
            lambda: records.return_for_correction(self.ws, task.id, comment), parent=self
        )
