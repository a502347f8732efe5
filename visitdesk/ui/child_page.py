"""A child's page: who they are, their plan (editable) with its meetings and holidays, what is
due under the standard, and their visits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services import meetings, records, views
from visitdesk.services.changes import Changes
from visitdesk.services.checks import evaluate_child
from visitdesk.services.choices import PLAN_TYPES
from visitdesk.services.meetings import when
from visitdesk.services.records import PlanInput
from visitdesk.services.views import ChildView, PlanView
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Finding, Judgement, ScheduleItem
from visitdesk.standards.case import HolidayFacts, MeetingFacts
from visitdesk.ui.hub import Hub
from visitdesk.ui.meetings import HolidayDialog, MeetingDialog
from visitdesk.ui.models import ID_ROLE, VisitTableModel
from visitdesk.ui.widgets import DateField

# Shown translated (the first of each pair); the second is what is stored.
UNIT_LABELS = [
    (QT_TRANSLATE_NOOP("PlanEditor", "days"), "days"),
    (QT_TRANSLATE_NOOP("PlanEditor", "weeks"), "weeks"),
    (QT_TRANSLATE_NOOP("PlanEditor", "working days"), "working_days"),
]


def _qdate(value: date | None) -> QDate:
    return QDate(value) if value else QDate()


DCS_CHOICES = (
    (QT_TRANSLATE_NOOP("PlanEditor", "Not supported by the service"), ""),
    (QT_TRANSLATE_NOOP("PlanEditor", "Family Support"), "family_support"),
    (QT_TRANSLATE_NOOP("PlanEditor", "Direct Payments"), "direct_payments"),
)


class PlanEditor(QGroupBox):
    """The child's current plan, as agreed: type, dates, visiting frequency and its reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Plan"), parent)
        self.plan: PlanView | None = None
        self.plan_type = QComboBox()
        self.plan_type.addItems(PLAN_TYPES)  # the plan types' own short names
        self.plan_type.setAccessibleName(self.tr("Plan type"))
        self.start = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.start.setAccessibleName(self.tr("Plan start"))
        self.allocated = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.allocated.setAccessibleName(self.tr("Allocated on"))
        self.agreed = QCheckBox(self.tr("The plan sets its own visiting frequency"))
        self.every = QSpinBox(minimum=1, maximum=365)
        self.every.setAccessibleName(self.tr("Visit every"))
        self.unit = QComboBox()
        for label, value in UNIT_LABELS:
            self.unit.addItem(self.tr(label), value)
        self.unit.setAccessibleName(self.tr("Interval unit"))
        self.rationale = QLineEdit()
        self.rationale.setAccessibleName(self.tr("Why this frequency was agreed"))
        self.rationale.setPlaceholderText(self.tr("e.g. agreed at the initial conference"))
        self.ehe = QCheckBox(self.tr("Electively home educated"))
        # Looked-after children: the placement facts the regulations count from.
        self.placement_start = DateField(self.tr("Current placement started on"))
        self.until_18 = QCheckBox(self.tr("Placement meant to last until they are 18"))
        self.first_review = DateField(self.tr("First review (looked after) on"))
        self.reg24 = QCheckBox(self.tr("Regulation 24 placement (connected person)"))
        # Children in need supported by the Disabled Children's Service.
        self.dcs = QComboBox()
        self.dcs.setAccessibleName(self.tr("Disabled Children's Service support"))
        for label, value in DCS_CHOICES:
            self.dcs.addItem(self.tr(label), value)
        self.save_button = QPushButton(self.tr("Save plan"))
        self.message = QLabel()
        self.message.setWordWrap(True)

        interval = QHBoxLayout()
        interval.addWidget(QLabel(self.tr("every")))
        interval.addWidget(self.every)
        interval.addWidget(self.unit)
        interval.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Plan &type:"), self.plan_type)
        form.addRow(self.tr("Plan &start:"), self.start)
        form.addRow(self.tr("A&llocated on:"), self.allocated)
        form.addRow(self.agreed)
        form.addRow(self.tr("Visits:"), interval)
        form.addRow(self.tr("&Rationale:"), self.rationale)
        form.addRow(self.ehe)
        form.addRow(self.tr("&Disabled Children's Service:"), self.dcs)
        form.addRow(self.tr("Placement st&arted:"), self.placement_start)
        form.addRow(self.until_18)
        form.addRow(self.tr("First re&view:"), self.first_review)
        form.addRow(self.reg24)
        self.form = form
        form.addRow(self.message)
        form.addRow(self.save_button)
        self.agreed.toggled.connect(self._on_agreed)
        self.plan_type.currentTextChanged.connect(self._show_for_plan)
        self._show_for_plan(self.plan_type.currentText())

    def _show_for_plan(self, plan_type: str) -> None:
        """Ask only what the plan type needs: placement facts for a looked-after child, the
        Disabled Children's Service level for a child in need."""
        looked_after = plan_type in ("CLA", "CP+CLA")
        for widget in (self.placement_start, self.until_18, self.first_review, self.reg24):
            self.form.setRowVisible(widget, looked_after)
        self.form.setRowVisible(self.dcs, plan_type == "CIN")

    def show_message(self, text: str) -> None:
        # No empty line under the plan when there is nothing to say.
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _on_agreed(self, on: bool) -> None:
        for widget in (self.every, self.unit, self.rationale):
            widget.setEnabled(on)

    def load(self, plan: PlanView | None) -> None:
        self.plan = plan
        if plan is None:
            return
        self.plan_type.setCurrentText(plan.plan_type)
        self.start.setDate(_qdate(plan.start_date))
        self.allocated.setDate(_qdate(plan.allocated_on or plan.start_date))
        self.agreed.setChecked(plan.visit_every is not None)
        self.every.setValue(plan.visit_every or 10)
        self.unit.setCurrentIndex(max(0, self.unit.findData(plan.visit_unit or "working_days")))
        self.rationale.setText(plan.visit_rationale)
        self.ehe.setChecked(plan.electively_home_educated)
        self.reg24.setChecked(plan.regulation_24)
        self.placement_start.set_date(plan.placement_start)
        self.until_18.setChecked(plan.placement_until_18)
        self.first_review.set_date(plan.first_review_date)
        self.dcs.setCurrentIndex(max(0, self.dcs.findData(plan.dcs_level or "")))
        self._on_agreed(self.agreed.isChecked())
        self._show_for_plan(plan.plan_type)

    def value(self) -> PlanInput:
        """The plan as shown; UserError for a date typed that is not a date."""
        agreed = self.agreed.isChecked()
        looked_after = self.plan_type.currentText() in ("CLA", "CP+CLA")
        in_need = self.plan_type.currentText() == "CIN"
        return PlanInput(
            plan_type=self.plan_type.currentText(),
            start_date=self.start.date().toPython(),
            allocated_on=self.allocated.date().toPython(),
            end_date=self.plan.end_date if self.plan else None,
            visit_every=self.every.value() if agreed else None,
            visit_unit=self.unit.currentData() if agreed else None,
            visit_rationale=self.rationale.text() if agreed else "",
            electively_home_educated=self.ehe.isChecked(),
            regulation_24=looked_after and self.reg24.isChecked(),
            placement_start=self.placement_start.date() if looked_after else None,
            placement_until_18=looked_after and self.until_18.isChecked(),
            first_review_date=self.first_review.date() if looked_after else None,
            dcs_level=(self.dcs.currentData() or None) if in_need else None,
        )


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


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    ChildPage._table_defaults(table)
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
# Asked before a meeting is removed, by its kind ({date} is the meeting's, "Tue 3 Mar 2026").
REMOVE_MEETING = {
    "progress": QT_TRANSLATE_NOOP(
        "ChildPage", "Remove the progress meeting on {date} from the plan?"
    ),
    "review": QT_TRANSLATE_NOOP("ChildPage", "Remove the review meeting on {date} from the plan?"),
}


