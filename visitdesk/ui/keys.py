"""Keyboard first: Enter presses the button that has the focus, in every window of the app.

In a dialog Qt already does this (a focused button becomes the default one), but on the main
window's pages Enter on a focused button does nothing, so a worker who tabs to "New visit" or
"Back to caseload" has to reach for the mouse. One filter on the whole application makes Enter
(Return, or Enter on the number pad) press a focused push button outside dialogs. It leaves
every other Enter alone: a text box keeps its new line, an open drop-down list chooses its item,
and a dialog decides for itself which button Enter presses.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _presses_button(obj: QObject, event: QKeyEvent) -> QPushButton | None:
    """The button an Enter key press should press, if it is one this helper handles."""
    if event.key() not in _ENTER_KEYS:
        return None
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if modifiers != Qt.KeyboardModifier.NoModifier:
        return None
    if not isinstance(obj, QPushButton) or not obj.hasFocus():
        return None
    if isinstance(obj.window(), QDialog):
        return None  # a dialog's own default-button handling decides
    if QApplication.activePopupWidget() is not None:
        return None  # a list or menu that is open has the keyboard
    if not obj.isEnabled() or not obj.isVisible():
        return None
    return obj


class KeyboardHelper(QObject):
    """The application-wide event filter described above."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress:
            return False
        button = _presses_button(obj, event)  # type: ignore[arg-type]
        if button is None:
            return False
        if not event.isAutoRepeat():  # holding Enter down presses the button once
            button.animateClick()
        return True


_helper: KeyboardHelper | None = None


def install_keyboard_helper() -> None:
    """Install the helper on the running application, once (every window may call this)."""
    global _helper
    app = QApplication.instance()
    if app is None or (_helper is not None and _helper.parent() is app):
        return
    _helper = KeyboardHelper(app)
    app.installEventFilter(_helper)
