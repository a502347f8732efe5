"""The one way the window runs a write: call the service, show a refusal once, announce what
changed.

An operation is a function of no arguments that returns the service's :class:`Changes`, or a
``(result, Changes)`` pair when the caller needs a value back (the id of a new record). The
runner shows a :class:`UserError` in one calm dialog, logs anything else without its content,
and emits ``hub.changed`` once with the ``Changes``; views refresh from that signal alone.
A dialog that shows a refusal in its own words (an error line under its fields) says how with
``on_refused``. A slow operation (a backup, working out the caseload) runs on a
``QThreadPool`` and its outcome is delivered back in the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.logsetup import describe_failure
from visitdesk.services.changes import Changes

log = logging.getLogger(__name__)

Operation = Callable[[], Any]


def split(outcome: Any) -> tuple[Any, Changes]:
    """An operation's outcome as ``(result, Changes)``."""
    if isinstance(outcome, Changes):
        return outcome, outcome
    if isinstance(outcome, tuple) and len(outcome) == 2 and isinstance(outcome[1], Changes):
        return outcome
    changes = getattr(outcome, "changes", None)
    if isinstance(changes, Changes):
        return outcome, changes
    raise TypeError(f"an operation returned {type(outcome).__name__}, not Changes")


class _Delivery(QObject):
    """Carries a background operation's outcome back to the GUI thread.

    It lives in the GUI thread and receives its own signal, so Qt queues the delivery there
    whichever thread emits it."""

    done = Signal(object, object)  # (outcome or None, exception or None)

    def __init__(self, finished: Callable[[Any, BaseException | None], None]) -> None:
        super().__init__()
        self._finished = finished
        self.done.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, outcome: Any, exc: BaseException | None) -> None:
        self._finished(outcome, exc)


class _Task(QRunnable):
    def __init__(self, op: Operation, delivery: _Delivery, what: str) -> None:
        super().__init__()
        self._op, self._delivery, self._what = op, delivery, what
        self.setAutoDelete(True)

    def run(self) -> None:  # noqa: D401 - QRunnable's name
        try:
            outcome = self._op()
        except UserError as exc:
            self._delivery.done.emit(None, exc)
        except Exception as exc:  # noqa: BLE001 - reported in the window, logged here
            log.error("%s failed: %s", self._what, describe_failure(exc))
            self._delivery.done.emit(None, exc)
        else:
            self._delivery.done.emit(outcome, None)


class Operations(QObject):
    """Runs writes for one window and announces their changes on the hub.

    A runner without a hub (a dialog opened on its own, as tests do) runs and refuses in the
    same way, and has nobody to announce to."""

    def __init__(self, hub: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self._running: set[_Delivery] = set()
        # This runner's own pool (made when first needed), so waiting for its work never waits
        # for another window's.
        self._pool: QThreadPool | None = None

    def announce(self, changes: Changes) -> None:
        """Tell every view what changed (only when something did)."""
        if changes and self.hub is not None:
            self.hub.changed.emit(changes)

    def run(
        self,
        op: Operation,
        *,
        parent: QWidget | None,
        title: str | None = None,
        failure: str | None = None,
        on_refused: Callable[[UserError], None] | None = None,
    ) -> Any:
        """Run ``op`` now; its result, or ``None`` once a refusal has been shown.

        A refusal is shown in a message box titled ``title`` (the app's name unless given),
        or by ``on_refused`` when given; anything else that goes wrong is logged and shown the
        same way, as ``failure`` (a general message unless given)."""
        # Worked out here, not as defaults: a default is fixed before any translation loads.
        title = APP_NAME if title is None else title
        try:
            outcome = op()
        except UserError as exc:
            self._refuse(exc, parent, title, on_refused)
            return None
        except Exception as exc:  # noqa: BLE001 - reported in the window, logged here
            log.error("an operation failed: %s", describe_failure(exc))
            if failure is None:
                failure = self.tr("That could not be done; see the log.")
            self._refuse(UserError(failure), parent, title, on_refused)
            return None
        result, changes = split(outcome)
        self.announce(changes)
        return result

    @staticmethod
    def _refuse(
        exc: UserError,
        parent: QWidget | None,
        title: str,
        on_refused: Callable[[UserError], None] | None,
    ) -> None:
        if on_refused is not None:
            on_refused(exc)
        else:
            text = str(exc)
            QMessageBox.warning(parent, title, text[:1].upper() + text[1:])

    def run_in_background(
        self,
        op: Operation,
        *,
        what: str,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``op`` on the thread pool; ``on_done(result)`` or ``on_failed(exc)`` follow in the
        GUI thread, after the changes are announced. ``what`` names it in the log only."""

        def finished(outcome: Any, exc: BaseException | None) -> None:
            self._running.discard(delivery)
            if exc is not None:
                if on_failed is not None:
                    on_failed(exc)
                return
            result, changes = split(outcome)
            self.announce(changes)
            if on_done is not None:
                on_done(result)

        delivery = _Delivery(finished)
        self._running.add(delivery)
        if self._pool is None:
            self._pool = QThreadPool(self)
        self._pool.start(_Task(op, delivery, what))

    @property
    def busy(self) -> bool:
        """True while a background operation has not yet reported back."""
        return bool(self._running)

    def wait_for_background(self, seconds: float = 60) -> bool:
        """Block until this runner's background operations have finished (before the database
        is locked, re-keyed or replaced); False if some were still running after ``seconds``.
        Their outcomes still arrive through the event loop afterwards."""
        return self._pool is None or self._pool.waitForDone(int(seconds * 1000))
