"""A child's page: who they are, their plan (editable) with its meetings and holidays, what is
due under the standard, and their visits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import meetings, records
from visitdesk.services.caseload import age_text
from visitdesk.services.checks import evaluate_child
from visitdesk.services.facts import current_plan, plan_holidays, plan_meetings
from visitdesk.services.meetings import MEETING_WORDS, when
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import Workspace
from visitdesk.standards import Finding, Judgement, ScheduleItem
from visitdesk.standards.case import HolidayFacts, MeetingFacts
from visitdesk.storage.models import PLAN_TYPES, Child, Plan, Visit
from visitdesk.ui.hub import Hub
from visitdesk.ui.meetings import HolidayDialog, MeetingDialog
from visitdesk.ui.widgets import DateField

STATE_WORDS = {
    "draft": "Draft",
    "completed": "Awaiting authorisation",
    "authorised": "Authorised",
    "returned": "Returned for correction",
}
UNIT_LABELS = [("days", "days"), ("weeks", "weeks"), ("working days", "working_days")]


def _qdate(value: date | None) -> QDate:
    return QDate(value) if value else QDate()


DCS_CHOICES = (
    ("Not supported by the service", ""),
    ("Family Support", "family_support"),
    ("Direct Payments", "direct_payments"),
)


class PlanEditor(QGroupBox):
    """The child's current plan, as agreed: type, dates, visiting frequency and its reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Plan", parent)
        self.plan: Plan | None = None
        self.plan_type = QComboBox()
        self.plan_type.addItems(PLAN_TYPES)
        self.plan_type.setAccessibleName("Plan type")
        self.start = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.start.setAccessibleName("Plan start")
        self.allocated = QDateEdit(calendarPopup=True, displayFormat="d MMM yyyy")
        self.allocated.setAccessibleName("Allocated on")
        self.agreed = QCheckBox("The plan sets its own visiting frequency")
        self.every = QSpinBox(minimum=1, maximum=365)
        self.every.setAccessibleName("Visit every")
        self.unit = QComboBox()
        for label, value in UNIT_LABELS:
            self.unit.addItem(label, value)
        self.unit.setAccessibleName("Interval unit")
        self.rationale = QLineEdit()
        self.rationale.setAccessibleName("Why this frequency was agreed")
        self.rationale.setPlaceholderText("e.g. agreed at the initial conference")
        self.ehe = QCheckBox("Electively home educated")
        # Looked-after children: the placement facts the regulations count from.
        self.placement_start = DateField("Current placement started on")
        self.until_18 = QCheckBox("Placement meant to last until they are 18")
        self.first_review = DateField("First review (looked after) on")
        self.reg24 = QCheckBox("Regulation 24 placement (connected person)")
        # Children in need supported by the Disabled Children's Service.
        self.dcs = QComboBox()
        self.dcs.setAccessibleName("Disabled Children's Service support")
        for label, value in DCS_CHOICES:
            self.dcs.addItem(label, value)
        self.save_button = QPushButton("Save plan")
        self.message = QLabel()
        self.message.setWordWrap(True)

        interval = QHBoxLayout()
        interval.addWidget(QLabel("every"))
        interval.addWidget(self.every)
        interval.addWidget(self.unit)
        interval.addStretch(1)
        form = QFormLayout(self)
        form.addRow("Plan &type:", self.plan_type)
        form.addRow("Plan &start:", self.start)
        form.addRow("A&llocated on:", self.allocated)
        form.addRow(self.agreed)
        form.addRow("Visits:", interval)
        form.addRow("&Rationale:", self.rationale)
        form.addRow(self.ehe)
        form.addRow("&Disabled Children's Service:", self.dcs)
        form.addRow("Placement st&arted:", self.placement_start)
        form.addRow(self.until_18)
        form.addRow("First re&view:", self.first_review)
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

    def load(self, plan: Plan | None) -> None:
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
    if item.due is None:
        return f"{escape(item.label)}: no date yet"
    late = ' — <b style="color: #a4262c;">overdue</b>' if item.due < today else ""
    return f"{escape(item.label)} by <b>{when(item.due)}</b>{late}"


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
    """A list the plan keeps (meetings, holidays), with what is due and buttons to change it."""

    def __init__(self, title: str, columns: list[str], noun: str) -> None:
        super().__init__(title)
        self.plan_id: str | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName(f"{title}: what is due")
        self.table = _table(columns, title)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.add_button = QPushButton(f"Add {noun}…")
        self.change_button = QPushButton("Change…")
        self.remove_button = QPushButton("Remove")
        for button, what in ((self.change_button, "change"), (self.remove_button, "remove")):
            button.setToolTip(f"Choose a {noun} in the list to {what} it")
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
            "Plan meetings", ["Date", "Meeting", "Status", "Notes sent out"], "meeting"
        )
        self.meetings: list[MeetingFacts] = []

    def load(self, plan: Plan | None, today: date) -> None:
        self.plan_id = plan.id if plan is not None else None
        # Most recent first: the meeting a worker is writing up is at the top.
        self.meetings = sorted(plan_meetings(plan), key=lambda m: m.date, reverse=True)
        rows = []
        for m in self.meetings:
            if not m.held:
                status = "Booked" if m.date >= today else "Did not take place"
                notes = "—"
            else:
                status = "Held"
                notes = when(m.notes_circulated_on) if m.notes_circulated_on else "Not yet"
            rows.append([when(m.date), MEETING_LABELS[m.kind], status, notes])
        self._fill(
            rows,
            "No meetings recorded yet. Add the first progress meeting when it is booked or held.",
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
        super().__init__("Family holidays", ["From", "To", "Where"], "holiday")
        self.holidays: list[HolidayFacts] = []

    def load(self, plan: Plan | None, today: date) -> None:
        self.plan_id = plan.id if plan is not None else None
        self.holidays = sorted(plan_holidays(plan), key=lambda h: h.start, reverse=True)
        rows = [
            [when(h.start), when(h.end), "Abroad" if h.abroad else "In the UK"]
            for h in self.holidays
        ]
        self._fill(
            rows,
            "No holidays recorded. When the family plans to go away, record it "
            "here and agree how you will keep in touch.",
        )

    def chosen(self) -> HolidayFacts | None:
        row = self.selected_row()
        return self.holidays[row] if row is not None and row < len(self.holidays) else None

    def show_judgement(self, result: Judgement | None, today: date) -> None:
        findings = result.findings if result is not None else []
        self.show_summary([_finding_line(f) for f in findings if _holiday_finding(f)])


MEETING_LABELS = {"progress": "Progress meeting", "review": "Review"}


class ChildPage(QWidget):
    visitOpened = Signal(str)
    back = Signal()

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.hub = hub
        self.child_id: str | None = None

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        back = QPushButton("Back to caseload")
        back.clicked.connect(self.back.emit)
        self.notice = QLabel()
        self.notice.setAccessibleName("Notice")
        self.export_button = QPushButton("&Export PDF…")
        self.export_button.setToolTip("All of this child's visit records in one PDF")
        self.export_button.clicked.connect(self._on_export)
        self.print_button = QPushButton("&Print…")
        self.print_button.clicked.connect(self._on_print)
        self.new_visit = QPushButton("&New visit (Ctrl+N)")
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
        self.schedule.setHorizontalHeaderLabels(["What", "Due by", "Standard"])
        self.schedule.setAccessibleName("What the standard says is due")
        self._table_defaults(self.schedule)

        self.visits = QTableWidget(0, 5)
        self.visits.setHorizontalHeaderLabels(["Date", "Where", "Seen alone", "State", "By"])
        self.visits.setAccessibleName("Visit history")
        self._table_defaults(self.visits)
        self.visits.cellActivated.connect(self._on_visit_activated)
        self.visits.cellDoubleClicked.connect(self._on_visit_activated)

        schedule_box = QGroupBox("Due under the standard")
        QVBoxLayout(schedule_box).addWidget(self.schedule)
        history_box = QGroupBox("Visits")
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

        hub.visitCompleted.connect(self._on_visit_changed)
        hub.visitSaved.connect(self._on_visit_changed)
        hub.decisionMade.connect(self._on_visit_changed)

    @staticmethod
    def _table_defaults(table: QTableWidget) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    def clear(self) -> None:
        """Forget what is shown (on lock): no child's details stay in the widgets."""
        self.child_id = None
        for label in (self.title, self.details, self.notice):
            label.clear()
        self.schedule.setRowCount(0)
        self.visits.setRowCount(0)
        self.plan_editor.plan = None
        for box in (self.meetings_box, self.holidays_box):
            box.load(None, self.ws.today())
            box.show_judgement(None, self.ws.today())

    def show_child(self, child_id: str) -> None:
        self.child_id = child_id
        today = self.ws.today()
        with self.ws.db.sessions() as session:
            child = session.get(Child, child_id)
            plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
            plan = current_plan(plans, today)
            visits = list(
                session.scalars(
                    select(Visit)
                    .where(Visit.child_id == child_id)
                    .order_by(Visit.visited_at.desc())
                )
            )
            self.title.setText(f"<h2>{child.full_name}</h2>")
            born = (
                f"born {child.date_of_birth:%-d %B %Y}"
                if child.date_of_birth
                else f"expected {child.expected_birth_date:%-d %B %Y}"
            )
            self.details.setText(
                f"{age_text(child.date_of_birth, child.expected_birth_date, today)}, {born}<br>"
                f"Case reference: {child.case_reference or 'none'}<br>"
                f"{child.address}"
            )
            self.plan_editor.load(plan)
            self.plan_editor.show_message("")
            self._show_plan_lists(child, plan, today)
            self.visits.setRowCount(len(visits))
            for row, v in enumerate(visits):
                alone = {"yes": "Yes", "no": "No"}.get(v.seen_alone or "", "—")
                if v.seen == "no":
                    alone = "Not seen"
                state = STATE_WORDS[v.state]
                if v.conflict_of is not None:
                    state = "Other device's version: choose one"
                cells = [
                    f"{v.visited_at:%a %-d %b %Y %H:%M}",
                    (v.location or "—").capitalize(),
                    alone,
                    state,
                    v.created_by,
                ]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, v.id)
                    self.visits.setItem(row, col, item)
        self._show_schedule()

    def _show_plan_lists(self, child: Child, plan: Plan | None, today: date) -> None:
        mine = not child.origin_device or child.origin_device == self.ws.identity.device_id
        why = "" if mine else "Only the child's own worker can change their plan"
        self.meetings_box.load(plan, today)
        self.holidays_box.load(plan, today)
        # Progress meetings and reviews are part of a Child in Need plan; a holiday can
        # matter to any plan.
        self.meetings_box.setVisible(plan is not None and plan.plan_type == "CIN")
        self.holidays_box.setVisible(plan is not None)
        self.meetings_box.set_editable(mine, why)
        self.holidays_box.set_editable(mine, why)

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
                due += " (overdue)"
            for col, text in enumerate((item.label, due, item.source)):
                self.schedule.setItem(row, col, QTableWidgetItem(text))

    def _on_save_plan(self) -> None:
        plan = self.plan_editor.plan
        if plan is None:
            return
        try:
            records.update_plan(self.ws, plan.id, self.plan_editor.value())
        except UserError as exc:
            self.plan_editor.show_message(f"Not saved: {exc}")
            return
        self.hub.childChanged.emit(self.child_id)
        self.show_child(self.child_id)
        self.plan_editor.show_message("Plan saved.")

    # --- meetings and holidays: each a dialog that saves, then the page shows what changed ---

    def _plan_changed(self, notice: str) -> None:
        self.hub.childChanged.emit(self.child_id)
        self.show_child(self.child_id)
        self.notice.setText(notice)

    def _on_add_meeting(self) -> None:
        if self.meetings_box.plan_id is None:
            return
        _id, ok = MeetingDialog.ask(self.ws, self.meetings_box.plan_id, parent=self)
        if ok:
            self._plan_changed("Meeting added to the plan.")

    def _on_change_meeting(self) -> None:
        meeting = self.meetings_box.chosen()
        if meeting is None or self.meetings_box.plan_id is None:
            return
        _id, ok = MeetingDialog.ask(self.ws, self.meetings_box.plan_id, meeting, parent=self)
        if ok:
            self._plan_changed("Meeting changed.")

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            "VisitDesk",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, write: Callable[[], None], notice: str) -> None:
        try:
            write()
        except UserError as exc:
            text = str(exc)
            QMessageBox.warning(self, "VisitDesk", text[:1].upper() + text[1:] + ".")
            self.show_child(self.child_id)
            return
        self._plan_changed(notice)

    def _on_remove_meeting(self) -> None:
        meeting, plan_id = self.meetings_box.chosen(), self.meetings_box.plan_id
        if meeting is None or plan_id is None:
            return
        if self._confirm(
            f"Remove the {MEETING_WORDS[meeting.kind]} on {when(meeting.date)} from the plan?"
        ):
            self._run(
                lambda: meetings.remove_meeting(self.ws, plan_id, meeting.id),
                "Meeting removed from the plan.",
            )

    def _on_add_holiday(self) -> None:
        if self.holidays_box.plan_id is None:
            return
        _saved, ok = HolidayDialog.ask(self.ws, self.holidays_box.plan_id, parent=self)
        if ok:
            self._plan_changed("Holiday added to the plan.")

    def _on_change_holiday(self) -> None:
        holiday = self.holidays_box.chosen()
        if holiday is None or self.holidays_box.plan_id is None:
            return
        _saved, ok = HolidayDialog.ask(self.ws, self.holidays_box.plan_id, holiday, parent=self)
        if ok:
            self._plan_changed("Holiday changed.")

    def _on_remove_holiday(self) -> None:
        holiday, plan_id = self.holidays_box.chosen(), self.holidays_box.plan_id
        if holiday is None or plan_id is None:
            return
        if self._confirm(
            f"Remove the holiday from {when(holiday.start)} to {when(holiday.end)} from the plan?"
        ):
            self._run(
                lambda: meetings.remove_holiday(self.ws, plan_id, holiday),
                "Holiday removed from the plan.",
            )

    def start_visit_now(self) -> str:
        now = self.ws.now().replace(second=0, microsecond=0)
        with self.ws.db.sessions() as session:
            plans = list(session.scalars(select(Plan).where(Plan.child_id == self.child_id)))
            plan = current_plan(plans, now.date())
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
        try:
            visit_id = self.start_visit_now()
        except UserError as exc:
            QMessageBox.warning(self, "VisitDesk", str(exc))
            return
        self.hub.visitSaved.emit(visit_id)
        self.visitOpened.emit(visit_id)

    def _child_name(self) -> str:
        with self.ws.db.sessions() as session:
            return session.get(Child, self.child_id).full_name

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
            self.notice.setText(f"PDF saved to {path}")

    def _on_print(self) -> None:
        from visitdesk.ui.printing import print_interactively, suggested_pdf_path

        path = print_interactively(
            self,
            self._pdf,
            f"Visits to {self._child_name()}",
            ws=self.ws,
            what="child",
            entity_id=self.child_id,
            suggested=suggested_pdf_path(self._child_name(), "visits"),
        )
        if path is not None:
            self.notice.setText(f"PDF saved to {path}")

    def _on_visit_activated(self, row: int, _col: int) -> None:
        item = self.visits.item(row, 0)
        if item is not None:
            self.visitOpened.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_visit_changed(self, _visit_id: str) -> None:
        if self.child_id is not None and self.isVisible():
            self.show_child(self.child_id)
