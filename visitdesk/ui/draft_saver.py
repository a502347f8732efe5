"""Autosave for a draft record: what is typed is stored within two seconds, even while the
worker keeps typing, and the write runs on one writer thread so typing never waits for the disk.

A pause in typing saves after ``pause_ms``. Steady typing never pauses, so it is saved
``max_unsaved_ms`` after the first change not yet saved. A crash then loses at most that, plus
the time one save takes: well inside the two seconds the worker is promised.

The saver's timers only wake it; its clock says whether a save is due, so a test can move the
clock on and fire a timer itself instead of waiting for it.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from visitdesk.errors import UserError
from visitdesk.services.workspace import Workspace

log = logging.getLogger(__name__)

PAUSE_SAVE_MS = 1000
MAX_UNSAVED_MS = 1500
RETRY_MS = 3000


@dataclass(frozen=True, slots=True)
class DraftTiming:
    """When a draft is saved: after a pause, after so long unsaved, and again after a failure."""

    pause_ms: int = PAUSE_SAVE_MS
    max_unsaved_ms: int = MAX_UNSAVED_MS
    retry_ms: int = RETRY_MS


_writer: ThreadPoolExecutor | None = None


def draft_writer() -> ThreadPoolExecutor:
    """The one thread that writes drafts, shared by every form.

    Long-lived, because each thread has its own database connection and opening one derives
    the key (a tenth of a second or more of work). Only one, so drafts are written in the
    order they were typed.
    """
    global _writer
    if _writer is None:
        _writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="visitdesk-drafts")
    return _writer


def wait_for_drafts() -> None:
    """Return once the writer has finished everything handed to it so far.

    Before the database is locked or closed: no connection may open after its key is dropped.
    """
    if _writer is not None:
        with contextlib.suppress(RuntimeError):  # the writer has stopped: nothing is running
            _writer.submit(int).result()


def _connect_writer(ws: Workspace) -> None:
    # Only a head start: if it fails (locked meanwhile), the save itself reports why.
    with contextlib.suppress(Exception):
        if not ws.locked:
            with ws.db.engine.connect():
                pass


def connect_writer(ws: Workspace) -> None:
    """Open the writer thread's connection before the first save needs it."""
    with contextlib.suppress(RuntimeError):  # the writer has stopped (shutting down)
        draft_writer().submit(_connect_writer, ws)


