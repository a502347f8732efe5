"""The manager's authorisation tasks: open a completed record, authorise it or return it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import records
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import AuthorisationTask, Child, Visit
from visitdesk.ui.decisions import AUTHORISE, RETURN, AboutRecord, CommentDialog
from visitdesk.ui.hub import Hub

TASK_ID_ROLE = Qt.ItemDataRole.UserRole
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ABOUT_ROLE = Qt.ItemDataRole.UserRole + 2


class AuthorisationsView(QWidget):
    visitOpened = Signal(str)

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.heading = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Child", "Visit", "Worker", "Completed", "Revision"])
        self.table.setAccessibleName("Records waiting for authorisation")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.cellActivated.connect(lambda r, _c: self._open(r))
        self.table.cellDoubleClicked.connect(lambda r, _c: self._open(r))

        self.open_button = QPushButton("&Open record")
        self.authorise_button = QPushButton("&Authorise")
        self.return_button = QPushButton("&Return with comment…")
        self.open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
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
        hub.visitCompleted.connect(lambda _id: self.refresh())
        hub.decisionMade.connect(lambda _id: self.refresh())
        hub.caseloadChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        # Keep the manager where they were: on the same record if it is still waiting, else
        # on the row that took its place, never back at the top.
        was_row = self.table.currentRow()
        was = self._selected()
        with self.ws.db.sessions() as session:
            rows = session.execute(
                select(AuthorisationTask, Visit, Child)
                .join(Visit, AuthorisationTask.visit_id == Visit.id)
                .join(Child, Visit.child_id == Child.id)
                .where(AuthorisationTask.state == "open")
                .order_by(AuthorisationTask.created_at)
            ).all()
            self.table.setRowCount(len(rows))
            for r, (task, visit, child) in enumerate(rows):
                cells = [
                    child.full_name,
                    f"{visit.visited_at:%a %-d %b %Y %H:%M}",
                    visit.created_by,
                    f"{visit.completed_at:%-d %b %Y %H:%M}" if visit.completed_at else "",
                    str(task.visit_revision),
                ]
                about = AboutRecord(child.full_name, visit.visited_at, visit.created_by)
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(TASK_ID_ROLE, task.id)
                    item.setData(VISIT_ID_ROLE, visit.id)
                    item.setData(ABOUT_ROLE, about)
                    self.table.setItem(r, c, item)
        n = len(rows)
        self.heading.setText(
            f"<b>{n} record{'s' if n != 1 else ''} waiting for authorisation</b>"
            if n
            else "<b>Nothing is waiting for authorisation.</b>"
        )
        for b in (self.open_button, self.authorise_button, self.return_button):
            b.setEnabled(n > 0)
        if not n:
            return
        row = next(
            (
                r
                for r in range(n)
                if was is not None and self.table.item(r, 0).data(TASK_ID_ROLE) == was[0]
            ),
            None,
        )
        if row is None:
            row = min(max(was_row, 0), n - 1)
        self.table.selectRow(row)

    def _selected(self) -> tuple[str, str] | None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None:
            return None
        return item.data(TASK_ID_ROLE), item.data(VISIT_ID_ROLE)

    def _open(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.visitOpened.emit(item.data(VISIT_ID_ROLE))

    def _about(self) -> AboutRecord | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else item.data(ABOUT_ROLE)

    def ask_comment(self) -> tuple[str, bool]:
        """What needs correcting in the selected record (the dialog insists on an answer)."""
        return CommentDialog.ask(RETURN, self._about(), self)

    def confirm_authorise(self) -> tuple[str, bool]:
        """Whether to authorise the selected record, named, with an optional comment."""
        return CommentDialog.ask(AUTHORISE, self._about(), self)

    def _on_authorise(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        comment, ok = self.confirm_authorise()
        if not ok:
            return
        task_id, visit_id = selected
        try:
            records.authorise(self.ws, task_id, comment)
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc))
            return
        self.hub.decisionMade.emit(visit_id)

    def _on_return(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        comment, ok = self.ask_comment()
        if not ok:
            return
        task_id, visit_id = selected
        try:
            records.return_for_correction(self.ws, task_id, comment)
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc))
            return
        self.hub.decisionMade.emit(visit_id)
