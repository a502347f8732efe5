"""The manager's decisions, made with care: named, confirmed, and never lost to an empty OK."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from visitdesk.services import records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuthorisationTask, Visit
from visitdesk.ui.authorisations import AuthorisationsView
from visitdesk.ui.decisions import CommentDialog
from visitdesk.ui.hub import Hub

RECORD = dict(
    location="home",
    seen="yes",
    seen_alone="yes",
    bedroom_seen=True,
    purpose="p",
    findings="f",
    analysis="a",
    conclusion="c",
    recommendations="r",
    childs_voice="v",
)


@pytest.fixture
def waiting(make_workspace):
    """A manager with three completed records waiting, for three children."""
    ws = make_workspace(role="manager", name="Morgan Manager")
    start = ws.today() - timedelta(days=20)
    ids = []
    for n, name in enumerate(("Ada", "Bea", "Cal")):
        child = records.add_child(
            ws,
            given_name=name,
            family_name="Brook",
            date_of_birth=date(2016, 3, 4),
            plan=PlanInput("CIN", start, allocated_on=start),
        )
        at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=3 - n)
        vid = records.start_visit(ws, child, at, **RECORD)
        records.complete_visit(ws, vid)
        ids.append(vid)
    return ws, ids


def _view(qtbot, ws):
    view = AuthorisationsView(ws, Hub())
    qtbot.addWidget(view)
    view.show()
    return view


def _when_dialog_opens(act):
    """Run ``act(dialog)`` on the comment dialog once it is showing, as a person would."""

    def poll():
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, CommentDialog) and w.isVisible()
        ]
        if shown:
            try:
                act(shown[0])
            finally:  # a failing step must not leave the modal dialog waiting for ever
                if shown[0].isVisible():
                    shown[0].reject()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _state(ws, vid):
    with ws.db.sessions() as s:
        return s.get(Visit, vid).state


def test_authorise_asks_first_naming_the_child_and_visit_and_cancel_changes_nothing(waiting, qtbot):
    ws, ids = waiting
    view = _view(qtbot, ws)
    view.table.selectRow(1)
    seen = {}

    def cancel(dialog):
        seen["text"] = " ".join(label.text() for label in dialog.findChildren(type(view.heading)))
        dialog.reject()

    _when_dialog_opens(cancel)
    qtbot.mouseClick(view.authorise_button, Qt.MouseButton.LeftButton)
    assert "Bea Brook" in seen["text"] and "authorising" in seen["text"]
    assert [_state(ws, v) for v in ids] == ["completed"] * 3


def test_authorising_keeps_the_selection_where_the_manager_was_with_the_comment_kept(
    waiting, qtbot
):
    ws, ids = waiting
    view = _view(qtbot, ws)
    view.table.selectRow(1)  # Bea's record

    def authorise(dialog):
        qtbot.keyClicks(dialog.text, "Good analysis of the school's worries.")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _when_dialog_opens(authorise)
    qtbot.mouseClick(view.authorise_button, Qt.MouseButton.LeftButton)
    assert [_state(ws, v) for v in ids] == ["completed", "authorised", "completed"]
    with ws.db.sessions() as s:
        comment = s.scalar(
            select(AuthorisationTask.comment).where(AuthorisationTask.state == "authorised")
        )
    assert comment == "Good analysis of the school's worries."
    # Bea's row went; the selection is on the record that took its place (Cal's), not the top.
    assert view.model.rowCount() == 2
    assert view.table.currentIndex().row() == 1
    assert view.model.index(1, 0).data() == "Cal Brook"


def test_return_with_an_empty_comment_stays_open_with_a_message_then_returns(waiting, qtbot):
    ws, ids = waiting
    view = _view(qtbot, ws)
    view.table.selectRow(0)
    seen = {}

    def first_empty_then_typed(dialog):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["open_after_empty_ok"] = dialog.isVisible()
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisible() else ""
        seen["wraps"] = dialog.minimumWidth() >= 480
        qtbot.keyClicks(dialog.text, "Please add who was present.")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    _when_dialog_opens(first_empty_then_typed)
    qtbot.mouseClick(view.return_button, Qt.MouseButton.LeftButton)
    assert seen["open_after_empty_ok"] and "what needs correcting" in seen["problem"]
    assert seen["wraps"]
    assert _state(ws, ids[0]) == "returned"
