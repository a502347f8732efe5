"""Choosing who a household visit is for and starting it from the child's page, as a worker
does: the children on plans ticked to begin with, at least two, one record each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from visitdesk.services import household_visits, households, records, views
from visitdesk.services.form_data import visit_form_data
from visitdesk.services.records import PlanInput
from visitdesk.ui import household_picker
from visitdesk.ui.child_page import ChildPage
from visitdesk.ui.household_picker import HouseholdVisitDialog
from visitdesk.ui.hub import Hub

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _child(ws, given, plan="CIN", born=date(2016, 3, 4), expected=None, starts=None):
    start = starts or ws.today() - timedelta(days=60)
    return records.add_child(
        ws,
        given_name=given,
        family_name="Ashworth",
        date_of_birth=None if expected else born,
        expected_birth_date=expected,
        plan=PlanInput(plan, start, allocated_on=start),
    )


@pytest.fixture
def family(workspace):
    """Jack (CP and looked after), Lily (CIN), Sam (whose plan has not started yet) and an
    unborn baby (CP), living together."""
    ws = workspace
    jack = _child(ws, "Jack", "CP+CLA", date(2014, 5, 1))
    lily = _child(ws, "Lily", "CIN", date(2017, 2, 3))
    sam = _child(ws, "Sam", "CIN", date(2019, 8, 9), starts=ws.today() + timedelta(days=10))
    baby = _child(ws, "Baby", "CP", expected=ws.today() + timedelta(days=90))
    for other in (lily, sam, baby):
        households.join_household(ws, jack, other, ws.today() - timedelta(days=30))
    return jack, lily, sam, baby


@pytest.fixture
def page_for(qtbot):
    def make(ws, child):
        hub = Hub()
        page = ChildPage(ws, hub)
        qtbot.addWidget(page)
        page.show()
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow)  # a shortcut reaches the active window only
        page.show_child(child)
        return page

    return make


def _dialog(ws, child, qtbot):
    dialog = HouseholdVisitDialog(households.household_of(ws, child), ws.today())
    qtbot.addWidget(dialog)
    return dialog


def test_the_children_on_plans_are_ticked_to_begin_with(workspace, family, qtbot):
    jack, lily, sam, baby = family
    dialog = _dialog(workspace, jack, qtbot)
    ticked = {child: box.isChecked() for child, box in dialog.boxes.items()}
    assert ticked == {jack: True, lily: True, sam: False, baby: True}
    assert dialog.boxes[jack].text().startswith("Jack Ashworth — ")
    assert "CP Plan and Looked After (CLA)" in dialog.boxes[jack].text()
    assert dialog.boxes[sam].text().endswith("no plan")
    due = workspace.today() + timedelta(days=90)
    assert f"unborn baby, due {due:%-d %b %Y}" in dialog.boxes[baby].text()
    assert list(dialog.boxes) == [jack, lily, sam, baby]  # the eldest first, the baby last


def test_fewer_than_two_children_ticked_is_refused_and_said(workspace, family, qtbot):
    jack, lily, _sam, baby = family
    dialog = _dialog(workspace, jack, qtbot)
    dialog.show()
    dialog.boxes[lily].click()
    dialog.boxes[baby].click()
    assert dialog.chosen() == [jack]
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.value is None
    assert dialog.error.isVisible()
    assert dialog.error.text().startswith("Tick at least two children.")
    dialog.boxes[baby].click()
    assert not dialog.error.isVisible()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value == [jack, baby]


def test_ctrl_shift_n_on_the_childs_page_starts_a_visit_for_the_children_ticked(
    workspace, family, page_for, qtbot, monkeypatch, app_clock
):
    jack, lily, sam, baby = family
    app_clock.drive(workspace)  # the minute the visit starts in cannot turn over mid-test
    app_clock.advance(seconds=37)
    page = page_for(workspace, lily)
    assert page.new_household_visit.isVisible()

    def tick_sam_not_baby(dialog: HouseholdVisitDialog) -> int:
        dialog.boxes[sam].click()
        dialog.boxes[baby].click()
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(HouseholdVisitDialog, "exec", tick_sam_not_baby)
    announced = []
    page.hub.changed.connect(announced.append)
    with qtbot.waitSignal(page.householdVisitOpened, timeout=2000) as opened:
        qtbot.keyClick(page, Qt.Key.Key_N, CTRL_SHIFT)
    [household_visit] = opened.args
    found = household_visits.records_of(workspace, household_visit)
    assert [r.child_id for r in found] == [jack, lily, sam]
    assert all(r.state == "draft" for r in found)
    assert len(announced) == 1 and all(announced[0].touches_child(c) for c in (jack, lily, sam))
    now = workspace.now().replace(second=0, microsecond=0)
    values = {r.child_id: visit_form_data(workspace, r.visit_id).values for r in found}
    assert {v["visited_at"] for v in values.values()} == {now}
    assert {v["location"] for v in values.values()} == {"home"}
    assert values[jack]["status_of_child"] == "CP Plan and Looked After (CLA)"
    assert values[lily]["status_of_child"] == "CIN Plan"
    # Lily's list says the record is part of a household visit.
    where = page.visits_model.index(0, 1)
    assert where.data() == "Home · household visit"
    assert "children visited: 3" in where.data(Qt.ItemDataRole.ToolTipRole)


def test_the_button_starts_one_too_and_cancelling_starts_nothing(
    workspace, family, page_for, qtbot, monkeypatch
):
    jack, lily, *_ = family
    page = page_for(workspace, jack)
    opened = []
    page.householdVisitOpened.connect(opened.append)
    monkeypatch.setattr(HouseholdVisitDialog, "ask", classmethod(lambda *a, **k: (None, False)))
    qtbot.mouseClick(page.new_household_visit, Qt.MouseButton.LeftButton)
    assert opened == [] and records.draft_for(workspace, jack) is None
    monkeypatch.setattr(
        HouseholdVisitDialog, "ask", classmethod(lambda *a, **k: ([jack, lily], True))
    )
    qtbot.mouseClick(page.new_household_visit, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert household_visits.draft_of(workspace, jack) == opened[0]


def test_a_household_visit_being_written_is_opened_rather_than_another_started(
    workspace, family, page_for, qtbot, monkeypatch
):
    jack, lily, sam, _baby = family
    begun = household_visits.start(workspace, [jack, lily], workspace.now(), location="home")
    page = page_for(workspace, sam)  # not part of it, but of the same household
    monkeypatch.setattr(
        HouseholdVisitDialog, "ask", classmethod(lambda *a, **k: pytest.fail("asked again"))
    )
    with qtbot.waitSignal(page.householdVisitOpened, timeout=2000) as opened:
        qtbot.keyClick(page, Qt.Key.Key_N, CTRL_SHIFT)
    assert opened.args == [begun]
    assert len(household_visits.records_of(workspace, begun)) == 2


def test_ctrl_n_on_a_child_whose_draft_is_a_household_draft_opens_that_draft(
    workspace, family, page_for, qtbot
):
    jack, lily, *_ = family
    begun = household_visits.start(workspace, [jack, lily], workspace.now(), location="home")
    [lilys] = [
        r.visit_id for r in household_visits.records_of(workspace, begun) if r.child_id == lily
    ]
    page = page_for(workspace, lily)
    with qtbot.waitSignal(page.visitOpened, timeout=2000) as opened:
        qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened.args == [lilys]
    assert [v.id for v in views.visit_rows(workspace, lily)] == [lilys]


def test_a_child_living_with_no_other_child_is_told_how_to_add_them(
    workspace, page_for, qtbot, monkeypatch
):
    ada = _child(workspace, "Ada")
    page = page_for(workspace, ada)
    assert not page.new_household_visit.isVisible()
    told = []
    monkeypatch.setattr(household_picker, "explain", lambda _parent, text: told.append(text))
    monkeypatch.setattr(
        HouseholdVisitDialog, "ask", classmethod(lambda *a, **k: pytest.fail("asked"))
    )
    opened = []
    page.householdVisitOpened.connect(opened.append)
    qtbot.keyClick(page, Qt.Key.Key_N, CTRL_SHIFT)
    assert opened == [] and records.draft_for(workspace, ada) is None
    [text] = told
    assert text.startswith("Ada Ashworth is not recorded as living with other children")
    assert "Add a child to this household" in text


def test_a_visit_to_one_child_states_both_plans_of_a_child_on_cp_and_looked_after(
    workspace, page_for, qtbot
):
    jack = _child(workspace, "Jack", "CP+CLA")
    page = page_for(workspace, jack)
    with qtbot.waitSignal(page.visitOpened, timeout=2000) as opened:
        qtbot.mouseClick(page.new_visit, Qt.MouseButton.LeftButton)
    values = visit_form_data(workspace, opened.args[0]).values
    assert values["status_of_child"] == "CP Plan and Looked After (CLA)"
