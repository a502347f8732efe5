"""Locking: notice when nobody is using the app, and the screen that hides records until the
passphrase is typed again.

Idle time is measured on the wall clock as well as by a timer, because a laptop that sleeps
stops the timer but not the wall clock: the first tick or keystroke after waking locks it.
Input is watched on the window itself (its QWindow, where the system delivers every key press
and mouse movement), not with an application-wide filter: a Python filter on the application
sees objects while they are being destroyed, which PySide does not survive reliably.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class IdleWatcher(QObject):
    """Emits ``idle`` after ``limit_seconds`` without a key press, click or mouse movement in
    the watched windows, and at once when the system suspends the application."""

    idle = Signal()

    def __init__(
        self,
        limit_seconds: float,
        parent: QObject | None = None,
        *,
        tick_ms: int = 15_000,
        clock=time.time,
    ) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.limit_seconds = limit_seconds
        self._clock = clock
        self._last = clock()
        self._running = False
        self.timer = QTimer(self)
        self.timer.setInterval(max(10, min(tick_ms, int(limit_seconds * 1000))))
        self.timer.timeout.connect(self._check)
        self._watched: list[QObject] = []
        self._detached = False
        app = QGuiApplication.instance()
        app.applicationStateChanged.connect(self._on_state_changed)
        # A dialog has a window of its own: watch it too while it has the focus, so that
        # someone typing an addendum for a long while is not locked out mid-sentence.
        app.focusWindowChanged.connect(self._on_focus_window)

    def watch(self, target: QObject | None) -> None:
        """Count input to ``target`` (a window's QWindow) as use."""
        if target is None or any(t is target for t in self._watched):
            return
        target.installEventFilter(self)
        self._watched.append(target)
        target.destroyed.connect(self._forget)

    def _forget(self, gone: QObject | None = None) -> None:
        self._watched = [t for t in self._watched if t is not gone]

    def start(self) -> None:
        self._last = self._clock()
        self._running = True
        self.timer.start()

    def stop(self) -> None:
        self._running = False
        self.timer.stop()

    @property
    def running(self) -> bool:
        return self._running

    def use_clock(self, clock) -> None:  # noqa: ANN001 - a function returning seconds
        """Read time from ``clock`` from now on (a test moves it on instead of waiting)."""
        self._clock = clock
        self._last = clock()

    def check_now(self) -> None:
        """What the timer does on each tick: lock if the time is up."""
        self._check()

    def set_limit(self, seconds: float, tick_ms: int | None = None) -> None:
        self.limit_seconds = seconds
        tick = tick_ms if tick_ms is not None else self.timer.interval()
        self.timer.setInterval(max(10, min(tick, int(seconds * 1000))))
        self._last = self._clock()

    def _expired(self) -> bool:
        return self._clock() - self._last >= self.limit_seconds

    def _fire(self) -> None:
        self.stop()
        self.idle.emit()

    def _check(self) -> None:
        if self._running and self._expired():
            self._fire()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # A watcher whose window has gone may outlive its Python state (Qt can still hold the
        # object); it then watches nothing rather than raising inside Qt's event loop.
        if not getattr(self, "_running", False):
            return False
        if event.type() in _ACTIVITY:
            if self._expired():
                self._fire()  # back from sleep: lock first, then let the person unlock
            else:
                self._last = self._clock()
        return False

    def _on_focus_window(self, window: QObject | None) -> None:
        if getattr(self, "_running", False) and window is not None:
            self.watch(window)
            if not self._expired():
                self._last = self._clock()

    def _on_state_changed(self, state: Qt.ApplicationState) -> None:
        if getattr(self, "_running", False) and state == Qt.ApplicationState.ApplicationSuspended:
            self._fire()

    def detach(self) -> None:
        if self._detached:
            return
        self._detached = True
        for target in self._watched:
            try:
                target.removeEventFilter(self)
            except RuntimeError:
                pass  # already gone
        self._watched = []
        app = QGuiApplication.instance()
        if app is not None:
            for signal, slot in (
                (app.applicationStateChanged, self._on_state_changed),
                (app.focusWindowChanged, self._on_focus_window),
            ):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        self.stop()


class LockScreen(QWidget):
    """What a locked window shows: no records, a passphrase box and an Unlock button."""

    unlockRequested = Signal(str)  # the passphrase typed
    quitRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        title = QLabel(self.tr("<h2>{app} is locked</h2>").format(app=APP_NAME))
        title.setTextFormat(Qt.TextFormat.RichText)
        self.intro = QLabel(
            self.tr(
                "Your records are hidden and the key to them has been cleared from memory. "
                "Enter your passphrase to carry on where you left off."
            )
        )
        self.intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.returnPressed.connect(self._on_unlock)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.error.setAccessibleName(self.tr("Problem"))
        self.error.hide()
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock)
        self.quit_button = QPushButton(self.tr("&Quit"))
        self.quit_button.clicked.connect(self.quitRequested)

        box = QWidget()
        box.setMaximumWidth(460)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addWidget(self.intro)
        inner.addWidget(QLabel(self.tr("&Passphrase:"), buddy=self.passphrase))
        inner.addWidget(self.passphrase)
        inner.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        inner.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def reset(self) -> None:
        self.passphrase.clear()
        self.error.hide()
        self.passphrase.setFocus()

    def show_error(self, message: str) -> None:
        text = message[:1].upper() + message[1:]
        self.error.setText(text if text.endswith(".") else text + ".")
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _on_unlock(self) -> None:
        typed = self.passphrase.text()
        self.passphrase.clear()  # the typed passphrase does not linger in the widget
        self.unlockRequested.emit(typed)
