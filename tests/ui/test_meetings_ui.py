"""A plan's meetings and holidays on the child's page, used as a social worker would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from visitdesk.services import meetings, records
from visitdesk.services.meetings import HolidayInput, MeetingInput, when
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Child, Plan
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.meetings import HolidayDialog, MeetingDialog


@pytest.fixture
def leics(make_workspace):
    return make_workspace(policy="leicestershire-cin-2024")


def _child(ws, plan_type="CIN", started_days_ago=60):
    start = ws.today() - timedelta(days=started_days_ago)
    return records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput(plan_type, start, allocated_on=start),
    )


def _plan_id(ws, child_id):
    with ws.db.sessions() as s:
        return s.scalar(select(Plan.id).where(Plan.child_id == child_id))


def _page(ws, qtbot, child_id):
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    win.open_child(child_id)
    # qtbot holds the window only weakly: the page keeps it, or the garbage collector may
    # delete the whole window (and the dialog on it) in the middle of a test.
    win.child_page.window_kept = win
    return win.child_page


def _cells(table):
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _answering(monkeypatch, qtbot, cls, fill):
    """Make ``cls.ask`` open the real dialog, let ``fill`` use it, and press Save."""
    shown = []

    def ask(klass, ws, plan_id, existing=None, parent=None, *, hub=None):
        dialog = klass(ws, plan_id, existing, parent, hub=hub)
        qtbot.addWidget(dialog)
        dialog.show()
        fill(dialog)
        _click(qtbot, dialog.save_button)
        shown.append(dialog)
        saved = dialog.meeting_id if klass is MeetingDialog else dialog.saved
        return saved, dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(cls, "ask", classmethod(ask))
    return shown


def test_adding_a_held_meeting_lists_it_and_moves_the_next_one_due(leics, qtbot, monkeypatch):
    ws = leics
    page = _page(ws, qtbot, _child(ws))
    box = page.meetings_box
    assert box.isVisible()
    assert "No meetings recorded yet" in box.empty.text()
    # Sixty days into the plan with no meeting: the 6-weekly progress meeting is overdue.
    assert "progress meeting was due by" in box.summary.text()

    held = ws.today() - timedelta(days=3)

    def fill(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("progress"))
        dialog.date.setDate(QDate(held))
        assert dialog.held.isChecked()

    _answering(monkeypatch, qtbot, MeetingDialog, fill)
    _click(qtbot, box.add_button)

    assert _cells(box.table) == [[when(held), "Progress meeting", "Held", "Not yet"]]
    summary = box.summary.text()
    assert "was due by" not in summary
    assert f"Plan progress meeting by <b>{when(held + timedelta(weeks=6))}</b>" in summary
    assert "Send out the progress meeting notes by" in summary
    assert page.notice.text() == "Meeting added to the plan."


def test_saving_a_meeting_is_announced_once(leics, qtbot, monkeypatch):
    ws = leics
    child = _child(ws)
    page = _page(ws, qtbot, child)
    announced = []
    page.hub.changed.connect(announced.append)

    def fill(dialog):
        dialog.date.setDate(QDate(ws.today() - timedelta(days=1)))

    _answering(monkeypatch, qtbot, MeetingDialog, fill)
    _click(qtbot, page.meetings_box.add_button)
    assert page.meetings_box.table.rowCount() == 1
    assert len(announced) == 1
    assert announced[0].touches_child(child)


def test_recording_that_the_notes_went_out_clears_what_was_due(leics, qtbot, monkeypatch):
    ws = leics
    child = _child(ws)
    held = ws.today() - timedelta(days=14)
    meetings.add_meeting(ws, _plan_id(ws, child), MeetingInput("progress", held))
    page = _page(ws, qtbot, child)
    box = page.meetings_box
    assert "notes of the progress meeting" in box.summary.text()  # overdue by now

    def fill(dialog):
        assert dialog.windowTitle() == "Change a meeting"
        dialog.notes_sent.setChecked(True)
        dialog.notes_on.setDate(QDate(held + timedelta(days=2)))

    _answering(monkeypatch, qtbot, MeetingDialog, fill)
    box.table.selectRow(0)
    _click(qtbot, box.change_button)
    assert _cells(box.table)[0][3] == when(held + timedelta(days=2))
    assert "notes" not in box.summary.text().lower()


def test_a_meeting_that_cannot_have_happened_is_explained_in_the_dialog(leics, qtbot, monkeypatch):
    ws = leics
    child = _child(ws)
    page = _page(ws, qtbot, child)

    def fill(dialog):
        dialog.date.setDate(QDate(ws.today() + timedelta(days=2)))  # 'took place' still ticked

    shown = _answering(monkeypatch, qtbot, MeetingDialog, fill)
    _click(qtbot, page.meetings_box.add_button)
    (dialog,) = shown
    assert dialog.error.isVisible()
    assert "cannot have taken place yet" in dialog.error.text()
    assert page.meetings_box.table.rowCount() == 0
    with ws.db.sessions() as s:
        assert s.get(Plan, _plan_id(ws, child)).meetings == ""


def test_notes_can_only_be_given_for_a_meeting_that_took_place(leics, qtbot):
    ws = leics
    dialog = MeetingDialog(ws, _plan_id(ws, _child(ws)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.notes_sent.setChecked(True)
    assert dialog.notes_on.isEnabled()
    dialog.held.setChecked(False)
    assert not dialog.notes_sent.isEnabled() and not dialog.notes_on.isEnabled()
    assert dialog.value().notes_circulated_on is None


def test_removing_a_meeting_asks_first(leics, qtbot, monkeypatch):
    ws = leics
    child = _child(ws)
    meetings.add_meeting(
        ws, _plan_id(ws, child), MeetingInput("review", ws.today() + timedelta(days=7), held=False)
    )
    page = _page(ws, qtbot, child)
    box = page.meetings_box
    assert _cells(box.table)[0][2] == "Booked"
    asked = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: asked.append(args[2]) or answer
    )
    box.table.selectRow(0)
    _click(qtbot, box.remove_button)
    assert "Remove the review meeting on" in asked[0]
    assert box.table.rowCount() == 1
    answer = QMessageBox.StandardButton.Yes
    box.table.selectRow(0)
    _click(qtbot, box.remove_button)
    assert box.table.rowCount() == 0
    assert page.notice.text() == "Meeting removed from the plan."


def test_a_holiday_is_added_and_listed(leics, qtbot, monkeypatch):
    ws = leics
    page = _page(ws, qtbot, _child(ws))
    box = page.holidays_box
    start = ws.today() + timedelta(days=20)

    def fill(dialog):
        dialog.start.setDate(QDate(start))
        dialog.end.setDate(QDate(start + timedelta(days=13)))
        dialog.abroad.setChecked(True)

    _answering(monkeypatch, qtbot, HolidayDialog, fill)
    _click(qtbot, box.add_button)
    assert _cells(box.table) == [[when(start), when(start + timedelta(days=13)), "Abroad"]]


def test_a_holiday_that_ends_before_it_starts_is_explained(leics, qtbot, monkeypatch):
    ws = leics
    page = _page(ws, qtbot, _child(ws))

    def fill(dialog):
        dialog.start.setDate(QDate(ws.today() + timedelta(days=10)))
        dialog.end.setDate(QDate(ws.today() + timedelta(days=5)))

    shown = _answering(monkeypatch, qtbot, HolidayDialog, fill)
    _click(qtbot, page.holidays_box.add_button)
    assert "cannot end before it starts" in shown[0].error.text()
    assert page.holidays_box.table.rowCount() == 0


def test_meetings_are_shown_only_for_child_in_need_plans(leics, qtbot):
    ws = leics
    child = _child(ws, "CP")
    start = ws.today() + timedelta(days=3)
    meetings.add_holiday(ws, _plan_id(ws, child), HolidayInput(start, start))
    page = _page(ws, qtbot, child)
    assert not page.meetings_box.isVisible()
    assert page.holidays_box.isVisible()
    assert page.holidays_box.table.rowCount() == 1


def test_another_workers_plan_is_shown_but_cannot_be_changed(leics, qtbot):
    ws = leics
    child = _child(ws)
    meetings.add_meeting(
        ws, _plan_id(ws, child), MeetingInput("progress", ws.today() - timedelta(days=3))
    )
    with ws.db.transaction() as s:  # as a worker's child is held on the manager's laptop
        s.get(Child, child).origin_device = "another-device"
    page = _page(ws, qtbot, child)
    box = page.meetings_box
    assert box.table.rowCount() == 1
    box.table.selectRow(0)
    assert not box.add_button.isEnabled()
    assert not box.change_button.isEnabled() and not box.remove_button.isEnabled()
    assert not page.holidays_box.add_button.isEnabled()


def test_locking_forgets_the_meetings_shown(leics, qtbot):
    ws = leics
    child = _child(ws)
    meetings.add_meeting(
        ws, _plan_id(ws, child), MeetingInput("progress", ws.today() - timedelta(days=3))
    )
    page = _page(ws, qtbot, child)
    assert page.meetings_box.table.rowCount() == 1
    page.clear()
    assert page.meetings_box.table.rowCount() == 0
    assert page.meetings_box.summary.text() == ""
