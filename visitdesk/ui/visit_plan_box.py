"""The plan for a child's next visit on their page, and the dialog to write it.

Before a visit the worker writes what they plan to do there (what of the plan and
assessments to cover, how to hear the child, culture, needs, understanding, safety). Starting
the visit record carries the plan into it; the page then offers to plan the next one.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import visit_plans
from visitdesk.services.visit_plans import PLAN_PARTS
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.operations import Operations
from visitdesk.ui.planned_section import part_text, parts_html


def _sentence(message: str) -> str:
    text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."


class VisitPlanDialog(QDialog):
    """Write (or change) the plan for a child's next visit: one box for each part of the plan.

    Saving goes through the hub's operation runner; a refusal is shown under the boxes and
    the dialog stays open with everything typed."""

    def __init__(
        self,
        ws: Workspace,
        child_id: str,
        parts: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
        *,
        hub: Hub | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.child_id = ws, child_id
        # Without a hub (the dialog opened on its own) the plan is saved the same way.
        self.ops = hub.ops if hub is not None else Operations(None, self)
        self.saved: dict[str, str] | None = None
        parts = dict(parts or {})
        self.setWindowTitle(
            self.tr("Plan the next visit") if not parts else self.tr("Change the plan")
        )
        self.setMinimumSize(560, 520)

        intro = QLabel(
            self.tr(
                "Write what you plan to do at the next visit; leave out any part that does not "
                "apply. When you start the visit record, the plan goes into it."
            )
        )
        intro.setWordWrap(True)
        #: {source} is the policy and clause that ask for a plan before each visit.
        source = QLabel(self.tr("As {source} asks.").format(source=visit_plans.SOURCE))
        source.setStyleSheet("color: #555;")

        self.boxes: dict[str, QPlainTextEdit] = {}
        holder = QWidget()
        column = QVBoxLayout(holder)
        for part in PLAN_PARTS:
            box = QPlainTextEdit()
            box.setPlainText(parts.get(part.key, ""))
            box.setTabChangesFocus(True)
            box.setMinimumHeight(64)
            box.setAccessibleName(part_text(part.label))
            box.setAccessibleDescription(part_text(part.help))
            label = QLabel(f"<b>{part_text(part.label)}</b>")
            label.setBuddy(box)
            hint = QLabel(part_text(part.help))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            column.addWidget(label)
            column.addWidget(hint)
            column.addWidget(box)
            self.boxes[part.key] = box
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save the plan"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(source)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        first = self.boxes[PLAN_PARTS[0].key]
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> dict[str, str]:
        """The plan as typed, by part."""
        return {key: box.toPlainText() for key, box in self.boxes.items()}

    def _show_error(self, exc: UserError) -> None:
        self.error.setText(_sentence(str(exc)))
        self.error.setAccessibleDescription(self.error.text())
        self.error.show()

    def _on_save(self) -> None:
        ws, child_id, parts = self.ws, self.child_id, self.value()
        done = self.ops.run(
            lambda: (True, visit_plans.save_next_plan(ws, child_id, parts)),
            parent=self,
            on_refused=self._show_error,
        )
        if done:
            self.saved = {k: v for k, v in parts.items() if v.strip()}
            self.accept()

    @classmethod
    def ask(
        cls,
        ws: Workspace,
        child_id: str,
        parts: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
        *,
        hub: Hub | None = None,
    ) -> tuple[dict[str, str] | None, bool]:
        """Show the dialog; returns (the plan saved, whether it was)."""
        dialog = cls(ws, child_id, parts, parent, hub=hub)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.saved, accepted


class VisitPlanBox(QGroupBox):
    """The plan for the child's next visit: the parts written so far, and a button to write
    or change it (for the child's own worker; anyone else reads it)."""

    saved = Signal()  # the plan was saved (the page reloads from the runner's announcement)

    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.hub = ws, hub
        self.child_id: str | None = None
        self.parts: dict[str, str] = {}
        self.setTitle(self.tr("Plan for the next visit"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(self.tr("Plan for the next visit"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.plan_button = QPushButton(self.tr("Plan the next visit…"))
        self.plan_button.clicked.connect(self._on_plan)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.plan_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.note)
        layout.addLayout(row)

    def clear(self) -> None:
        """Forget what is shown (on lock)."""
        self.child_id = None
        self.parts = {}
        self.summary.clear()
        self.note.clear()

    def show_child(self, child_id: str, editable: bool) -> None:
        """Show the plan for the child's next visit as stored now."""
        self.child_id = child_id
        try:
            self.parts = visit_plans.next_plan(self.ws, child_id)
        except UserError as exc:
            self.parts = {}
            self.summary.setTextFormat(Qt.TextFormat.PlainText)
            self.summary.setText(_sentence(str(exc)))
        else:
            written = visit_plans.planned(self.parts)
            if written:
                self.summary.setTextFormat(Qt.TextFormat.RichText)
                self.summary.setText(parts_html(written))
            else:
                self.summary.setTextFormat(Qt.TextFormat.PlainText)
                self.summary.setText(self.tr("No plan yet."))
        self.plan_button.setText(
            self.tr("Change the plan…") if self.parts else self.tr("Plan the next visit…")
        )
        self.plan_button.setVisible(editable)
        if not editable:
            self.note.setText(self.tr("Only the child's own worker can plan their visits."))
        elif self.parts:
            self.note.setText(self.tr("Starting the visit record carries this plan into it."))
        else:
            self.note.setText(
                self.tr(
                    "Before you visit, plan what you will do there. Starting the visit record "
                    "carries the plan into it."
                )
            )

    def _on_plan(self) -> None:
        if self.child_id is None:
            return
        # Saved through the runner, which announces the change: the page reloads from it.
        _parts, ok = VisitPlanDialog.ask(
            self.ws, self.child_id, self.parts, parent=self, hub=self.hub
        )
        if ok:
            self.saved.emit()
