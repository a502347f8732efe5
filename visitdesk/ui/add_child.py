"""Add a child to the caseload: who they are and the plan they are on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import records
from visitdesk.services.changes import Changes
from visitdesk.services.choices import PLAN_TYPES
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.operations import Operations
from visitdesk.ui.widgets import DateField


def _date_edit(name: str, value: date) -> QDateEdit:
    # Numbers only, so a date can be typed digit by digit: 04032016 is 4 March 2016.
    edit = QDateEdit(QDate(value), calendarPopup=True, displayFormat="dd/MM/yyyy")
    edit.setAccessibleName(name)
    return edit


class AddChildDialog(QDialog):
    """Who the child is and their plan; adding them goes through the hub's operation runner,
    which announces the new child. A refusal is shown under the fields."""

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        # Without a hub (the dialog opened on its own) the child is added the same way and
        # nobody is told.
        self.ops = hub.ops if hub is not None else Operations(None, self)
        self.child_id: str | None = None
        self.setWindowTitle(self.tr("Add a child"))
        self.setMinimumWidth(460)
        today = ws.today()

        self.given = QLineEdit()
        self.given.setAccessibleName(self.tr("Given name"))
        self.family = QLineEdit()
        self.family.setAccessibleName(self.tr("Family name"))
        self.unborn = QCheckBox(self.tr("Not yet born (give the expected date)"))
        self.born = DateField(self.tr("Date of birth or expected date"))
        self.born.setAccessibleDescription(
            self.tr(
                "Type the date, for example 4 Mar 2016; for an unborn child tick Not yet born "
                "and give the expected date"
            )
        )
        self.reference = QLineEdit()
        self.reference.setAccessibleName(self.tr("Case-system reference"))
        self.address = QPlainTextEdit()
        self.address.setAccessibleName(self.tr("Address"))
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(60)
        self.plan_type = QComboBox()
        self.plan_type.addItems(PLAN_TYPES)  # the plan types' own short names
        self.plan_type.setAccessibleName(self.tr("Plan type"))
        self.plan_start = _date_edit(self.tr("Plan start"), today)
        self.allocated = _date_edit(self.tr("Allocated to you on"), today)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add child"))
        self.buttons.accepted.connect(self._on_add)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Given name:"), self.given)
        form.addRow(self.tr("&Family name:"), self.family)
        form.addRow(self.unborn)
        form.addRow(self.tr("&Born (or expected):"), self.born)
        form.addRow(self.tr("Case &reference:"), self.reference)
        form.addRow(self.tr("A&ddress:"), self.address)
        form.addRow(self.tr("&Plan:"), self.plan_type)
        form.addRow(self.tr("Plan &start:"), self.plan_start)
        form.addRow(self.tr("A&llocated to you on:"), self.allocated)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _add(self) -> tuple[str, Changes]:
        """Add the child as typed; their id and what changed (UserError if refused)."""
        born = self.born.date()
        if born is not None and self.unborn.isChecked() and born < self.ws.today():
            raise UserError(
                self.tr(
                    "the expected date has passed; if the baby has been born, "
                    "untick Not yet born and give the date of birth"
                )
            )
        child_id = records.add_child(
            self.ws,
            given_name=self.given.text(),
            family_name=self.family.text(),
            date_of_birth=None if self.unborn.isChecked() else born,
            expected_birth_date=born if self.unborn.isChecked() else None,
            case_reference=self.reference.text(),
            address=self.address.toPlainText(),
            plan=PlanInput(
                self.plan_type.currentText(),
                self.plan_start.date().toPython(),
                allocated_on=self.allocated.date().toPython(),
            ),
        )
        return child_id, records.changes_of_new_child(child_id)

    def _show_error(self, exc: UserError) -> None:
        text = str(exc)
        self.error.setText(text[:1].upper() + text[1:] + ".")
        self.error.show()
        self.adjustSize()

    def _on_add(self) -> None:
        child_id = self.ops.run(self._add, parent=self, on_refused=self._show_error)
        if child_id is None:
            return
        self.child_id = child_id
        self.accept()

    @classmethod
    def ask(
        cls, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> tuple[str | None, bool]:
        """Show the dialog; returns the id of the child added, and whether one was."""
        dialog = cls(ws, parent, hub=hub)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.child_id, ok
