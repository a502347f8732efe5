"""A child's page: who they are, their plan (editable), what is due under the standard, visits."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import records
from visitdesk.services.caseload import age_text
from visitdesk.services.checks import evaluate_child
from visitdesk.services.facts import current_plan
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import PLAN_TYPES, Child, Plan, Visit
from visitdesk.ui.hub import Hub

STATE_WORDS = {"draft": "Draft", "completed": "Awaiting authorisation",
               "authorised": "Authorised", "returned": "Returned for correction"}
UNIT_LABELS = [("days", "days"), ("weeks", "weeks"), ("working days", "working_days")]


def _qdate(value: date | None) -> QDate:
    return QDate(value) if value else QDate()


class PlanEditor(QGroupBox):
    """The child's current plan, as agreed: type, dates, visiting frequency and its reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Plan", parent)
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
        self.reg24 = QCheckBox("Regulation 24 placement (connected person)")
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
        form.addRow(self.reg24)
        form.addRow(self.message)
        form.addRow(self.save_button)
        self.agreed.toggled.connect(self._on_agreed)

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
        self._on_agreed(self.agreed.isChecked())

    def value(self) -> PlanInput:
        agreed = self.agreed.isChecked()
        plan = self.plan
        return PlanInput(
            plan_type=self.plan_type.currentText(),
            start_date=self.start.date().toPython(),
            allocated_on=self.allocated.date().toPython(),
            end_date=plan.end_date if plan else None,
            visit_every=self.every.value() if agreed else None,
            visit_unit=self.unit.currentData() if agreed else None,
            visit_rationale=self.rationale.text() if agreed else "",
            electively_home_educated=self.ehe.isChecked(),
            regulation_24=self.reg24.isChecked(),
            placement_start=plan.placement_start if plan else None,
            placement_until_18=plan.placement_until_18 if plan else False,
            first_review_date=plan.first_review_date if plan else None,
            dcs_level=plan.dcs_level if plan else None,
        )


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
        left = QVBoxLayout()
        left.addWidget(self.details)
        left.addWidget(self.plan_editor)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(schedule_box, 2)
        right.addWidget(history_box, 3)
        body = QHBoxLayout()
        body.addLayout(left, 2)
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

    def show_child(self, child_id: str) -> None:
        self.child_id = child_id
        today = self.ws.today()
        with self.ws.db.sessions() as session:
            child = session.get(Child, child_id)
            plans = list(session.scalars(select(Plan).where(Plan.child_id == child_id)))
            plan = current_plan(plans, today)
            visits = list(session.scalars(
                select(Visit).where(Visit.child_id == child_id)
                .order_by(Visit.visited_at.desc())))
            self.title.setText(f"<h2>{child.full_name}</h2>")
            born = (f"born {child.date_of_birth:%-d %B %Y}" if child.date_of_birth
                    else f"expected {child.expected_birth_date:%-d %B %Y}")
            self.details.setText(
                f"{age_text(child.date_of_birth, child.expected_birth_date, today)}, {born}<br>"
                f"Case reference: {child.case_reference or 'none'}<br>"
                f"{child.address}"
            )
            self.plan_editor.load(plan)
            self.plan_editor.message.clear()
            self.visits.setRowCount(len(visits))
            for row, v in enumerate(visits):
                alone = {"yes": "Yes", "no": "No"}.get(v.seen_alone or "", "—")
                if v.seen == "no":
                    alone = "Not seen"
                state = STATE_WORDS[v.state]
                if v.conflict_of is not None:
                    state = "Other device's version: choose one"
                cells = [f"{v.visited_at:%a %-d %b %Y %H:%M}", (v.location or "—").capitalize(),
                         alone, state, v.created_by]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, v.id)
                    self.visits.setItem(row, col, item)
        self._show_schedule()

    def _show_schedule(self) -> None:
        try:
            result = evaluate_child(self.ws, self.child_id)
        except UserError as exc:
            self.schedule.setRowCount(1)
            self.schedule.setItem(0, 0, QTableWidgetItem(str(exc)))
            return
        items = list(result.schedule)
        self.schedule.setRowCount(len(items))
        today = self.ws.today()
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
            self.plan_editor.message.setText(f"Not saved: {exc}")
            return
        self.hub.childChanged.emit(self.child_id)
        self.show_child(self.child_id)
        self.plan_editor.message.setText("Plan saved.")

    def start_visit_now(self) -> str:
        now = datetime.now().replace(second=0, microsecond=0)
        with self.ws.db.sessions() as session:
            plans = list(session.scalars(select(Plan).where(Plan.child_id == self.child_id)))
            plan = current_plan(plans, now.date())
        status = f"{plan.plan_type} Plan" if plan else ""
        return records.start_visit(self.ws, self.child_id, now, location="home",
                                   status_of_child=status)

    def _on_new_visit(self) -> None:
        if self.child_id is None or not self.isVisible():
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

        path = export_interactively(self, self.ws, self._pdf, what="child",
                                    entity_id=self.child_id,
                                    suggested=suggested_pdf_path(self._child_name(), "visits"))
        if path is not None:
            self.notice.setText(f"PDF saved to {path}")

    def _on_print(self) -> None:
        from visitdesk.ui.printing import print_interactively, suggested_pdf_path

        path = print_interactively(self, self._pdf, f"Visits to {self._child_name()}",
                                   ws=self.ws, what="child", entity_id=self.child_id,
                                   suggested=suggested_pdf_path(self._child_name(), "visits"))
        if path is not None:
            self.notice.setText(f"PDF saved to {path}")

    def _on_visit_activated(self, row: int, _col: int) -> None:
        item = self.visits.item(row, 0)
        if item is not None:
            self.visitOpened.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_visit_changed(self, _visit_id: str) -> None:
        if self.child_id is not None and self.isVisible():
            self.show_child(self.child_id)
