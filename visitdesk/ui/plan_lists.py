"""The lists a child's plan keeps on the child's page (meetings, holidays), each with what the
standards say is due for it."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from visitdesk.services.meetings import when
from visitdesk.services.views import PlanView
from visitdesk.standards import Finding, Judgement, ScheduleItem
from visitdesk.standards.case import HolidayFacts, MeetingFacts

# What the standards say about the plan's meetings, shown beside them: the dates coming up,
# and for each the finding that says it has passed (shown instead of the bare date).
MEETING_SCHEDULE = {
    "progress_meeting": "meeting.progress_overdue",
    "meeting_notes": "meeting.notes_overdue",
    "plan_review": "plan.review_due",
}


def _meeting_item(item: ScheduleItem) -> bool:
    return item.kind in MEETING_SCHEDULE or item.kind.startswith("meeting")


def _meeting_finding(finding: Finding) -> bool:
    return finding.code.startswith(("meeting.", "plan.review"))


def _holiday_finding(finding: Finding) -> bool:
    return finding.visit is None and "holiday" in finding.code


def _due_line(item: ScheduleItem, today: date) -> str:
    """One line of what is due (its words translated in the context of the page that shows it)."""
    what = escape(item.label)
    if item.due is None:
        #: {what} is something the standard says is due, for example "Plan progress meeting".
        return QCoreApplication.translate("ChildPage", "{what}: no date yet").format(what=what)
    #: {what} is something the standard says is due; {date} the day it is due by.
    line = QCoreApplication.translate("ChildPage", "{what} by <b>{date}</b>")
    line = line.format(what=what, date=when(item.due))
    if item.due < today:
        #: Said after a date that has passed.
        overdue = QCoreApplication.translate("ChildPage", "overdue")
        line += f' — <b style="color: #a4262c;">{overdue}</b>'
    return line


def _finding_line(finding: Finding) -> str:
    colour = {"error": "#a4262c", "warning": "#8a4b00"}.get(finding.severity, "")
    style = f' style="color: {colour};"' if colour else ""
    return f"<span{style}>{escape(finding.message)}</span> <i>({escape(finding.source)})</i>"


def table_defaults(table: QTableView) -> None:
    """Read-only rows chosen whole, columns sized to what they hold: the page's tables."""
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table_defaults(table)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return table


def _fit_rows(table: QTableWidget, shown: int = 4) -> None:
    """Tall enough for a few rows without scrolling, and no taller: the page has more below."""
    rows = max(1, min(table.rowCount(), shown))
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(rows)) if table.rowCount() else 26
    table.setFixedHeight(height)


class _PlanListBox(QGroupBox):
    """A list the plan keeps (meetings, holidays), with what is due and buttons to change it.

    Each list gives its own words for adding and for choosing one (a noun alone cannot be
    put into every language's sentence)."""

    def __init__(
        self, title: str, columns: list[str], add: str, to_change: str, to_remove: str
    ) -> None:
        super().__init__(title)
        self.plan_id: str | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        #: {list} is the list's title: "Plan meetings" or "Family holidays".
        self.summary.setAccessibleName(self.tr("{list}: what is due").format(list=title))
        self.table = _table(columns, title)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.add_button = QPushButton(add)
        self.change_button = QPushButton(self.tr("Change…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.change_button.setToolTip(to_change)
        self.remove_button.setToolTip(to_remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.change_button.click())
        self._editable = False

    def _fill(self, rows: list[list[str]], empty_text: str) -> None:
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r)
                self.table.setItem(r, c, item)
        self.table.setVisible(bool(rows))
        self.empty.setText(empty_text)
        self.empty.setVisible(not rows)
        _fit_rows(self.table)

    def set_editable(self, editable: bool, why: str = "") -> None:
        self._editable = editable
        self.add_button.setEnabled(editable)
        self.add_button.setToolTip(why)
        self._on_selection()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].row() if rows else None

    def _on_selection(self) -> None:
        chosen = self._editable and self.selected_row() is not None
        self.change_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def show_summary(self, lines: list[str]) -> None:
        self.summary.setText("<br>".join(lines))
        self.summary.setVisible(bool(lines))


