"""Read-only table models over row ids and the frozen rows the read-model services return.

A model keeps the ids in the order shown and the row for each id; a cell's text comes from
its column. Views show these with a ``QTableView``; nothing here holds a database object.
Headers are marked for translation where the columns are written and translated as Qt asks
for them; the words in cells are translated as they are made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from visitdesk.services.views import TaskRow, VisitRow

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

# The row's id (a visit, a task), for a view that opens or acts on the row chosen.
ID_ROLE = Qt.ItemDataRole.UserRole
# The frozen row itself.
ROW_ROLE = Qt.ItemDataRole.UserRole + 10


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    header: str  # marked with QT_TRANSLATE_NOOP("RowTableModel", ...); translated when shown
    text: Callable[[Row], str]
    tooltip: Callable[[Row], str | None] | None = None


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A table of frozen rows, one column per :class:`Column`; each row has an ``id``."""

    def __init__(self, columns: Sequence[Column[Row]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._ids: list[str] = []
        self._rows: dict[str, Row] = {}

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows``, in order, in place of what was shown."""
        self.beginResetModel()
        self._ids = [row.id for row in rows]  # type: ignore[attr-defined]
        self._rows = dict(zip(self._ids, rows, strict=True))
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_at(self, row: int) -> Row | None:
        row_id = self.row_id(row)
        return None if row_id is None else self._rows[row_id]

    def row_of(self, row_id: str | None) -> int | None:
        """Where the row with ``row_id`` is shown, if it is."""
        if row_id is None or row_id not in self._rows:
            return None
        return self._ids.index(row_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            header = self.columns[section].header
            return QCoreApplication.translate("RowTableModel", header)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.row_at(index.row())
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == ROW_ROLE:
            return row
        return None


# --- a child's visit records -----------------------------------------------------------------

STATE_WORDS = {
    "draft": QT_TRANSLATE_NOOP("VisitTableModel", "Draft"),
    "completed": QT_TRANSLATE_NOOP("VisitTableModel", "Awaiting authorisation"),
    "authorised": QT_TRANSLATE_NOOP("VisitTableModel", "Authorised"),
    "returned": QT_TRANSLATE_NOOP("VisitTableModel", "Returned for correction"),
}
LOCATION_WORDS = {
    "home": QT_TRANSLATE_NOOP("VisitTableModel", "Home"),
    "school": QT_TRANSLATE_NOOP("VisitTableModel", "School"),
    "other": QT_TRANSLATE_NOOP("VisitTableModel", "Other"),
}


def _where(v: VisitRow) -> str:
    words = LOCATION_WORDS.get(v.location or "")
    if words is None:  # a place this version has no words for, as it is stored
        place = (v.location or "—").capitalize()
    else:
        place = QCoreApplication.translate("VisitTableModel", words)
    if v.household_visit is not None:
        #: A record of one visit to several children of a household; {place} is where.
        return QCoreApplication.translate("VisitTableModel", "{place} · household visit").format(
            place=place
        )
    return place


def _where_tooltip(v: VisitRow) -> str | None:
    if v.household_visit is None:
        return None
    #: {count} is how many children the one visit was to (2 or more).
    return QCoreApplication.translate(
        "VisitTableModel",
        "Household visit: one visit to the children who live together (children visited: "
        "{count}). This is this child's own record of it.",
    ).format(count=v.children_visited)


def _seen_alone(v: VisitRow) -> str:
    if v.seen == "no":
        return QCoreApplication.translate("VisitTableModel", "Not seen")
    if v.seen_alone == "yes":
        return QCoreApplication.translate("VisitTableModel", "Yes")
    if v.seen_alone == "no":
        return QCoreApplication.translate("VisitTableModel", "No")
    return "—"


def _state(v: VisitRow) -> str:
    if v.conflict:
        return QCoreApplication.translate("VisitTableModel", "Other device's version: choose one")
    words = STATE_WORDS[v.state]
    return QCoreApplication.translate("VisitTableModel", words)


VISIT_COLUMNS: tuple[Column[VisitRow], ...] = (
    Column(
        QT_TRANSLATE_NOOP("RowTableModel", "Date"), lambda v: f"{v.visited_at:%a %-d %b %Y %H:%M}"
    ),
    Column(QT_TRANSLATE_NOOP("RowTableModel", "Where"), _where, _where_tooltip),
    Column(QT_TRANSLATE_NOOP("RowTableModel", "Seen alone"), _seen_alone),
    Column(QT_TRANSLATE_NOOP("RowTableModel", "State"), _state),
    Column(QT_TRANSLATE_NOOP("RowTableModel", "By"), lambda v: v.created_by),
)


class VisitTableModel(RowTableModel[VisitRow]):
    """A child's visit records, the latest first, as their page lists them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(VISIT_COLUMNS, parent)


# --- records waiting for authorisation ---------------------------------------------------------

TASK_COLUMNS: tuple[Column[TaskRow], ...] = (
    Column(QT_TRANSLATE_NOOP("RowTableModel", "Child"), lambda t: t.child_name),
    Column(
        QT_TRANSLATE_NOOP("RowTableModel", "Visit"), lambda t: f"{t.visited_at:%a %-d %b %Y %H:%M}"
    ),
    Column(QT_TRANSLATE_NOOP("RowTableModel", "Worker"), lambda t: t.worker),
    Column(
        QT_TRANSLATE_NOOP("RowTableModel", "Completed"),
        lambda t: f"{t.completed_at:%-d %b %Y %H:%M}" if t.completed_at else "",
    ),
    Column(QT_TRANSLATE_NOOP("RowTableModel", "Revision"), lambda t: str(t.revision)),
)


class TaskTableModel(RowTableModel[TaskRow]):
    """The records waiting for the manager's decision, the longest waiting first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(TASK_COLUMNS, parent)