class DraftSaver(QObject):
    """Keeps one form's typing stored.

    ``gather()`` (on the UI thread) says what to store now; ``write(changes)`` stores it and
    returns when it was stored, on the writer thread or, from :meth:`save`, on this one.
    ``editable()`` is False once nothing may be stored (a completed record); ``locked()`` while
    the database is locked, when only :meth:`save` is tried (and says why it failed).
    """

    stored = Signal(object, bool)  # (when it was stored, whether it holds every change so far)
    refused = Signal(str)  # why it could not be stored; it is tried again, the text stays typed
    retrying = Signal()  # a background save failed unexpectedly; it is tried again
    _written = Signal(object)  # a background save has ended (its Future); for the UI thread

    def __init__(
        self,
        gather: Callable[[], Mapping[str, Any]],
        write: Callable[[Mapping[str, Any]], datetime],
        *,
        editable: Callable[[], bool],
        locked: Callable[[], bool],
        clock: Callable[[], float] = time.monotonic,
        timing: DraftTiming = DraftTiming(),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._gather, self._write = gather, write
        self._editable, self._locked = editable, locked
        self.clock = clock  # seconds, only ever compared with itself
        self.timing = timing
        self.dirty = False
        self._edits = 0  # changes so far: a save knows which of them it holds
        self._writing: Future | None = None  # the save on the writer thread, if any
        self._writing_edits = 0
        self._save_again = False
        self._pause_due = self._deadline_due = 0.0
        # Two timers: one restarted by every change (a pause), one not (steady typing).
        self.pause_timer = QTimer(self)
        self.pause_timer.setSingleShot(True)
        self.pause_timer.timeout.connect(self._on_pause_timer)
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.setTimerType(Qt.TimerType.PreciseTimer)
        self.deadline.timeout.connect(self._on_deadline_timer)
        self._written.connect(self._on_written)

    @property
    def writing(self) -> Future | None:
        """The save running on the writer thread, if any."""
        return self._writing

    # --- when to save -----------------------------------------------------------------------

    def changed(self) -> None:
        """The worker changed something: store it after a pause, or soon whatever happens."""
        now = self.clock()
        self.dirty = True
        self._edits += 1
        self._pause_due = now + self.timing.pause_ms / 1000
        self.pause_timer.start(self.timing.pause_ms)
        if not self.deadline.isActive():  # counted from the first change since the last save
            self._deadline_due = now + self.timing.max_unsaved_ms / 1000
            self.deadline.start(self.timing.max_unsaved_ms)

    def _ms_until(self, due: float) -> int:
        # Rounded to the microsecond first, so float noise never adds a millisecond.
        return max(0, math.ceil(round((due - self.clock()) * 1000, 3)))

    def _on_pause_timer(self) -> None:
        self._save_when_due(self.pause_timer, self._pause_due)

    def _on_deadline_timer(self) -> None:
        self._save_when_due(self.deadline, self._deadline_due)

    def _save_when_due(self, timer: QTimer, due: float) -> None:
        left = self._ms_until(due)
        if left > 0:  # woken early: the clock has the last word
            timer.start(left)
            return
        self.save_in_background()

    def _try_again_later(self) -> None:
        self._pause_due = self.clock() + self.timing.retry_ms / 1000
        self.pause_timer.start(self.timing.retry_ms)

    def _stop_timers(self) -> None:
        self.pause_timer.stop()
        self.deadline.stop()

    # --- saving -----------------------------------------------------------------------------

    def save_in_background(self) -> None:
        """Hand what is typed to the draft writer. The form never waits for the disk."""
        self._stop_timers()
        if not self.dirty or not self._editable() or self._locked():
            return
        if self._writing is not None:
            self._save_again = True  # one save at a time; the next starts when this one ends
            return
        self._writing_edits = self._edits
        changes = self._gather()
        try:
            future = draft_writer().submit(self._write, changes)
        except RuntimeError:  # the writer has stopped: Python is shutting down
            self.save()
            return
        self._writing = future
        future.add_done_callback(self._announce)

    def _announce(self, future: Future) -> None:
        # On the writer thread: the widgets are only touched back on the UI thread.
        with contextlib.suppress(RuntimeError):  # the form is gone (it waited for this first)
            self._written.emit(future)

    def _on_written(self, future: Future) -> None:
        if future is not self._writing:
            return  # save() has already waited for it and dealt with it
        again = self._save_again
        if self._finish_writing() and again:
            self.save_in_background()

    def _finish_writing(self) -> bool:
        """Say how the background save ended. Returns whether it stored the draft."""
        future, self._writing = self._writing, None
        self._save_again = False
        try:
            at = future.result()
        except UserError as exc:
            self._not_saved(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - never let a failed save stop a lock or close
            # The text stays typed and is tried again; save() tries at once, on this thread.
            log.warning("a draft was not saved in the background (%s)", exc.__class__.__name__)
            self.retrying.emit()
            self._try_again_later()
            return False
        everything = self._edits == self._writing_edits
        if everything:
            self.dirty = False
        self.stored.emit(at, everything)  # otherwise what was typed since is not stored yet
        return True

    def save(self) -> bool:
        """Store the draft now and wait for it (before closing, locking, completing, printing).

        Returns False (and says why) if it could not be saved; the saver keeps trying. Once
        it returns, nothing of this saver's is running on the writer thread.
        """
        self._stop_timers()
        if self._writing is not None:
            self._writing.exception()  # waits; what it means is said by _finish_writing
            self._finish_writing()
        wait_for_drafts()  # the writer's first connection too: locking may come next
        if not self.dirty or not self._editable():
            return True
        try:
            at = self._write(self._gather())
        except UserError as exc:
            self._not_saved(exc)
            return False
        self.dirty = False
        self.stored.emit(at, True)
        return True

    def _not_saved(self, exc: UserError) -> None:
        self.refused.emit(str(exc))
        # Keep trying quietly (a disk with no room may get some): the text stays typed.
        self._try_again_later()

    def halt(self) -> None:
        """Nothing more may reach the disk (the draft is about to be thrown away): stop the
        timers and let any save already handed over end."""
        self._stop_timers()
        if self._writing is not None:
            self._writing.exception()
            self._writing = None
        wait_for_drafts()

    def forget(self) -> None:
        """Nothing typed is waiting any more: the draft has gone."""
        self.dirty = False
