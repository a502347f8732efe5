"""The one runner every write goes through: a refusal shown once, the changes announced once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from visitdesk.errors import UserError
from visitdesk.services import meetings, records
from visitdesk.services.changes import NOTHING, Changes
from visitdesk.services.meetings import HolidayInput
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Plan
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.meetings import MeetingDialog
from visitdesk.ui.operations import Operations


@pytest.fixture
def hub(qapp):
    return Hub()


@pytest.fixture
def announced(hub):
    seen: list[Changes] = []
    hub.changed.connect(seen.append)
    return seen


@pytest.fixture
def warnings(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text)
    )
    return shown


def test_a_write_announces_what_it_changed_once(hub, announced, warnings):
    changes = Changes.of(children=["c1"], visits=["v1"])
    assert hub.ops.run(lambda: changes, parent=None) == changes
    assert hub.ops.run(lambda: ("new id", changes), parent=None) == "new id"
    assert announced == [changes, changes] and warnings == []


def test_nothing_changed_is_not_announced(hub, announced):
    assert hub.ops.run(lambda: (42, NOTHING), parent=None) == 42
    assert announced == []


def test_a_refusal_is_shown_once_and_nothing_is_announced(hub, announced, warnings):
    def refuse():
        raise UserError("that child is not on this caseload")

    assert hub.ops.run(refuse, parent=None) is None
    assert warnings == ["That child is not on this caseload"] and announced == []


def test_a_dialog_can_show_the_refusal_itself(hub, announced, warnings):
    def refuse():
        raise UserError("the holiday cannot end before it starts")

    mine: list[str] = []
    assert hub.ops.run(refuse, parent=None, on_refused=lambda e: mine.append(str(e))) is None
    assert mine == ["the holiday cannot end before it starts"] and warnings == []


def test_an_unexpected_failure_is_logged_and_shown_calmly(hub, announced, warnings, caplog):
    words = " ".join(["Ada", "Brook"])  # what a record says never reaches the log

    def broken():
        raise RuntimeError(words)

    assert hub.ops.run(broken, parent=None) is None
    assert warnings == ["That could not be done; see the log."] and announced == []
    assert "an operation failed: RuntimeError" in caplog.text
    assert words not in caplog.text


def test_a_write_that_forgets_to_say_what_changed_is_a_mistake(hub, announced):
    with pytest.raises(TypeError, match="not Changes"):
        hub.ops.run(lambda: None, parent=None)
    assert announced == []


def test_slow_work_runs_off_the_gui_thread_and_reports_back_on_it(hub, announced, qtbot):
    where: dict[str, object] = {}
    changes = Changes.of(children=["c1"])

    def slow():
        where["ran"] = threading.current_thread()
        return "done", changes

    def done(result):
        where["done"] = (threading.current_thread(), result, list(announced))

    hub.ops.run_in_background(slow, what="a test", on_done=done)
    assert hub.ops.busy
    assert hub.ops.wait_for_background(10)
    qtbot.waitUntil(lambda: "done" in where, timeout=5000)
    assert where["ran"] is not threading.main_thread()
    # Delivered in the GUI thread, after the changes were announced.
    assert where["done"] == (threading.main_thread(), "done", [changes])
    assert not hub.ops.busy


def test_slow_work_that_fails_reports_the_failure(hub, announced, qtbot):
    failed: list[BaseException] = []

    def slow():
        raise UserError("locked meanwhile")

    hub.ops.run_in_background(slow, what="a test", on_failed=failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert str(failed[0]) == "locked meanwhile" and announced == []


def test_a_runner_without_a_hub_runs_and_refuses_alike(qapp, warnings):
    ops = Operations(None)
    assert ops.run(lambda: ("id", Changes.of(children=["c"])), parent=None) == "id"
    assert ops.run(lambda: (_ for _ in ()).throw(UserError("no")), parent=None) is None
    assert warnings == ["No"]


def _window(ws, qtbot):
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    return win


def _add_child(ws, given="Ada"):
    start = ws.today() - timedelta(days=40)
    return records.add_child(
        ws,
        given_name=given,
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )


def _names(win):
    model = win.caseload.model
    return sorted(model.row_at(r).name for r in range(model.rowCount()))


def test_the_caseload_refreshes_from_what_was_announced(workspace, qtbot):
    win = _window(workspace, qtbot)
    assert _names(win) == []
    child = _add_child(workspace)
    assert _names(win) == []  # nobody said
    win.hub.ops.announce(records.changes_of_new_child(child))
    assert len(_names(win)) == 1 and "Ada" in _names(win)[0]


def test_a_change_while_the_caseload_is_hidden_shows_when_it_is_next_shown(workspace, qtbot):
    first = _add_child(workspace)
    win = _window(workspace, qtbot)
    win.open_child(first)
    other = _add_child(workspace, "Ben")
    win.hub.ops.announce(records.changes_of_new_child(other))
    assert other in win._stale_children
    win.show_caseload()
    assert len(_names(win)) == 2 and not win._stale_children


def test_everything_changed_works_the_caseload_out_again(workspace, qtbot):
    win = _window(workspace, qtbot)
    _add_child(workspace)
    _add_child(workspace, "Ben")
    win.hub.ops.announce(Changes.everything())
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    assert len(_names(win)) == 2


def test_the_backup_and_the_caseload_run_on_the_runner(workspace, qtbot):
    win = _window(workspace, qtbot)
    assert not any(t.name in ("caseload", "backup") for t in threading.enumerate())
    win.start_backup()
    win.wait_for_background_work()
    qtbot.waitUntil(lambda: win.backup_result is not None, timeout=10000)
    assert win.backup_result.exists()


def test_the_childs_page_on_show_is_fresh_after_anything_changed(workspace, qtbot):
    child = _add_child(workspace)
    win = _window(workspace, qtbot)
    win.open_child(child)
    with workspace.db.sessions() as s:
        plan = s.scalar(select(Plan.id).where(Plan.child_id == child))
    start = workspace.today() + timedelta(days=5)
    # As an import would bring it: stored, then announced as "anything may have changed".
    meetings.add_holiday(workspace, plan, HolidayInput(start, start))
    assert win.child_page.holidays_box.table.rowCount() == 0
    win.hub.ops.announce(Changes.everything())
    assert win.child_page.holidays_box.table.rowCount() == 1


def test_a_meeting_saved_in_its_dialog_is_announced_for_the_plans_child(workspace, qtbot, hub):
    seen: list[Changes] = []
    hub.changed.connect(seen.append)
    child = _add_child(workspace)
    with workspace.db.sessions() as s:
        plan = s.scalar(select(Plan.id).where(Plan.child_id == child))
    dialog = MeetingDialog(workspace, plan, hub=hub)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date.setDate(QDate(workspace.today() + timedelta(days=3)))  # 'took place' ticked
    dialog.save_button.click()
    assert dialog.error.isVisible() and "cannot have taken place yet" in dialog.error.text()
    assert seen == []  # refused in the dialog, nothing announced
    dialog.held.setChecked(False)
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.meeting_id
    assert seen == [Changes.of(children=[child])]
