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
from visitdesk.services.records import PlanInput
from visitdesk.services.workspace import Workspace
from visitdesk.storage.models import PLAN_TYPES
from visitdesk.ui.widgets import DateField


def _date_edit(name: str, value: date) -> QDateEdit:
    # Numbers only, so a date can be typed digit by digit: 04032016 is 4 March 2016.
    edit = QDateEdit(QDate(value), calendarPopup=True, displayFormat="dd/MM/yyyy")
    edit.setAccessibleName(name)
    return edit


class AddChildDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.child_id: str | None = None
        self.setWindowTitle("Add a child")
        self.setMinimumWidth(460)
        today = ws.today()

        self.given = QLineEdit()
        self.given.setAccessibleName("Given name")
        self.family = QLineEdit()
        self.family.setAccessibleName("Family name")
        self.unborn = QCheckBox("Not yet born (give the expected date)")
        self.born = DateField("Date of birth or expected date")
        self.born.setAccessibleDescription(
            "Type the date, for example 4 Mar 2016; for an unborn child tick Not yet born "
            "and give the expected date"
        )
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Case-system reference")
        self.address = QPlainTextEdit()
        self.address.setAccessibleName("Address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(60)
        self.plan_type = QComboBox()
        self.plan_type.addItems(PLAN_TYPES)
        self.plan_type.setAccessibleName("Plan type")
        self.plan_start = _date_edit("Plan start", today)
        self.allocated = _date_edit("Allocated to you on", today)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add child")
        self.buttons.accepted.connect(self._on_add)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Given name:", self.given)
        form.addRow("&Family name:", self.family)
        form.addRow(self.unborn)
        form.addRow("&Born (or expected):", self.born)
        form.addRow("Case &reference:", self.reference)
        form.addRow("A&ddress:", self.address)
        form.addRow("&Plan:", self.plan_type)
        form.addRow("Plan &start:", self.plan_start)
        form.addRow("A&llocated to you on:", self.allocated)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_add(self) -> None:
        start = self.plan_start.date().toPython()
        try:
            born = self.born.date()
            if born is not None and self.unborn.isChecked() and born < self.ws.today():
                raise UserError(
                    "the expected date has passed; if the baby has been born, "
                    "untick Not yet born and give the date of birth"
                )
            self.child_id = records.add_child(
                self.ws,
                given_name=self.given.text(),
                family_name=self.family.text(),
                date_of_birth=None if self.unborn.isChecked() else born,
                expected_birth_date=born if self.unborn.isChecked() else None,
                case_reference=self.reference.text(),
                address=self.address.toPlainText(),
                plan=PlanInput(
                    self.plan_type.currentText(),
                    start,
                    allocated_on=self.allocated.date().toPython(),
                ),
            )
        except UserError as exc:
            text = str(exc)
            self.error.setText(text[:1].upper() + text[1:] + ".")
            self.error.show()
            self.adjustSize()
            return
        self.accept()

    @classmethod
    def ask(cls, ws: Workspace, parent: QWidget | None = None) -> tuple[str | None, bool]:
        dialog = cls(ws, parent)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.child_id, ok
