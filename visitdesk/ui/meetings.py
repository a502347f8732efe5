"""Dialogs to record a plan's meetings (progress meetings and reviews) and family holidays.

Each saves through the hub's operation runner, which announces what changed; a refusal is
shown under the dialog's fields and the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import meetings
from visitdesk.services.meetings import HolidayInput, MeetingInput
from visitdesk.services.workspace import Workspace
from visitdesk.standards.case import HolidayFacts, MeetingFacts
from visitdesk.ui.hub import Hub
from visitdesk.ui.operations import Operations

KIND_LABELS = [
    (QT_TRANSLATE_NOOP("MeetingDialog", "Progress meeting or core group"), "progress"),
    (QT_TRANSLATE_NOOP("MeetingDialog", "Review"), "review"),
]


def _date_edit(name: str, value: date) -> QDateEdit:
    edit = QDateEdit(QDate(value), calendarPopup=True, displayFormat="d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #a4262c; font-weight: bold;")
    label.setAccessibleName(QCoreApplication.translate("PlanDialog", "Problem"))
    label.hide()
    return label


def _sentence(message: str) -> str:
    text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."


class _PlanDialog(QDialog):
    """What the meeting and holiday dialogs share: an error line, Save / Cancel, and saving
    through the runner."""

    def __init__(self, hub: Hub | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        # Without a hub (the dialog opened on its own) the change is saved the same way and
        # whoever opened the dialog shows it.
        self.ops = hub.ops if hub is not None else Operations(None, self)

    def _write(self, op: Callable[[], Any]) -> Any:
        """Run the write ``op``; its result, or ``None`` once the refusal is shown here."""
        return self.ops.run(op, parent=self, on_refused=self._show_error)

    def _finish_layout(self, form: QFormLayout, save: str) -> None:
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(save)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _show_error(self, exc: UserError) -> None:
        self.error.setText(_sentence(str(exc)))
        self.error.setAccessibleDescription(self.error.text())
        self.error.show()
        self.adjustSize()

    def _on_save(self) -> None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError


class MeetingDialog(_PlanDialog):
    """Record a meeting of a Child in Need plan, or change one already recorded."""

    def __init__(
        self,
        ws: Workspace,
        plan_id: str,
        meeting: MeetingFacts | None = None,
        parent: QWidget | None = None,
        *,
        hub: Hub | None = None,
    ) -> None:
        super().__init__(hub, parent)
        self.ws, self.plan_id, self.meeting = ws, plan_id, meeting
        self.meeting_id: str | None = None
        self.setWindowTitle(self.tr("Change a meeting") if meeting else self.tr("Add a meeting"))
        self.setMinimumWidth(420)
        today = ws.today()

        self.kind = QComboBox()
        for label, value in KIND_LABELS:
            self.kind.addItem(self.tr(label), value)
        self.kind.setAccessibleName(self.tr("Kind of meeting"))
        self.date = _date_edit(self.tr("Meeting date"), meeting.date if meeting else today)
        self.held = QCheckBox(self.tr("The meeting took place"))
        self.held.setChecked(meeting.held if meeting else True)
        self.notes_sent = QCheckBox(self.tr("The notes have been sent out"))
        notes = meeting.notes_circulated_on if meeting else None
        self.notes_sent.setChecked(notes is not None)
        self.notes_on = _date_edit(self.tr("Notes sent out on"), notes or today)
        hint = QLabel(
            self.tr(
                "For a meeting you have booked, leave 'took place' unticked. Once the "
                "notes have gone to everyone invited, record the day they went."
            )
        )
        hint.setWordWrap(True)
        if meeting:
            self.kind.setCurrentIndex(max(0, self.kind.findData(meeting.kind)))

        form = QFormLayout()
        form.addRow(self.tr("&Meeting:"), self.kind)
        form.addRow(self.tr("&Date:"), self.date)
        form.addRow(self.held)
        form.addRow(self.notes_sent)
        form.addRow(self.tr("Notes sent &out on:"), self.notes_on)
        form.addRow(hint)
        self._finish_layout(form, self.tr("Save meeting"))
        self.held.toggled.connect(self._on_toggled)
        self.notes_sent.toggled.connect(self._on_toggled)
        self._on_toggled()

    def _on_toggled(self, _on: bool = False) -> None:
        held = self.held.isChecked()
        self.notes_sent.setEnabled(held)
        self.notes_on.setEnabled(held and self.notes_sent.isChecked())

    def value(self) -> MeetingInput:
        held = self.held.isChecked()
        notes = self.notes_on.date().toPython() if held and self.notes_sent.isChecked() else None
        return MeetingInput(self.kind.currentData(), self.date.date().toPython(), held, notes)

    def _on_save(self) -> None:
        ws, plan_id, value = self.ws, self.plan_id, self.value()
        if self.meeting is None:
            saved = self._write(
                lambda: (
                    meetings.add_meeting(ws, plan_id, value),
                    meetings.changes_of_new_meeting(ws, plan_id),
                )
            )
        else:
            meeting_id = self.meeting.id
            saved = self._write(
                lambda: (meeting_id, meetings.change_meeting(ws, plan_id, meeting_id, value))
            )
        if saved is None:
            return
        self.meeting_id = saved
        self.accept()

    @classmethod
    def ask(
        cls,
        ws: Workspace,
        plan_id: str,
        meeting: MeetingFacts | None = None,
        parent: QWidget | None = None,
        *,
        hub: Hub | None = None,
    ) -> tuple[str | None, bool]:
        """Show the dialog; returns the id of the meeting saved, and whether one was."""
        dialog = cls(ws, plan_id, meeting, parent, hub=hub)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.meeting_id, ok


class HolidayDialog(_PlanDialog):
    """Record a family holiday the plan must allow for (004 I.12), or change one."""

    def __init__(
        self,
        ws: Workspace,
        plan_id: str,
        holiday: HolidayFacts | None = None,
        parent: QWidget | None = None,
        *,
        hub: Hub | None = None,
    ) -> None:
        super().__init__(hub, parent)
        self.ws, self.plan_id, self.holiday = ws, plan_id, holiday
        self.saved: HolidayFacts | None = None
        self.setWindowTitle(self.tr("Change a holiday") if holiday else self.tr("Add a holiday"))
        self.setMinimumWidth(420)
        today = ws.today()
        self.start = _date_edit(self.tr("First day away"), holiday.start if holiday else today)
        self.end = _date_edit(self.tr("Last day away"), holiday.end if holiday else today)
        self.abroad = QCheckBox(self.tr("Going abroad"))
        self.abroad.setChecked(holiday.abroad if holiday else False)
        hint = QLabel(
            self.tr(
                "Agree with the family how you will keep in touch while they are away, "
                "and note where they will be staying and with whom."
            )
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&From:"), self.start)
        form.addRow(self.tr("&To:"), self.end)
        form.addRow(self.abroad)
        form.addRow(hint)
        self._finish_layout(form, self.tr("Save holiday"))
        self.start.dateChanged.connect(self._on_start_changed)

    def _on_start_changed(self, start: QDate) -> None:
        # Moving the first day past the last moves the last with it, as people expect.
        if self.end.date() < start:
            self.end.setDate(start)

    def value(self) -> HolidayInput:
        return HolidayInput(
            self.start.date().toPython(), self.end.date().toPython(), self.abroad.isChecked()
        )

    def _on_save(self) -> None:
        ws, plan_id, value, old = self.ws, self.plan_id, self.value(), self.holiday
        if old is None:
            done = self._write(lambda: meetings.add_holiday(ws, plan_id, value))
        else:
            done = self._write(lambda: meetings.change_holiday(ws, plan_id, old, value))
        if done is None:
            return
        self.saved = value.facts()
        self.accept()

    @classmethod
    def ask(
        cls,
        ws: Workspace,
        plan_id: str,
        holiday: HolidayFacts | None = None,
        parent: QWidget | None = None,
        *,
        hub: Hub | None = None,
    ) -> tuple[HolidayFacts | None, bool]:
        """Show the dialog; returns the holiday saved, and whether one was."""
        dialog = cls(ws, plan_id, holiday, parent, hub=hub)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.saved, ok
