"""No silent changes: the mouse wheel over a control the worker is not using scrolls the page.

Qt lets the wheel change a drop-down, a date or a number under the pointer even when nobody
clicked it, so scrolling down a form could flip "Seen alone" from Yes to No, or move the visit
date. One filter on the whole application stops that for every window: over a drop-down,
date, time, number or slider that does not have the keyboard focus, the wheel scrolls the
nearest scrolling page instead (or does nothing), and such controls no longer take the focus
from the wheel. Once a control is clicked or tabbed to, the wheel works on it as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

_GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def _guarded_control(obj: QObject) -> QWidget | None:
    """The value-holding control ``obj`` is, or is part of (a spin box's line edit)."""
    widget = obj if isinstance(obj, QWidget) else None
    for _ in range(3):
        if widget is None:
            return None
        if isinstance(widget, _GUARDED) and not isinstance(widget, QScrollBar):
            return widget
        widget = widget.parentWidget()
    return None


def _scroll_bar_for(control: QWidget) -> QScrollBar | None:
    parent = control.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            bar = parent.verticalScrollBar()
            if bar is not None and bar.maximum() > bar.minimum():
                return bar
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """The application-wide event filter described above."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if (
            kind == QEvent.Type.Polish
            and isinstance(obj, _GUARDED)
            and not isinstance(obj, QScrollBar)
        ):
            # Wheel focus would make the first turn of the wheel "use" the control.
            if obj.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel:
            return False
        control = _guarded_control(obj)
        if control is None or control.hasFocus():
            return False
        bar = _scroll_bar_for(control)
        if bar is not None:
            QApplication.sendEvent(bar, event)
        return True  # never the control's


_guard: WheelGuard | None = None


def install_wheel_guard() -> None:
    """Install the guard on the running application, once (every window calls this)."""
    global _guard
    app = QApplication.instance()
    if app is None or (_guard is not None and _guard.parent() is app):
        return
    _guard = WheelGuard(app)
    app.installEventFilter(_guard)
