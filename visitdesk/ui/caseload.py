"""The caseload table: who is due or overdue a visit, whose record waits, who was not seen alone.

The model holds plain rows computed by the caseload service, never live database objects.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from visitdesk.services.caseload import CaseloadRow, age_text, due_text, seen_alone_text

STATUS_WORDS = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "action": "Needs action",
    "ok": "On track",
    "no_plan": "No plan",
    "no_standard": "No standard set",
}
STATUS_ICONS = {
    "overdue": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "due_soon": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "action": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
    "no_plan": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    # Never a tick: nobody has said how often this child must be seen.
    "no_standard": QStyle.StandardPixmap.SP_MessageBoxWarning,
}
COLUMNS = ("Status", "Child", "Age", "Plan", "Next visit due", "Seen alone",
           "To write up", "Returned", "What needs attention")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class CaseloadModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseloadRow] = []
        self._today = date.today()
        self._icons: dict[str, QIcon] = {}

    def set_rows(self, rows: list[CaseloadRow], today: date) -> None:
        self.beginResetModel()
        self._rows = rows
        self._today = today
        self.endResetModel()

    def row_at(self, row: int) -> CaseloadRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _icon(self, status: str) -> QIcon:
        if status not in self._icons:
            from PySide6.QtWidgets import QApplication

            self._icons[status] = QApplication.style().standardIcon(STATUS_ICONS[status])
        return self._icons[status]

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self._icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole and col == 4 and row.next_due:
            return f"The next statutory visit must take place by {row.next_due:%A %-d %B %Y}"
        if role == Qt.ItemDataRole.ToolTipRole and col == 5 and row.seen_alone_due:
            when = "was due" if row.seen_alone_overdue else "is due"
            return f"Time alone with the child {when} by {row.seen_alone_due:%A %-d %B %Y}"
        if role == Qt.ItemDataRole.ToolTipRole and col in (0, 8) and row.attention:
            return row.attention
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == CHILD_ID_ROLE:
            return row.child_id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, col)
        return None

    def _display(self, row: CaseloadRow, col: int) -> str:
        if col == 0:
            return STATUS_WORDS[row.status]
        if col == 1:
            return row.name
        if col == 2:
            return age_text(row.date_of_birth, row.expected_birth_date, self._today)
        if col == 3:
            return row.plan
        if col == 4:
            if row.next_due is None:
                return due_text(row)
            return f"{row.next_due:%a %-d %b} · {due_text(row)}"
        if col == 5:
            return seen_alone_text(row)
        if col == 6:
            return str(row.awaiting_write_up) if row.awaiting_write_up else ""
        if col == 7:
            return str(row.returned) if row.returned else ""
        return row.attention

    def _sort_key(self, row: CaseloadRow, col: int) -> object:
        if col == 0:
            return row.urgency
        if col == 2:
            return row.date_of_birth or row.expected_birth_date or date.max
        if col == 4:
            return row.next_due or date.max
        if col == 5:
            return row.last_seen_alone or date.min
        if col == 6:
            return row.awaiting_write_up
        if col == 7:
            return row.returned
        return self._display(row, col).casefold()


class _Proxy(QSortFilterProxyModel):
    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class CaseloadView(QWidget):
    """The caseload page: a filter box over the urgency-sorted table."""

    childActivated = Signal(str)
    addChildRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseloadModel(self)
        self.proxy = _Proxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, plan or status (Ctrl+F)")
        self.filter.setAccessibleName("Filter the caseload")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_filter)

        self.summary = QLabel()
        self.summary.setAccessibleName("Caseload summary")
        self.add_button = QPushButton("&Add a child…")
        self.add_button.clicked.connect(self.addChildRequested.emit)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Caseload")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Rows arrive most urgent first; sorting is the user's choice by clicking a header.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Size columns from the first rows only: measuring thousands of rows costs seconds.
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_activated)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.summary)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def set_rows(self, rows: list[CaseloadRow], today: date) -> None:
        self.model.set_rows(rows, today)
        overdue = sum(1 for r in rows if r.status == "overdue")
        soon = sum(1 for r in rows if r.status == "due_soon")
        self.summary.setText(
            f"{len(rows)} children · {overdue} overdue · {soon} due within 3 working days"
        )

    def show_updating(self, have_rows: bool) -> None:
        self.summary.setText("Updating the caseload for today…" if have_rows
                             else "Working out who is due…")

    def visible_names(self) -> list[str]:
        return [self.proxy.index(r, 1).data() for r in range(self.proxy.rowCount())]

    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    def _on_activated(self, index: QModelIndex) -> None:
        self.childActivated.emit(index.data(CHILD_ID_ROLE))
