"""What was planned before a visit, shown read-only at the top of the record's narrative so
the worker writes what was done beside what was planned (the plan is part of the record)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from visitdesk.services.visit_plans import CLAUSE, PlannedPart


def part_text(text: str) -> str:
    """A plan part's label or help line in the window's language."""
    return QCoreApplication.translate("VisitPlan", text) if text else text


def parts_html(parts: Sequence[PlannedPart]) -> str:
    """The parts written, each with its label, as compact rich text (the words escaped)."""
    lines = []
    for part in parts:
        words = escape(part.text.strip()).replace("\n", "<br>")
        lines.append(
            f"<p style='margin: 0 0 4px 0;'><b>{escape(part_text(part.label))}:</b> {words}</p>"
        )
    return "".join(lines)


class PlannedSection(QFrame):
    """The plan carried into a record when it was started: each part written, with its label.
    Hidden when nothing was planned."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("plannedSection")
        self.setStyleSheet("#plannedSection { background: #f3f5f7; }")
        #: The heading over what the worker planned before the visit; {clause} is the
        #: visiting policy's clause that asks for the plan.
        self.heading = QLabel(self.tr("Planned before the visit ({clause})").format(clause=CLAUSE))
        self.heading.setStyleSheet("font-weight: bold;")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName(self.tr("Planned before the visit"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        self.parts: tuple[PlannedPart, ...] = ()
        self.hide()

    def show_plan(self, parts: Sequence[PlannedPart]) -> None:
        """Show ``parts`` (read-only); hide the section when there are none."""
        self.parts = tuple(parts)
        self.body.setText(parts_html(self.parts))
        self.setVisible(bool(self.parts))
