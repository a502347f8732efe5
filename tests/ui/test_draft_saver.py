"""The draft saver stores typing within two seconds, by its clock: after a pause, and while
the worker keeps typing. Time passes here only when a test moves the clock on, and a timer
wakes only when a test fires it; nothing sleeps."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from visitdesk.errors import UserError
from visitdesk.services import records
from visitdesk.services.changes import Changes
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Visit
from visitdesk.ui.draft_saver import (
    MAX_UNSAVED_MS,
    PAUSE_SAVE_MS,
    DraftSaver,
    DraftTiming,
    wait_for_drafts,
)
from visitdesk.ui.hub import Hub
from visitdesk.ui.visit_form import VisitForm

STORED_AT = datetime(2026, 3, 16, 11, 0, 5)


class Draft:
    """What the saver stores into: a list of writes, each of what the form held then."""

    def __init__(self) -> None:
        self.typed = ""
        self.writes: list[str] = []
        self.refuse: list[UserError] = []  # refusals to give, one a write, before storing
        self.hold = threading.Event()
        self.hold.set()

    def gather(self) -> dict:
        return {"findings": self.typed}

    def write(self, changes: dict) -> datetime:
        self.hold.wait(10)
        if self.refuse:
            raise self.refuse.pop(0)
        self.writes.append(changes["findings"])
        return STORED_AT


@pytest.fixture
def draft():
    return Draft()


@pytest.fixture
def saver(qtbot, app_clock, draft):
    saver = DraftSaver(
        draft.gather,
        draft.write,
        editable=lambda: True,
        locked=lambda: False,
        clock=app_clock.seconds,
    )
    yield saver
    draft.hold.set()
    wait_for_drafts()
    saver.deleteLater()


def _type(draft, saver, text: str) -> None:
    draft.typed += text
    saver.changed()


def _wake(qtbot, saver, timer) -> list:
    """Fire ``timer`` as Qt would; the saves it started, once written."""
    stored = []
    saver.stored.connect(lambda at, everything: stored.append((at, everything)))
    timer.timeout.emit()
    if saver.writing is not None:
        qtbot.waitUntil(lambda: saver.writing is None, timeout=10000)
    return stored


def test_steady_typing_is_stored_once_it_has_been_unsaved_for_the_limit(
    qtbot, app_clock, draft, saver
):
    step = 0.1  # a key every tenth of a second never makes the pause the saver waits for
    for letter in "the kitchen":
        _type(draft, saver, letter)
        app_clock.advance(seconds=step)
        assert _wake(qtbot, saver, saver.pause_timer) == []
    assert draft.writes == []  # 1.1 s of typing: not yet
    app_clock.advance(seconds=MAX_UNSAVED_MS / 1000 - len("the kitchen") * step)
    assert _wake(qtbot, saver, saver.deadline) == [(STORED_AT, True)]
    assert draft.writes == ["the kitchen"]
    assert not saver.dirty


def test_the_limit_counts_from_the_first_change_not_yet_saved(qtbot, app_clock, draft, saver):
    _type(draft, saver, "a")
    assert saver.deadline.isActive() and saver.deadline.interval() == MAX_UNSAVED_MS
    app_clock.advance(seconds=1.0)
    _type(draft, saver, "b")  # a change does not put the limit off
    app_clock.advance(seconds=0.4)
    assert _wake(qtbot, saver, saver.deadline) == []  # woken early: the clock says wait
    assert saver.deadline.isActive() and saver.deadline.interval() == 100
    app_clock.advance(seconds=0.1)
    assert _wake(qtbot, saver, saver.deadline) == [(STORED_AT, True)]
    assert draft.writes == ["ab"]


def test_a_pause_in_typing_stores_it(qtbot, app_clock, draft, saver):
    _type(draft, saver, "fridge")
    app_clock.advance(seconds=PAUSE_SAVE_MS / 1000 - 0.2)
    assert _wake(qtbot, saver, saver.pause_timer) == []
    app_clock.advance(seconds=0.2)
    assert _wake(qtbot, saver, saver.pause_timer) == [(STORED_AT, True)]
    assert draft.writes == ["fridge"]


def test_typing_while_a_save_is_written_is_stored_by_the_next_one(qtbot, app_clock, draft, saver):
    stored = []
    saver.stored.connect(lambda at, everything: stored.append(everything))
    _type(draft, saver, "one")
    draft.hold.clear()  # the disk is slow
    app_clock.advance(seconds=1.5)
    saver.deadline.timeout.emit()
    assert saver.writing is not None
    _type(draft, saver, " two")
    app_clock.advance(seconds=1.5)
    saver.deadline.timeout.emit()  # due again, but one save at a time
    draft.hold.set()
    qtbot.waitUntil(lambda: len(stored) == 2, timeout=10000)
    qtbot.waitUntil(lambda: saver.writing is None, timeout=10000)
    assert stored == [False, True]  # the first did not hold " two"; the second did
    assert draft.writes == ["one", "one two"]
    assert not saver.dirty


def test_a_refused_save_says_why_and_is_tried_again_later(qtbot, app_clock, draft, saver):
    refused = []
    saver.refused.connect(refused.append)
    draft.refuse.append(UserError("the disk is full, so nothing was saved"))
    _type(draft, saver, "words")
    app_clock.advance(seconds=1.5)
    assert _wake(qtbot, saver, saver.deadline) == []
    assert refused == ["the disk is full, so nothing was saved"] and saver.dirty
    retry = saver.timing.retry_ms / 1000
    app_clock.advance(seconds=retry - 0.5)
    assert _wake(qtbot, saver, saver.pause_timer) == []
    app_clock.advance(seconds=0.5)
    assert _wake(qtbot, saver, saver.pause_timer) == [(STORED_AT, True)]
    assert draft.writes == ["words"]


def test_saving_now_waits_for_the_save_under_way_and_stores_the_rest(
    qtbot, app_clock, draft, saver
):
    _type(draft, saver, "first")
    app_clock.advance(seconds=1.5)
    saver.deadline.timeout.emit()
    _type(draft, saver, " then more")
    assert saver.save()
    assert saver.writing is None and not saver.dirty
    assert draft.writes == ["first", "first then more"]
    assert not saver.pause_timer.isActive() and not saver.deadline.isActive()


def test_the_timing_is_the_savers_to_be_given(qtbot, app_clock, draft):
    saver = DraftSaver(
        draft.gather,
        draft.write,
        editable=lambda: True,
        locked=lambda: False,
        clock=app_clock.seconds,
        timing=DraftTiming(pause_ms=200, max_unsaved_ms=300, retry_ms=400),
    )
    _type(draft, saver, "x")
    assert saver.pause_timer.interval() == 200 and saver.deadline.interval() == 300
    assert saver.deadline.timerType() == Qt.TimerType.PreciseTimer
    app_clock.advance(seconds=0.3)
    assert _wake(qtbot, saver, saver.deadline) == [(STORED_AT, True)]
    saver.deleteLater()


def test_nothing_is_stored_of_a_record_that_cannot_be_changed_or_while_locked(
    qtbot, app_clock, draft
):
    state = {"editable": True, "locked": True}
    saver = DraftSaver(
        draft.gather,
        draft.write,
        editable=lambda: state["editable"],
        locked=lambda: state["locked"],
        clock=app_clock.seconds,
    )
    _type(draft, saver, "x")
    app_clock.advance(seconds=2)
    assert _wake(qtbot, saver, saver.deadline) == []  # locked: only save() is tried
    state["editable"] = False
    assert saver.save() and draft.writes == []
    saver.deleteLater()


# --- in the form ------------------------------------------------------------------------------


def test_the_form_stores_typing_by_the_apps_clock_and_announces_what_changed(
    workspace, qtbot, app_clock
):
    child = records.add_child(
        workspace,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", workspace.today() - timedelta(days=30)),
    )
    at = workspace.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    visit = records.start_visit(workspace, child, at, location="home")
    hub = Hub()
    announced = []
    hub.changed.connect(announced.append)
    form = VisitForm(workspace, hub, visit)
    qtbot.addWidget(form)
    form.show()
    app_clock.drive(workspace, form.drafts)
    box = form.narrative["findings"]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)

    qtbot.keyClicks(box, "Fridge stocked.")
    assert form.saved_label.text() == "Not saved yet…"
    app_clock.advance(seconds=MAX_UNSAVED_MS / 1000)
    form.drafts.deadline.timeout.emit()
    qtbot.waitUntil(lambda: form.saved_label.text().startswith("Saved"), timeout=10000)

    assert form.saved_label.text() == f"Saved {app_clock.now():%H:%M:%S}"
    assert announced == [Changes.of(children=[child], visits=[visit])]
    with workspace.db.sessions() as session:
        assert session.get(Visit, visit).findings == "Fridge stocked."