class ChildPage(QWidget):
    """One child's page. It reloads itself when ``hub.changed`` says the child changed; every
    write it makes goes through ``hub.ops``."""

    visitOpened = Signal(str)
    back = Signal()

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.child_id: str | None = None
        self.child: ChildView | None = None
        # Changed while hidden (behind a record, or the caseload): reloaded when next shown.
        self._stale = False

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        back = QPushButton(self.tr("Back to caseload"))
        back.clicked.connect(self.back.emit)
        self.notice = QLabel()
        self.notice.setAccessibleName(self.tr("Notice"))
        self.export_button = QPushButton(self.tr("&Export PDF…"))
        self.export_button.setToolTip(self.tr("All of this child's visit records in one PDF"))
        self.export_button.clicked.connect(self._on_export)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.clicked.connect(self._on_print)
        self.new_visit = QPushButton(self.tr("&New visit (Ctrl+N)"))
        self.new_visit.clicked.connect(self._on_new_visit)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self._on_new_visit)

        self.plan_editor = PlanEditor()
        self.plan_editor.save_button.clicked.connect(self._on_save_plan)
        self.meetings_box = MeetingsBox()
        self.meetings_box.add_button.clicked.connect(self._on_add_meeting)
        self.meetings_box.change_button.clicked.connect(self._on_change_meeting)
        self.meetings_box.remove_button.clicked.connect(self._on_remove_meeting)
        self.holidays_box = HolidaysBox()
        self.holidays_box.add_button.clicked.connect(self._on_add_holiday)
        self.holidays_box.change_button.clicked.connect(self._on_change_holiday)
        self.holidays_box.remove_button.clicked.connect(self._on_remove_holiday)

        self.schedule = QTableWidget(0, 3)
        self.schedule.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("Due by"), self.tr("Standard")]
        )
        self.schedule.setAccessibleName(self.tr("What the standard says is due"))
        self._table_defaults(self.schedule)

        self.visits_model = VisitTableModel(self)
        self.visits = QTableView()
        self.visits.setModel(self.visits_model)
        self.visits.setAccessibleName(self.tr("Visit history"))
        self._table_defaults(self.visits)
        self.visits.activated.connect(self._on_visit_activated)
        self.visits.doubleClicked.connect(self._on_visit_activated)

        schedule_box = QGroupBox(self.tr("Due under the standard"))
        QVBoxLayout(schedule_box).addWidget(self.schedule)
        history_box = QGroupBox(self.tr("Visits"))
        QVBoxLayout(history_box).addWidget(self.visits)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.notice)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        top.addWidget(self.new_visit)
        top.addWidget(back)
        column = QWidget()
        left = QVBoxLayout(column)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.details)
        left.addWidget(self.plan_editor)
        left.addWidget(self.meetings_box)
        left.addWidget(self.holidays_box)
        left.addStretch(1)
        # A long plan (many meetings) scrolls on a small laptop screen instead of squashing.
        self.plan_column = QScrollArea()
        self.plan_column.setWidget(column)
        self.plan_column.setWidgetResizable(True)
        self.plan_column.setFrameShape(QFrame.Shape.NoFrame)
        self.plan_column.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QVBoxLayout()
        right.addWidget(schedule_box, 2)
        right.addWidget(history_box, 3)
        body = QHBoxLayout()
        body.addWidget(self.plan_column, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        hub.changed.connect(self._on_changed)

    @staticmethod
    def _table_defaults(table: QTableView) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    def clear(self) -> None:
        """Forget what is shown (on lock): no child's details stay in the widgets."""
        self.child_id = None
        self.child = None
        self._stale = False
        for label in (self.title, self.details, self.notice):
            label.clear()
        self.schedule.setRowCount(0)
        self.visits_model.clear()
        self.plan_editor.plan = None
        for box in (self.meetings_box, self.holidays_box):
            box.load(None, self.ws.today())
            box.show_judgement(None, self.ws.today())

    def show_child(self, child_id: str) -> None:
        self.child_id = child_id
        self.reload()

    def reload(self) -> None:
        """Show the child's page afresh from what is stored."""
        if self.child_id is None:
            return
        self._stale = False
        today = self.ws.today()
        child = views.child_page(self.ws, self.child_id, today)
        visits = views.visit_rows(self.ws, self.child_id)
        self.child = child
        self.title.setText(f"<h2>{child.full_name}</h2>")
        if child.date_of_birth:
            #: {date} is the date of birth, for example 4 March 2016.
            born = self.tr("born {date}").format(date=f"{child.date_of_birth:%-d %B %Y}")
        else:
            #: {date} is the date the baby is expected, for example 4 March 2016.
            born = self.tr("expected {date}").format(date=f"{child.expected_birth_date:%-d %B %Y}")
        self.details.setText(
            #: {age} is the child's age; {born} when they were born ("born 4 March 2016");
            #: {reference} the case-system reference.
            self.tr("{age}, {born}<br>Case reference: {reference}<br>{address}").format(
                age=child.age,
                born=born,
                reference=child.case_reference or self.tr("none"),
                address=child.address,
            )
        )
        self.plan_editor.load(child.plan)
        self.plan_editor.show_message("")
        self._show_plan_lists(child, today)
        # The record chosen stays chosen when the list is read again.
        chosen = self.visits_model.row_id(self.visits.currentIndex().row())
        self.visits_model.set_rows(visits)
        row = self.visits_model.row_of(chosen)
        if row is not None:
            self.visits.setCurrentIndex(self.visits_model.index(row, 0))
        self._show_schedule()

    def _show_plan_lists(self, child: ChildView, today: date) -> None:
        plan = child.plan
        why = "" if child.editable else self.tr("Only the child's own worker can change their plan")
        self.meetings_box.load(plan, today)
        self.holidays_box.load(plan, today)
        # Progress meetings and reviews are part of a Child in Need plan; a holiday can
        # matter to any plan.
        self.meetings_box.setVisible(plan is not None and plan.plan_type == "CIN")
        self.holidays_box.setVisible(plan is not None)
        self.meetings_box.set_editable(child.editable, why)
        self.holidays_box.set_editable(child.editable, why)

    def _show_schedule(self) -> None:
        today = self.ws.today()
        try:
            result = evaluate_child(self.ws, self.child_id)
        except UserError as exc:
            self.schedule.setRowCount(1)
            self.schedule.setItem(0, 0, QTableWidgetItem(str(exc)))
            for box in (self.meetings_box, self.holidays_box):
                box.show_judgement(None, today)
            return
        self.meetings_box.show_judgement(result, today)
        self.holidays_box.show_judgement(result, today)
        items = list(result.schedule)
        self.schedule.setRowCount(len(items))
        for row, item in enumerate(items):
            due = "—" if item.due is None else f"{item.due:%a %-d %b %Y}"
            if item.due is not None and item.due < today:
                #: {date} is the day something was due by.
                due = self.tr("{date} (overdue)").format(date=due)
            for col, text in enumerate((item.label, due, item.source)):
                self.schedule.setItem(row, col, QTableWidgetItem(text))

    def _on_save_plan(self) -> None:
        plan = self.plan_editor.plan
        if plan is None:
            return
        try:
            value = self.plan_editor.value()
        except UserError as exc:
            #: {problem} says why the plan was not saved.
            self.plan_editor.show_message(self.tr("Not saved: {problem}").format(problem=exc))
            return

        # A plan the service refuses is explained under the plan, where it was typed.
        saved = self.hub.ops.run(
            lambda: (True, records.update_plan(self.ws, plan.id, value)),
            parent=self,
            on_refused=lambda exc: self.plan_editor.show_message(
                self.tr("Not saved: {problem}").format(problem=exc)
            ),
        )
        if saved:
            self.plan_editor.show_message(self.tr("Plan saved."))

    # --- meetings and holidays: each a dialog that saves through the runner, which announces
    # the change (this page reloads from that); the page then says what was done ---

    def _on_add_meeting(self) -> None:
        if self.meetings_box.plan_id is None:
            return
        _id, ok = MeetingDialog.ask(self.ws, self.meetings_box.plan_id, parent=self, hub=self.hub)
        if ok:
            self.notice.setText(self.tr("Meeting added to the plan."))

    def _on_change_meeting(self) -> None:
        meeting = self.meetings_box.chosen()
        if meeting is None or self.meetings_box.plan_id is None:
            return
        _id, ok = MeetingDialog.ask(
            self.ws, self.meetings_box.plan_id, meeting, parent=self, hub=self.hub
        )
        if ok:
            self.notice.setText(self.tr("Meeting changed."))

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            APP_NAME,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, write: Callable[[], Changes], notice: str) -> None:
        def refused(exc: UserError) -> None:
            # Said as a sentence; then the page shows what is stored, which may have moved on.
            text = str(exc).rstrip(".")
            QMessageBox.warning(self, APP_NAME, text[:1].upper() + text[1:] + ".")
            self.reload()

        done = self.hub.ops.run(lambda: (True, write()), parent=self, on_refused=refused)
        if done:
            self.notice.setText(notice)

    def _on_remove_meeting(self) -> None:
        meeting, plan_id = self.meetings_box.chosen(), self.meetings_box.plan_id
        if meeting is None or plan_id is None:
            return
        question = REMOVE_MEETING[meeting.kind]
        if self._confirm(self.tr(question).format(date=when(meeting.date))):
            self._run(
                lambda: meetings.remove_meeting(self.ws, plan_id, meeting.id),
                self.tr("Meeting removed from the plan."),
            )

    def _on_add_holiday(self) -> None:
        if self.holidays_box.plan_id is None:
            return
        _saved, ok = HolidayDialog.ask(
            self.ws, self.holidays_box.plan_id, parent=self, hub=self.hub
        )
        if ok:
            self.notice.setText(self.tr("Holiday added to the plan."))

    def _on_change_holiday(self) -> None:
        holiday = self.holidays_box.chosen()
        if holiday is None or self.holidays_box.plan_id is None:
            return
        _saved, ok = HolidayDialog.ask(
            self.ws, self.holidays_box.plan_id, holiday, parent=self, hub=self.hub
        )
        if ok:
            self.notice.setText(self.tr("Holiday changed."))

    def _on_remove_holiday(self) -> None:
        holiday, plan_id = self.holidays_box.chosen(), self.holidays_box.plan_id
        if holiday is None or plan_id is None:
            return
        #: {start} and {end} are the first and last days away, for example 4 Mar 2026.
        question = self.tr("Remove the holiday from {start} to {end} from the plan?")
        if self._confirm(question.format(start=when(holiday.start), end=when(holiday.end))):
            self._run(
                lambda: meetings.remove_holiday(self.ws, plan_id, holiday),
                self.tr("Holiday removed from the plan."),
            )

    def start_visit_now(self) -> str:
        """Start a draft for a visit now; its id (UserError if it cannot be started)."""
        now = self.ws.now().replace(second=0, microsecond=0)
        plan = views.current_plan_view(self.ws, self.child_id, now.date())
        status = f"{plan.plan_type} Plan" if plan else ""
        return records.start_visit(
            self.ws, self.child_id, now, location="home", status_of_child=status
        )

    def _on_new_visit(self) -> None:
        if self.child_id is None or not self.isVisible():
            return
        # One draft per child at a time: a new visit while one is being written opens it.
        draft = records.draft_for(self.ws, self.child_id)
        if draft is not None:
            self.visitOpened.emit(draft)
            return

        child_id = self.child_id

        def start() -> tuple[str, Changes]:
            visit_id = self.start_visit_now()
            return visit_id, records.changes_of_new_visit(child_id, visit_id)

        visit_id = self.hub.ops.run(start, parent=self)
        if visit_id is not None:
            self.visitOpened.emit(visit_id)

    def _child_name(self) -> str:
        return views.child_name(self.ws, self.child_id)

    def _pdf(self) -> bytes:
        from visitdesk.services import export

        return export.child_pdf(self.ws, self.child_id)

    def _on_export(self) -> None:
        from visitdesk.ui.printing import export_interactively, suggested_pdf_path

        path = export_interactively(
            self,
            self.ws,
            self._pdf,
            what="child",
            entity_id=self.child_id,
            suggested=suggested_pdf_path(self._child_name(), "visits"),
        )
        if path is not None:
            self.notice.setText(self.tr("PDF saved to {path}").format(path=path))

    def _on_print(self) -> None:
        from visitdesk.ui.printing import print_interactively, suggested_pdf_path

        path = print_interactively(
            self,
            self._pdf,
            #: The title of a PDF of a child's visit records; {name} is the child's name.
            self.tr("Visits to {name}").format(name=self._child_name()),
            ws=self.ws,
            what="child",
            entity_id=self.child_id,
            suggested=suggested_pdf_path(self._child_name(), "visits"),
        )
        if path is not None:
            self.notice.setText(self.tr("PDF saved to {path}").format(path=path))

    def _on_visit_activated(self, index: QModelIndex) -> None:
        visit_id = index.data(ID_ROLE) if index.isValid() else None
        if visit_id is not None:
            self.visitOpened.emit(visit_id)

    def _on_changed(self, changes: Changes) -> None:
        if self.child_id is None or not changes.touches_child(self.child_id):
            return
        if self.isVisible() and not self.ws.locked:
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        if self._stale and self.child_id is not None and not self.ws.locked:
            self.reload()
