"""The plan asks what its standards count from: placement facts for a looked-after child,
the Disabled Children's Service level for a child in need."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from visitdesk.services import records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Plan
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow


def _page(ws, qtbot, plan_type):
    start = ws.today() - timedelta(days=40)
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput(plan_type, start, allocated_on=start),
    )
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    win.open_child(child)
    win.child_page.window_kept = win  # qtbot holds the window only weakly
    return win.child_page, child


def test_a_looked_after_plan_asks_for_its_placement_and_saves_it(workspace, qtbot):
    page, child = _page(workspace, qtbot, "CLA")
    editor = page.plan_editor
    assert editor.placement_start.isVisible() and editor.reg24.isVisible()
    assert not editor.dcs.isVisible()
    editor.placement_start.setFocus()
    placed = workspace.today() - timedelta(days=10)
    qtbot.keyClicks(editor.placement_start, placed.strftime("%d%m%Y"))
    editor.until_18.setChecked(True)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with workspace.db.sessions() as s:
        plan = s.scalar(select(Plan).where(Plan.child_id == child))
        assert plan.placement_start == placed and plan.placement_until_18


def test_a_child_in_need_plan_asks_the_service_level_not_placement(workspace, qtbot):
    page, child = _page(workspace, qtbot, "CIN")
    editor = page.plan_editor
    assert editor.dcs.isVisible() and not editor.placement_start.isVisible()
    editor.dcs.setCurrentIndex(editor.dcs.findData("family_support"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with workspace.db.sessions() as s:
        assert s.scalar(select(Plan.dcs_level).where(Plan.child_id == child)) == "family_support"


def test_a_placement_date_that_is_not_a_date_is_explained_and_nothing_saved(workspace, qtbot):
    page, child = _page(workspace, qtbot, "CLA")
    editor = page.plan_editor
    editor.placement_start.setFocus()
    qtbot.keyClicks(editor.placement_start, "31022026")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "not a real date" in editor.message.text()
    with workspace.db.sessions() as s:
        assert s.scalar(select(Plan.placement_start).where(Plan.child_id == child)) is None
