"""The one way the window runs a write: call the service, show a refusal once, announce what
changed.

An operation is a function of no arguments that returns the service's :class:`Changes`, or a
``(result, Changes)`` pair when the caller needs a value back (the id of a new record). The
runner shows a :class:`UserError` in one calm dialog, logs anything else without its content,
and emits ``hub.changed`` once with the ``Changes``; views refresh from that signal alone.
A slow operation (a backup, working out the caseload) runs on ``QThreadPool`` and its outcome
is delivered back in the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

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
    """Runs writes for one window and announces their changes on the hub."""

    def __init__(self, hub: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self._running: set[_Delivery] = set()

    def announce(self, changes: Changes) -> None:
        """Tell every view what changed (only when something did)."""
        if changes:
            self.hub.changed.emit(changes)

    def run(
        self,
        op: Operation,
        *,
        parent: QWidget | None,
        title: str = "VisitDesk",
        failure: str = "That could not be done; see the log.",
    ) -> Any:
        """Run ``op`` now; its result, or ``None`` once a refusal has been shown."""
        try:
            outcome = op()
        except UserError as exc:
            QMessageBox.warning(parent, title, str(exc))
            return None
        except Exception as exc:  # noqa: BLE001 - reported in the window, logged here
            log.error("an operation failed: %s", describe_failure(exc))
            QMessageBox.warning(parent, title, failure)
            return None
        result, changes = split(outcome)
        self.announce(changes)
        return result

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
        QThreadPool.globalInstance().start(_Task(op, delivery, what))

    @property
    def busy(self) -> bool:
        """True while a background operation has not yet reported back."""
        return bool(self._running)
