"""Small input widgets shared by the forms: yes/no choices and fields with an inline message."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from visitdesk.errors import UserError


class ChoiceBox(QComboBox):
    """A drop-down of (label, value) pairs whose first entry means 'not recorded'.

    The values live in a Python list rather than in Qt's item data: None must never pass
    through a QVariant, since some PySide6 releases lose a reference to it each time.
    """

    valueChanged = Signal()

    def __init__(
        self, choices: list[tuple[str, object]], accessible_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._values: list[object] = [None]
        self.addItem(self.tr("Not recorded"))
        for label, value in choices:
            self.addItem(label)
            self._values.append(value)
        self.currentIndexChanged.connect(self._on_index_changed)

    def _on_index_changed(self, _index: int) -> None:
        self.valueChanged.emit()

    def value(self) -> object:
        index = self.currentIndex()
        return self._values[index] if index >= 0 else None

    def set_value(self, value: object) -> None:
        for i, candidate in enumerate(self._values):
            if candidate == value and (value is not None or i == 0):
                self.setCurrentIndex(i)
                return
        self.setCurrentIndex(0)


def yes_no(accessible_name: str) -> ChoiceBox:
    return ChoiceBox(
        [
            (QCoreApplication.translate("ChoiceBox", "Yes"), True),
            (QCoreApplication.translate("ChoiceBox", "No"), False),
        ],
        accessible_name,
    )


class Field(QWidget):
    """An input with its one line of guidance and, when the standard objects, its message."""

    def __init__(self, editor: QWidget, guidance: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.guidance = QLabel(guidance)
        self.guidance.setWordWrap(True)
        self.guidance.setObjectName("guidance")
        # Told apart by size and slant, not by a pale colour: guidance must stay readable
        # (4.5:1 or better against the page, WCAG 2.2 AA).
        font = self.guidance.font()
        font.setItalic(True)
        font.setPointSizeF(max(font.pointSizeF() * 0.92, 8.0))
        self.guidance.setFont(font)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("fieldMessage")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        if guidance:
            layout.addWidget(self.guidance)
        else:
            self.guidance.hide()
        layout.addWidget(self.message)
        if guidance and not editor.accessibleDescription():
            # What a sighted worker reads under the field, a screen reader says with it.
            editor.setAccessibleDescription(guidance)
        self._base_description = editor.accessibleDescription()
        self._announced = ""
        self.base_style = ""  # the editor's own style sheet, kept under any message's border

    def show_message(self, severity: str | None, text: str = "") -> None:
        """Show the standard's message under the field, in words as well as colour; a new
        "Needed" is announced to a screen reader without moving the focus."""
        if severity != "error":
            self._announced = ""
        if severity is None:
            self.message.hide()
            self.message.clear()
            self.editor.setAccessibleDescription(self._base_description)
            self.editor.setStyleSheet(self.base_style)
            return
        word = {
            "error": self.tr("Needed"),
            "todo": self.tr("To do"),
            "warning": self.tr("Check"),
            "info": self.tr("Note"),
        }[severity]
        colour = {"error": "#a4262c", "todo": "#30577a", "warning": "#8a5300", "info": "#30577a"}[
            severity
        ]
        #: {severity} is Needed, To do, Check or Note; {message} is the standard's message.
        shown = self.tr("{severity}: {message}").format(severity=word, message=text)
        self.message.setText(shown)
        self.message.setStyleSheet(f"color: {colour};")
        self.message.show()
        self.editor.setAccessibleDescription(shown)
        if severity == "error":
            border = f"border: 2px solid {colour};"
            self.editor.setStyleSheet(
                f"{self.base_style} * {{ {border} }}" if self.base_style else border
            )
            if text != self._announced:
                self._announced = text
                #: Said by a screen reader: the field's name, then the message under it.
                said = self.tr("{field}: {severity}: {message}")
                announce(
                    self.editor,
                    said.format(field=self.editor.accessibleName(), severity=word, message=text),
                )
        else:
            self.editor.setStyleSheet(self.base_style)


def announce(widget: QWidget, text: str) -> None:
    """Say ``text`` to a screen reader, politely (after what it is reading), leaving the focus
    where it is. Platforms without announcements simply say nothing."""
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


class DateField(QLineEdit):
    """A date that starts empty and is typed digit by digit (dd/mm/yyyy).

    Qt's date boxes always hold some date; for a date of birth that means today until the
    worker notices, a lie waiting to be saved. This one holds nothing until a date is typed.
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setInputMask("99/99/9999;_")
        self.setAccessibleName(name)
        self.setMaximumWidth(140)

    def is_empty(self) -> bool:
        return not self.text().replace("/", "").replace("_", "").strip()

    def date(self) -> date | None:
        """The date typed; None when empty. Raises UserError for one that is not a date."""
        if self.is_empty():
            return None
        try:
            day, month, year = (int(part.replace("_", "") or 0) for part in self.text().split("/"))
            return date(year, month, day)
        except ValueError:
            problem = self.tr(
                "{field} is not a real date; type it as day/month/year, for example 04/03/2016"
            )
            raise UserError(problem.format(field=self.accessibleName().lower())) from None

    def set_date(self, value: date | None) -> None:
        self.setText("" if value is None else value.strftime("%d/%m/%Y"))
        if value is None:
            self.setCursorPosition(0)

    # An empty date is typed from its first digit wherever the click or the focus lands;
    # otherwise the digits would go after the last slash, where there is no room.
    def focusInEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().focusInEvent(event)
        if self.is_empty():
            QTimer.singleShot(0, lambda: self.setCursorPosition(0))

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().mouseReleaseEvent(event)
        if self.is_empty():
            self.setCursorPosition(0)