class MeetingsBox(_PlanListBox):
    """A Child in Need plan's progress meetings and reviews, and when the next is due."""

    def __init__(self) -> None:
        super().__init__(
            self.tr("Plan meetings"),
            [self.tr("Date"), self.tr("Meeting"), self.tr("Status"), self.tr("Notes sent out")],
            self.tr("Add meeting…"),
            self.tr("Choose a meeting in the list to change it"),
            self.tr("Choose a meeting in the list to remove it"),
        )
        self.meetings: list[MeetingFacts] = []

    def load(self, plan: PlanView | None, today: date) -> None:
        self.plan_id = plan.id if plan is not None else None
        # Most recent first: the meeting a worker is writing up is at the top.
        meetings_held = plan.meetings if plan is not None else ()
        self.meetings = sorted(meetings_held, key=lambda m: m.date, reverse=True)
        rows = []
        for m in self.meetings:
            if not m.held:
                status = self.tr("Booked") if m.date >= today else self.tr("Did not take place")
                notes = "—"
            else:
                status = self.tr("Held")
                notes = when(m.notes_circulated_on) if m.notes_circulated_on else self.tr("Not yet")
            kind = MEETING_LABELS[m.kind]
            rows.append([when(m.date), self.tr(kind), status, notes])
        self._fill(
            rows,
            self.tr(
                "No meetings recorded yet. Add the first progress meeting when it is booked "
                "or held."
            ),
        )

    def chosen(self) -> MeetingFacts | None:
        row = self.selected_row()
        return self.meetings[row] if row is not None and row < len(self.meetings) else None

    def show_judgement(self, result: Judgement | None, today: date) -> None:
        if result is None:
            self.show_summary([])
            return
        found = [f for f in result.findings if _meeting_finding(f)]
        said = {f.code for f in found if f.severity in ("error", "warning")}
        # What needs doing now first, then what is coming up; a date that has passed is
        # left to the finding that says so and what to do.
        lines = [_finding_line(f) for f in found]
        lines += [
            _due_line(i, today)
            for i in result.schedule
            if _meeting_item(i)
            and not (i.due is not None and i.due < today and MEETING_SCHEDULE.get(i.kind) in said)
        ]
        self.show_summary(lines)


class HolidaysBox(_PlanListBox):
    """Family holidays the plan allows for (004 I.12-I.13)."""

    def __init__(self) -> None:
        super().__init__(
            self.tr("Family holidays"),
            [self.tr("From"), self.tr("To"), self.tr("Where")],
            self.tr("Add holiday…"),
            self.tr("Choose a holiday in the list to change it"),
            self.tr("Choose a holiday in the list to remove it"),
        )
        self.holidays: list[HolidayFacts] = []

    def load(self, plan: PlanView | None, today: date) -> None:
        self.plan_id = plan.id if plan is not None else None
        holidays = plan.holidays if plan is not None else ()
        self.holidays = sorted(holidays, key=lambda h: h.start, reverse=True)
        rows = [
            [when(h.start), when(h.end), self.tr("Abroad") if h.abroad else self.tr("In the UK")]
            for h in self.holidays
        ]
        self._fill(
            rows,
            self.tr(
                "No holidays recorded. When the family plans to go away, record it "
                "here and agree how you will keep in touch."
            ),
        )

    def chosen(self) -> HolidayFacts | None:
        row = self.selected_row()
        return self.holidays[row] if row is not None and row < len(self.holidays) else None

    def show_judgement(self, result: Judgement | None, today: date) -> None:
        findings = result.findings if result is not None else []
        self.show_summary([_finding_line(f) for f in findings if _holiday_finding(f)])


MEETING_LABELS = {
    "progress": QT_TRANSLATE_NOOP("MeetingsBox", "Progress meeting"),
    "review": QT_TRANSLATE_NOOP("MeetingsBox", "Review"),
}
