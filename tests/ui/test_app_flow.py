"""The app as a worker and a manager use it, driven offscreen through real widgets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from sqlalchemy import select

from visitdesk.services import demo, records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuthorisationTask, Visit
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.visit_form import VisitForm


@pytest.fixture
def window_for(qtbot, monkeypatch):
    # Completing asks "are you sure?"; answer yes as the worker would.
    monkeypatch.setattr(VisitForm, "confirm_complete", lambda self: True)

    def make(ws):
        win = MainWindow(ws, Hub())
        qtbot.addWidget(win)
        win.show()
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
        return win

    return make


def _add_child(ws, name="Ada", dob=None):
    today = ws.today()
    return records.add_child(
        ws,
        given_name=name,
        family_name="Brook",
        date_of_birth=dob or date(2016, 3, 4),
        plan=PlanInput("CIN", today - timedelta(days=30), allocated_on=today - timedelta(days=30)),
    )


def _row_of(view, name):
    for r in range(view.proxy.rowCount()):
        if view.proxy.index(r, 1).data() == name:
            return view.proxy.index(r, 1)
    raise AssertionError(f"{name} not in caseload")


def test_caseload_model_is_sound_and_sorted_by_urgency(workspace, window_for, qtbot):
    demo.fill(workspace, children=30, seed=5)
    win = window_for(workspace)
    QAbstractItemModelTester(
        win.caseload.model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    statuses = [win.caseload.proxy.index(r, 0).data() for r in range(win.caseload.proxy.rowCount())]
    order = ["Overdue", "Due soon", "Needs action", "No standard set", "On track", "No plan"]
    assert [order.index(s) for s in statuses] == sorted(order.index(s) for s in statuses)
    assert "30 children" in win.caseload.summary.text()


def test_typing_in_the_filter_narrows_the_caseload(workspace, window_for, qtbot):
    _add_child(workspace, "Peregrine")
    _add_child(workspace, "Zoë")
    win = window_for(workspace)
    assert sorted(win.caseload.visible_names()) == ["Peregrine Brook", "Zoë Brook"]
    qtbot.keyClicks(win.caseload.filter, "zo")  # key events are ASCII-only
    assert win.caseload.visible_names() == ["Zoë Brook"]


def _open_new_visit(win, qtbot, name="Ada Brook"):
    index = _row_of(win.caseload, name)
    win.caseload.table.activated.emit(index)
    assert win.pages.currentWidget() is win.child_page
    qtbot.mouseClick(win.child_page.new_visit, Qt.MouseButton.LeftButton)
    form = win.visit_form
    assert form is not None and win.pages.currentWidget() is form
    return form


def _fill_sections(form, qtbot):
    for name, edit in form.narrative.items():
        edit.setFocus()
        qtbot.keyClicks(edit, f"Some {name.replace('_', ' ')}.")


def test_not_seen_alone_blocks_completion_until_a_reason_is_given(workspace, window_for, qtbot):
    _add_child(workspace)
    win = window_for(workspace)
    form = _open_new_visit(win, qtbot)
    # A new record asks calmly for what is missing; nothing is red before it is touched.
    assert form.fields["purpose"].message.text().startswith("To do:")
    form.seen.set_value("yes")
    form.bedroom.set_value(True)
    form.seen_alone.set_value("no")
    _fill_sections(form, qtbot)
    # The reason appears only now, is flagged, and completion says why it is refused.
    assert form.fields["not_seen_alone_reason"].isVisible()
    assert not form.complete_button.isEnabled()
    assert "Not ready to complete" in form.complete_reason.text()
    flagged = form.fields["not_seen_alone_reason"]
    assert flagged.message.isVisible() and flagged.message.text().startswith("Needed:")
    assert "Needed" in form.reason.accessibleDescription()
    # Clicking the finding jumps to the field.
    item = next(
        form.findings_list.item(i)
        for i in range(form.findings_list.count())
        if form.findings_list.item(i).data(Qt.ItemDataRole.UserRole) == "not_seen_alone_reason"
    )
    form.findings_list.itemClicked.emit(item)
    assert form.reason.hasFocus()

    form.reason_category.set_value("refused")
    qtbot.keyClicks(form.reason, "She asked for her mum to stay; will try at school next week.")
    assert not form.fields["not_seen_alone_reason"].message.isVisible()
    assert form.complete_button.isEnabled()
    qtbot.mouseClick(form.complete_button, Qt.MouseButton.LeftButton)
    assert form.read_only and form.reason.isReadOnly()
    history = form.history_lines()
    assert "Started the record" in history[0] and "Completed the record" in history[-1]
    assert not any("She asked" in line for line in history)  # what, never the words
    with workspace.db.sessions() as s:
        visit = s.get(Visit, form.visit_id)
        assert visit.state == "completed"
        assert visit.not_seen_alone_reason.startswith("She asked")


def test_a_draft_survives_the_window_closing_without_saving(workspace, window_for, qtbot):
    _add_child(workspace)
    win = window_for(workspace)
    form = _open_new_visit(win, qtbot)
    form.narrative["purpose"].setFocus()
    qtbot.keyClicks(form.narrative["purpose"], "Checking the new bunk beds arrived.")
    visit_id = form.visit_id
    win.close()
    with workspace.db.sessions() as s:
        assert s.get(Visit, visit_id).purpose == "Checking the new bunk beds arrived."
    # Reopening shows the draft where it was.
    win2 = window_for(workspace)
    win2.open_visit(visit_id)
    reopened = win2.visit_form.narrative["purpose"].toPlainText()
    assert reopened == "Checking the new bunk beds arrived."


def test_autosave_stores_typing_within_two_seconds(workspace, window_for, qtbot, app_clock):
    _add_child(workspace)
    win = window_for(workspace)
    form = _open_new_visit(win, qtbot)
    app_clock.drive(workspace, form.drafts)
    form.narrative["findings"].setFocus()
    qtbot.keyClicks(form.narrative["findings"], "Fridge stocked.")
    # Two seconds pass on the app's clock and the save timer wakes (fired here, not waited
    # for); what is left to wait for is the write itself.
    app_clock.advance(seconds=2)
    form.drafts.deadline.timeout.emit()
    qtbot.waitUntil(lambda: form.saved_label.text().startswith("Saved"), timeout=2500)
    with workspace.db.sessions() as s:
        assert s.get(Visit, form.visit_id).findings == "Fridge stocked."


def test_manager_authorises_and_returns_with_a_comment_the_worker_sees(
    make_workspace, window_for, qtbot, monkeypatch
):
    ws = make_workspace(role="manager", name="Morgan Manager")
    child = _add_child(ws)
    ids = []
    for day in (3, 2):
        at = ws.now().replace(hour=10, minute=0, second=0) - timedelta(days=day)
        vid = records.start_visit(
            ws,
            child,
            at,
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
        records.complete_visit(ws, vid)
        ids.append(vid)
    win = window_for(ws)
    view = win.authorisations
    assert win.pages.currentWidget() is view
    assert view.model.rowCount() == 2 and "2 records" in view.heading.text()
    view.table.selectRow(0)
    # Authorising asks first, naming the record (tests/ui/test_decisions.py); answer yes.
    monkeypatch.setattr(view, "confirm_authorise", lambda: ("", True))
    qtbot.mouseClick(view.authorise_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 1
    monkeypatch.setattr(view, "ask_comment", lambda: ("Please add what she told you.", True))
    view.table.selectRow(0)
    qtbot.mouseClick(view.return_button, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 0
    with ws.db.sessions() as s:
        states = sorted(s.get(Visit, v).state for v in ids)
        assert states == ["authorised", "returned"]
        returned = next(v for v in ids if s.get(Visit, v).state == "returned")
        assert s.scalar(
            select(AuthorisationTask.comment).where(
                AuthorisationTask.visit_id == returned, AuthorisationTask.state == "returned"
            )
        )
    # The returned record reopens, editable, with the manager's comment shown.
    win.open_visit(returned)
    form = win.visit_form
    assert not form.read_only
    assert "Please add what she told you." in form.banner.text() and form.banner.isVisible()


def test_manager_authorises_from_the_record_itself(make_workspace, window_for, qtbot, monkeypatch):
    ws = make_workspace(role="manager", name="Morgan Manager")
    child = _add_child(ws)
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    vid = records.start_visit(
        ws,
        child,
        at,
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
    records.complete_visit(ws, vid)
    win = window_for(ws)
    win.authorisations.table.selectRow(0)
    qtbot.mouseClick(win.authorisations.open_button, Qt.MouseButton.LeftButton)
    form = win.visit_form
    assert form.read_only and form.decision_bar.isVisibleTo(form)
    monkeypatch.setattr(form, "ask_return_comment", lambda: ("Add who was present.", True))
    qtbot.mouseClick(form.return_button, Qt.MouseButton.LeftButton)
    assert win.pages.currentWidget() is win.authorisations
    assert win.authorisations.model.rowCount() == 0
    with ws.db.sessions() as s:
        assert s.get(Visit, vid).state == "returned"
