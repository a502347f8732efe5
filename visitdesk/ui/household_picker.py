"""Choosing who a household visit is for, and starting it: the children of the household
with a tick for each, those on a plan ticked to begin with."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services import household_visits, households, views
from visitdesk.services.caseload_rows import age_text
from visitdesk.services.changes import Changes
from visitdesk.services.households import HouseholdView, Member
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub


class HouseholdVisitDialog(QDialog):
    """A tick box for each child of the household; at least two must be ticked."""

    def __init__(self, household: HouseholdView, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New household visit"))
        self.value: list[str] | None = None
        self.household = household
        heading = QLabel(
            #: {household} is the household's name, for example "Ashworth household".
            self.tr("Who is this visit to the {household} for?").format(household=household.name)
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        hint = QLabel(
            self.tr(
                "Each child ticked has their own record of the visit: what is shared (when, "
                "where, who was there, the home) is written once, and each child's own answers "
                "are theirs."
            )
        )
        hint.setWordWrap(True)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        for member in household.members:
            box = QCheckBox(self._line(member, today))
            box.setChecked(member.on_plan and member.editable)
            if not member.editable:
                box.setEnabled(False)
                box.setToolTip(self.tr("Only this child's own worker can record a visit to them"))
            box.toggled.connect(self._on_toggled)
            self.boxes[member.child_id] = box
            layout.addWidget(box)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start the visit"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _line(self, member: Member, today: date) -> str:
        age = age_text(member.date_of_birth, member.expected_birth_date, today)
        if member.date_of_birth is None and member.expected_birth_date is not None:
            #: An unborn baby in the list; {date} is the day they are due, e.g. 3 Mar 2027.
            age = self.tr("unborn baby, due {date}").format(
                date=f"{member.expected_birth_date:%-d %b %Y}"
            )
        plan = household_visits.plan_status(member.plan) or self.tr("no plan")
        #: One child to tick: {name}, {age} ("7 years"), {plan} ("CIN Plan" or "no plan").
        line = self.tr("{name} — {age}, {plan}").format(name=member.name, age=age, plan=plan)
        if not member.editable:
            #: {line} is a child's name, age and plan.
            line = self.tr("{line} — on another worker's caseload").format(line=line)
        return line

    def chosen(self) -> list[str]:
        """The children ticked, in the order shown (the eldest first)."""
        return [child_id for child_id, box in self.boxes.items() if box.isChecked()]

    def _on_toggled(self) -> None:
        if len(self.chosen()) >= 2:
            self.error.hide()

    def accept(self) -> None:
        if len(self.chosen()) < 2:
            self.error.setText(
                self.tr(
                    "Tick at least two children. For a visit to one child, choose New visit "
                    "(Ctrl+N) on their page."
                )
            )
            self.error.show()
            self.adjustSize()  # room for the message: never clip it
            return
        self.value = self.chosen()
        super().accept()

    @classmethod
    def ask(
        cls, household: HouseholdView, today: date, parent: QWidget | None = None
    ) -> tuple[list[str] | None, bool]:
        """Returns (the ids of the children ticked, accepted)."""
        dialog = cls(household, today, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.value, accepted


def explain(parent: QWidget | None, text: str) -> None:
    """Tell the worker why no household visit was started, and what to do instead."""
    QMessageBox.information(parent, APP_NAME, text)


def _no_household(name: str) -> str:
    #: {name} is the child the worker chose.
    return QCoreApplication.translate(
        "HouseholdVisit",
        "{name} is not recorded as living with other children on your caseload. To write one "
        "visit for children who live together, open {name}'s page and choose \u201cAdd a child "
        "to this household\u2026\u201d for each child who lives with them; then start the "
        "household visit.",
    ).format(name=name)


def start_household_visit(
    ws: Workspace, hub: Hub, child_id: str, parent: QWidget | None
) -> str | None:
    """Start a household visit from ``child_id`` (or find the one being written); the
    household visit's id, or None when none was started."""
    try:
        household = households.household_of(ws, child_id)
    except UserError as exc:
        text = str(exc)
        explain(parent, text[:1].upper() + text[1:] + ".")
        return None
    if household is None or len(household.members) < 2:
        explain(parent, _no_household(views.child_name(ws, child_id)))
        return None
    # One household visit at a time: one being written for any of these children is opened.
    for member in household.members:
        being_written = household_visits.draft_of(ws, member.child_id)
        if being_written is not None:
            return being_written
    chosen, accepted = HouseholdVisitDialog.ask(household, ws.today(), parent)
    if not accepted or not chosen:
        return None
    # To the minute, as a visit to one child starts.
    now = ws.now().replace(second=0, microsecond=0)

    def start() -> tuple[str, Changes]:
        household_visit = household_visits.start(ws, chosen, now, location="home")
        return household_visit, household_visits.changes_of_start(ws, household_visit)

    return hub.ops.run(start, parent=parent)
