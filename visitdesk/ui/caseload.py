"""The caseload table: who is due or overdue a visit, whose record waits, who was not seen alone.

The model holds plain rows computed by the caseload service, never live database objects.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
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

from visitdesk.services.caseload import (
    CaseloadRow,
    age_text,
    due_text,
    folded,
    seen_alone_text,
)

# The words for each status and the columns' headings, translated as they are shown.
STATUS_WORDS = {
    "overdue": QT_TRANSLATE_NOOP("CaseloadModel", "Overdue"),
    "due_soon": QT_TRANSLATE_NOOP("CaseloadModel", "Due soon"),
    "action": QT_TRANSLATE_NOOP("CaseloadModel", "Needs action"),
    "ok": QT_TRANSLATE_NOOP("CaseloadModel", "On track"),
    "no_plan": QT_TRANSLATE_NOOP("CaseloadModel", "No plan"),
    "no_standard": QT_TRANSLATE_NOOP("CaseloadModel", "No standard set"),
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
COLUMNS = (
    QT_TRANSLATE_NOOP("CaseloadModel", "Status"),
    QT_TRANSLATE_NOOP("CaseloadModel", "Child"),
    QT_TRANSLATE_NOOP("CaseloadModel", "Worker"),
    QT_TRANSLATE_NOOP("CaseloadModel", "Age"),
    QT_TRANSLATE_NOOP("CaseloadModel", "Plan"),
    QT_TRANSLATE_NOOP("CaseloadModel", "Next visit due"),
    QT_TRANSLATE_NOOP("CaseloadModel", "Seen alone"),
    QT_TRANSLATE_NOOP("CaseloadModel", "To write up"),
    QT_TRANSLATE_NOOP("CaseloadModel", "Returned"),
    QT_TRANSLATE_NOOP("CaseloadModel", "What needs attention"),
)
(STATUS, CHILD, WORKER, AGE, PLAN, NEXT_DUE, SEEN_ALONE, WRITE_UP, RETURNED, ATTENTION) = range(
    len(COLUMNS)
)
# Columns whose text may be cut short (with "…", the whole of it in the tooltip) so that the
# columns after them stay on a small or magnified screen, with how many characters each keeps
# at least (the next visit's date and the start of how far away it is).
ELIDABLE = {CHILD: 14, WORKER: 10, AGE: 8, NEXT_DUE: 22, SEEN_ALONE: 12}
# Columns set aside, in this order, when even cut short the columns do not fit (a small screen
# at 150%): what they say is in the child's tooltip and on the child's page.
SET_ASIDE = (AGE, PLAN, SEEN_ALONE)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class CaseloadModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseloadRow] = []
        self._today = date.today()
        self._icons: dict[str, QIcon] = {}
        self._search: list[str] | None = None  # each row's words, folded, made when needed

    def set_rows(self, rows: list[CaseloadRow], today: date) -> None:
        self.beginResetModel()
        self._rows = rows
        self._today = today
        self._search = None
        self.endResetModel()

    def search_text(self, row: int) -> str:
        """What the filter looks in for one row: every column shown and the case reference,
        without case or accents."""
        if self._search is None:
            self._search = [
                folded(
                    "\n".join(
                        [*(self._display(r, c) for c in range(len(COLUMNS))), r.case_reference]
                    )
                )
                for r in self._rows
            ]
        return self._search[row]

    def row_at(self, row: int) -> CaseloadRow:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            header = COLUMNS[section]
            return self.tr(header)
        return None

    def _icon(self, status: str) -> QIcon:
        if status not in self._icons:
            from PySide6.QtWidgets import QApplication

            self._icons[status] = QApplication.style().standardIcon(STATUS_ICONS[status])
        return self._icons[status]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.DecorationRole and col == STATUS:
            return self._icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == CHILD_ID_ROLE:
            return row.child_id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, col)
        return None

    def _tooltip(self, row: CaseloadRow, col: int) -> str | None:
        """The whole of what a cell says (it may be cut short on a small screen), in words."""
        if col == NEXT_DUE and row.next_due:
            #: {date} is a day, "Thursday 4 March 2026"; {due} says how far away it is.
            return self.tr("The next statutory visit must take place by {date} ({due})").format(
                date=f"{row.next_due:%A %-d %B %Y}", due=due_text(row)
            )
        if col == SEEN_ALONE and row.seen_alone_due:
            if row.seen_alone_overdue:
                #: {seen} says when the child was last seen alone; {date} is a day.
                said = self.tr("{seen}. Time alone with the child was due by {date}")
            else:
                #: {seen} says when the child was last seen alone; {date} is a day.
                said = self.tr("{seen}. Time alone with the child is due by {date}")
            return said.format(seen=seen_alone_text(row), date=f"{row.seen_alone_due:%A %-d %B %Y}")
        if col == STATUS:
            return row.attention or self._status(row)
        if col == CHILD:
            age = age_text(row.date_of_birth, row.expected_birth_date, self._today)
            if row.status == "no_plan":
                plan = self.tr("no plan")
            else:
                #: {plan} is the plan type's short name: CIN, CP, CLA.
                plan = self.tr("{plan} plan").format(plan=row.plan)
            #: {name} is the child's name; {age} their age; {plan} their plan, "CP plan"; {seen}
            #: when last seen alone.
            return self.tr("{name}\n{age}, {plan}. Seen alone: {seen}").format(
                name=row.name, age=age[:1].upper() + age[1:], plan=plan, seen=seen_alone_text(row)
            )
        if col == WRITE_UP and row.awaiting_write_up:
            n = row.awaiting_write_up
            return (
                self.tr("1 record to write up")
                if n == 1
                else self.tr("%n records to write up", "", n)
            )
        if col == RETURNED and row.returned:
            n = row.returned
            return (
                self.tr("1 returned record to correct")
                if n == 1
                else self.tr("%n returned records to correct", "", n)
            )
        return self._display(row, col) or None

    def _status(self, row: CaseloadRow) -> str:
        words = STATUS_WORDS[row.status]
        return self.tr(words)

    def _display(self, row: CaseloadRow, col: int) -> str:
        if col == STATUS:
            return self._status(row)
        if col == CHILD:
            return row.name
        if col == WORKER:
            return row.worker
        if col == AGE:
            return age_text(row.date_of_birth, row.expected_birth_date, self._today)
        if col == PLAN:
            return row.plan
        if col == NEXT_DUE:
            if row.next_due is None:
                return due_text(row)
            return f"{row.next_due:%a %-d %b} · {due_text(row)}"
        if col == SEEN_ALONE:
            return seen_alone_text(row)
        if col == WRITE_UP:
            return str(row.awaiting_write_up) if row.awaiting_write_up else ""
        if col == RETURNED:
            return str(row.returned) if row.returned else ""
        return row.attention

    def _sort_key(self, row: CaseloadRow, col: int) -> object:
        if col == STATUS:
            return row.urgency
        if col == CHILD:
            return row.sort_name or folded(row.name)  # family name, then given name
        if col == WORKER:
            return (folded(row.worker), row.sort_name)
        if col == AGE:
            return row.date_of_birth or row.expected_birth_date or date.max
        if col == NEXT_DUE:
            return row.next_due or date.max
        if col == SEEN_ALONE:
            return row.last_seen_alone or date.min
        if col == WRITE_UP:
            return row.awaiting_write_up
        if col == RETURNED:
            return row.returned
        return folded(self._display(row, col))


class _Proxy(QSortFilterProxyModel):
    """Sorts by each column's own key, and filters on every word typed, ignoring case and
    accents ("lucja" finds Łucja)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        words = folded(text).split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(
        self,
        source_row: int,  # noqa: N802 - Qt's name
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if not isinstance(model, CaseloadModel):
            return True
        text = model.search_text(source_row)
        return all(word in text for word in self._words)

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt's name
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class CaseloadView(QWidget):
    """The caseload page: a filter box over the urgency-sorted table."""

    childActivated = Signal(str)
    addChildRequested = Signal()
    householdVisitRequested = Signal(str)  # child id: a household visit with this child

    def __init__(self, parent: QWidget | None = None, *, show_worker: bool = False) -> None:
        super().__init__(parent)
        self.model = CaseloadModel(self)
        self.proxy = _Proxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(
            self.tr("Filter by name, case reference, plan or status (Ctrl+F)")
        )
        self.filter.setAccessibleName(self.tr("Filter the caseload"))
        self.filter.setAccessibleDescription(self.tr("Capital letters and accents do not matter"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_filter)

        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Caseload summary"))
        self.add_button = QPushButton(self.tr("&Add a child…"))
        self.add_button.clicked.connect(self.addChildRequested.emit)
        self.household_button = QPushButton(self.tr("New household visit…"))
        self.household_button.setAccessibleDescription(
            self.tr("One visit to the chosen child and the children they live with")
        )
        self.household_button.clicked.connect(self._on_household_visit)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self._on_household_visit)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Caseload"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Rows arrive most urgent first; sorting is the user's choice by clicking a header.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # The worker's own caseload is all theirs; only a manager's says whose each child is.
        self.show_worker = show_worker
        self.table.setColumnHidden(WORKER, not show_worker)
        self.set_aside: list[int] = []  # columns the screen has no room for just now
        self._fitting = False
        header = self.table.horizontalHeader()
        # Size columns from the first rows only: measuring thousands of rows costs seconds.
        header.setResizeContentsPrecision(40)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ATTENTION, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.viewport().installEventFilter(self)
        header.sortIndicatorChanged.connect(lambda *_: self.fit_columns())
        self.table.activated.connect(self._on_activated)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._offer_household())
        self._offer_household()

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.summary)
        top.addWidget(self.household_button)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def set_rows(self, rows: list[CaseloadRow], today: date) -> None:
        chosen = self.chosen_child()
        self.model.set_rows(rows, today)
        self._choose(chosen)  # the child chosen stays chosen when the caseload is read again
        self._content_widths: dict[int, int] = {}  # measured again for the new rows
        overdue = sum(1 for r in rows if r.status == "overdue")
        soon = sum(1 for r in rows if r.status == "due_soon")
        # One plural message for every count (English reads "%n children" for each), so that
        # a translation gives each count its own form.
        #: %n is the number of children; {overdue} and {soon} are counts of them.
        summary = self.tr(
            "%n children · {overdue} overdue · {soon} due within 3 working days", "", len(rows)
        )
        self.summary.setText(summary.format(overdue=overdue, soon=soon))
        self.summary.setToolTip(self.summary.text())
        self.fit_columns()

    def show_updating(self, have_rows: bool) -> None:
        self.summary.setText(
            self.tr("Updating the caseload for today…")
            if have_rows
            else self.tr("Working out who is due…")
        )

    def visible_names(self) -> list[str]:
        return [self.proxy.index(r, CHILD).data() for r in range(self.proxy.rowCount())]

    # --- fitting the columns to the screen ---------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(obj, event)

    def fit_columns(self) -> None:
        """Give each column the width its text needs. When the screen is too narrow for that
        (a small laptop, or text made larger), cut the longest names and dates short (the
        tooltip has them whole), then set aside age, plan and seen alone (the child's tooltip
        says them), before "What needs attention" loses its share: the key columns always
        stay on screen."""
        if self._fitting:
            return
        self._fitting = True
        try:
            self._fit()
        finally:
            self._fitting = False

    def _fit(self) -> None:
        header = self.table.horizontalHeader()
        columns = [
            c for c in range(len(COLUMNS)) if c != ATTENTION and (c != WORKER or self.show_worker)
        ]
        chars = max(1, self.table.fontMetrics().averageCharWidth())
        headings = {c: self._heading_width(c) for c in columns}
        # What the text needs is measured once per set of rows (Qt reads cells to do it);
        # a resize of the window only shares out the same widths again.
        measured = getattr(self, "_content_widths", None)
        if measured is None:
            measured = self._content_widths = {}
        for c in columns:
            if c not in measured:
                measured[c] = self.table.sizeHintForColumn(c)
        wants = {c: max(headings[c], measured[c]) for c in columns}
        # Cut short, a column still shows its heading and the start of its text.
        floors = {
            c: (min(wants[c], max(headings[c], ELIDABLE[c] * chars)) if c in ELIDABLE else wants[c])
            for c in columns
        }
        room = self.table.viewport().width()
        attention = min(room // 3, 40 * chars)  # "What needs attention" keeps this
        aside: list[int] = []
        for c in SET_ASIDE:
            if sum(floors[k] for k in columns if k not in aside) + attention <= room:
                break
            aside.append(c)
        if aside != self.set_aside:
            for c in SET_ASIDE:
                self.table.setColumnHidden(c, c in aside)
            self.set_aside = aside
        shown = {c: wants[c] for c in columns if c not in aside}
        widths = _share(shown, floors, room - attention)
        for c, width in widths.items():
            if header.sectionSize(c) != width:
                header.resizeSection(c, width)

    def _heading_width(self, column: int) -> int:
        """The width a column's heading needs; room for the sort arrow only where it is."""
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() == column:
            return header.sectionSizeHint(column)
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        heading = self.model.headerData(column, Qt.Orientation.Horizontal)
        return header.fontMetrics().horizontalAdvance(heading) + 4 * margin

    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _on_filter(self, text: str) -> None:
        self.proxy.set_search(text)

    def _on_activated(self, index: QModelIndex) -> None:
        self.childActivated.emit(index.data(CHILD_ID_ROLE))

    def chosen_child(self) -> str | None:
        """The child whose row is chosen, if any."""
        index = self.table.currentIndex()
        return index.data(CHILD_ID_ROLE) if index.isValid() else None

    def _choose(self, child_id: str | None) -> None:
        if child_id is None:
            self._offer_household()
            return
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, CHILD)
            if index.data(CHILD_ID_ROLE) == child_id:
                self.table.setCurrentIndex(index)
                break
        self._offer_household()

    def _offer_household(self) -> None:
        chosen = self.chosen_child() is not None
        self.household_button.setEnabled(chosen)
        self.household_button.setToolTip(
            self.tr("One visit to the chosen child and the children they live with (Ctrl+Shift+N)")
            if chosen
            else self.tr("Choose a child in the list first, then start their household's visit")
        )

    def _on_household_visit(self) -> None:
        child_id = self.chosen_child()
        if child_id is not None and self.isVisible():
            self.householdVisitRequested.emit(child_id)


def _share(wants: dict[int, int], floors: dict[int, int], room: int) -> dict[int, int]:
    """Widths within ``room``: every column as wide as it wants if that fits, else the widest
    cut to one common limit (never below its floor)."""
    if sum(wants.values()) <= room:
        return dict(wants)
    low, high = 0, max(wants.values())
    while low < high:  # the widest limit at which everything fits
        limit = (low + high + 1) // 2
        if sum(max(floors[c], min(w, limit)) for c, w in wants.items()) <= room:
            low = limit
        else:
            high = limit - 1
    return {c: max(floors[c], min(w, low)) for c, w in wants.items()}
