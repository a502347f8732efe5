"""Fixtures for the window's tests."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta

import pytest


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """Qt objects a test left in reference cycles are freed here, on the GUI thread, after the
    test: left to the collector, they could be freed on the draft writer's thread while a later
    test runs, and freeing a QObject off its own thread crashes the process. What was alive
    before the test is set aside first, so the collection looks only at what the test made
    (a full collection of everything the run has loaded takes most of a second)."""
    gc.freeze()
    yield
    gc.collect()


class AppClock:
    """The app's clock, moved on only by the test: the workspace's time (``ws.now()``) and
    the seconds a draft saver counts by move together, so a test that needs time to pass
    says how much and fires the timer itself instead of sleeping."""

    def __init__(self, start: datetime) -> None:
        self.at = start
        self._seconds = 1000.0

    def now(self) -> datetime:
        return self.at

    def seconds(self) -> float:
        return self._seconds

    def advance(self, *, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self._seconds += seconds

    def drive(self, ws, *savers) -> None:  # noqa: ANN001
        """Make this the clock of ``ws`` and of each draft saver."""
        ws.clock = self.now
        for saver in savers:
            saver.clock = self.seconds


@pytest.fixture
def app_clock() -> AppClock:
    return AppClock(datetime.now().replace(microsecond=0))
