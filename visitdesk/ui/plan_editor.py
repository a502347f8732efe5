"""The plan editor on a child's page: the plan's type, dates, visiting frequency and the facts
each kind of plan needs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from visitdesk.services.choices import PLAN_TYPES
from visitdesk.services.records import PlanInput
from visitdesk.services.views import PlanView
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
