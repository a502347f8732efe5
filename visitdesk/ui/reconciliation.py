"""Records authorised but not yet keyed into the case system, the one waiting longest first:
a manager's reconciliation list (a worker sees their own)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitdesk.services import case_entries
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReconciliationDialog(QDialog):
    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.opened: str | None = None
        self.setWindowTitle(self.tr("Not yet entered in the case system"))
        self.resize(860, 460)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Child"),
                self.tr("Case reference"),
                self.tr("Worker"),
                self.tr("Visit"),
                self.tr("Authorised"),
                self.tr("Days waiting"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Records not yet entered"))
        self.table.cellActivated.connect(lambda row, _col: self._open(row))
        self.open_button = QPushButton(self.tr("&Open the record"))
        self.open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.rows: list = []
        hub.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, _changes: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.rows = case_entries.reconciliation(self.ws)
        if len(self.rows) == 1:
            self.summary.setText(
                self.tr(
                    "1 authorised record is not yet entered in the case system. The worker "
                    "marks a record entered from its Hand-off view."
                )
            )
        elif self.rows:
            #: {count} is how many records are waiting to be keyed into the case system.
            self.summary.setText(
                self.tr(
                    "{count} authorised records are not yet entered in the case system, the "
                    "one waiting longest first. The worker marks a record entered from its "
                    "Hand-off view."
                ).format(count=len(self.rows))
            )
        else:
            self.summary.setText(
                self.tr("Every authorised record has been entered in the case system.")
            )
        self.table.setRowCount(len(self.rows))
        for n, row in enumerate(self.rows):
            cells = (
                row.child_name,
                row.case_reference or "—",
                row.worker,
                f"{row.visited_on:%d/%m/%Y}",
                f"{row.authorised_on:%d/%m/%Y}" if row.authorised_on else "—",
                str(row.days_waiting),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 5:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(n, col, item)
        self.table.resizeColumnsToContents()
        self.open_button.setEnabled(bool(self.rows))
        if self.rows:
            self.table.selectRow(0)

    def _open(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.opened = self.rows[row].visit_id
        opener = getattr(self.parent(), "open_visit", None)
        self.accept()
        if opener is not None:
            opener(self.opened)

    @classmethod
    def show_for(cls, ws: Workspace, hub: Hub, parent: QWidget | None) -> str | None:
        """Show the list; the record opened from it, if any."""
        dialog = cls(ws, hub, parent)
        dialog.exec()
        hub.changed.disconnect(dialog._on_changed)
        return dialog.opened
