"""The household box on a child's page, as a worker uses it: adding the children who live
with the child, recording that one moved out, and seeing where a child lived before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from visitdesk.services import households, records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.ui.child_page import ChildPage
from visitdesk.ui.household_box import AddToHouseholdDialog, MovedOutDialog
from visitdesk.ui.hub import Hub


def _child(ws, given, family="Brook", born=date(2016, 3, 4)):
    start = ws.today() - timedelta(days=60)
    return records.add_child(
        ws,
        given_name=given,
        family_name=family,
        date_of_birth=born,
        plan=PlanInput("CIN", start, allocated_on=start),
    )


def _day(value: date) -> str:
    return f"{value:%-d %b %Y}"


@pytest.fixture
def page_for(qtbot):
    def make(ws, child):
        hub = Hub()
        page = ChildPage(ws, hub)
        qtbot.addWidget(page)
        page.show()
        page.show_child(child)
        return page

    return make


def _choose_in_dialog(name_start: str, joined: date | None = None):
    """A stand-in for the dialog's exec: choose the child whose line starts with
    ``name_start``, set the day they joined, and press the dialog's OK button."""

    def run(dialog: AddToHouseholdDialog) -> int:
        rows = [dialog.children.item(r) for r in range(dialog.children.count())]
        [item] = [i for i in rows if i.text().startswith(name_start) and not i.isHidden()]
        dialog.children.setCurrentItem(item)
        if joined is not None:
            dialog.since.setDate(joined)
        dialog.ok_button.click()
        return dialog.result()

    return run


def test_adding_two_siblings_from_the_childs_page_lists_them_with_dates(
    workspace, page_for, qtbot, monkeypatch
):
    ada, bea, cal = _child(workspace, "Ada"), _child(workspace, "Bea"), _child(workspace, "Cal")
    page = page_for(workspace, ada)
    box = page.household_box
    assert "not recorded as living with other children" in box.summary.text()
    assert not page.new_household_visit.isVisibleTo(page)

    first = workspace.today() - timedelta(days=20)
    monkeypatch.setattr(AddToHouseholdDialog, "exec", _choose_in_dialog("Bea Brook", first))
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    second = workspace.today() - timedelta(days=5)
    monkeypatch.setattr(AddToHouseholdDialog, "exec", _choose_in_dialog("Cal Brook", second))
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)

    shown = box.summary.text()
    assert "Brook household" in shown
    for name in ("Ada Brook", "Bea Brook", "Cal Brook"):
        assert name in shown
    assert "(this child)" in shown
    assert f"since {_day(first)}" in shown and f"since {_day(second)}" in shown
    assert box.message.text() == "Cal Brook added to the household."
    assert page.new_household_visit.isVisibleTo(page)
    found = households.household_of(workspace, ada)
    assert {m.child_id: m.since for m in found.members} == {ada: first, bea: first, cal: second}


def test_moving_a_child_out_keeps_the_stay_in_their_history_with_dates(
    workspace, page_for, qtbot, monkeypatch
):
    ada, bea, cal = _child(workspace, "Ada"), _child(workspace, "Bea"), _child(workspace, "Cal")
    joined = workspace.today() - timedelta(days=30)
    households.join_household(workspace, ada, bea, joined)
    households.join_household(workspace, ada, cal, joined)
    page = page_for(workspace, bea)
    box = page.household_box
    left = workspace.today() - timedelta(days=2)

    asked = []

    def moved_out(child_name, household_name, since, today, parent=None):
        asked.append((child_name, household_name, since))
        return left, True

    monkeypatch.setattr(MovedOutDialog, "ask", moved_out)
    qtbot.mouseClick(box.leave_button, Qt.MouseButton.LeftButton)

    assert asked == [("Bea Brook", "Brook household", joined)]
    assert "not recorded as living with other children" in box.summary.text()
    history = box.history.text()
    assert box.history.isVisibleTo(page)
    assert f"Lived in the Brook household from {_day(joined)} until {_day(left)}" in history
    assert not box.leave_button.isVisibleTo(page)
    assert not page.new_household_visit.isVisibleTo(page)
    # Ada's page shows the household without Bea.
    page.show_child(ada)
    assert "Bea Brook" not in box.summary.text() and "Cal Brook" in box.summary.text()


def test_the_moved_out_dialog_asks_for_the_day_and_is_the_confirmation(qtbot):
    since, today = date(2026, 1, 5), date(2026, 3, 1)
    dialog = MovedOutDialog("Bea Brook", "Brook household", since, today)
    qtbot.addWidget(dialog)
    assert dialog.on.date().toPython() == today
    assert dialog.on.minimumDate().toPython() == since
    assert dialog.on.maximumDate().toPython() == today
    dialog.on.setDate(date(2026, 2, 10))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value == date(2026, 2, 10)


def test_a_child_in_another_household_is_said_to_move_before_it_is_done(
    workspace, page_for, qtbot, monkeypatch
):
    ada = _child(workspace, "Ada")
    mia, leo = _child(workspace, "Mia", "Thomas"), _child(workspace, "Leo", "Thomas")
    joined = workspace.today() - timedelta(days=40)
    households.join_household(workspace, mia, leo, joined)
    page = page_for(workspace, ada)

    seen = {}

    def look_then_choose(dialog: AddToHouseholdDialog) -> int:
        [item] = [
            dialog.children.item(r)
            for r in range(dialog.children.count())
            if dialog.children.item(r).text().startswith("Mia Thomas")
        ]
        assert "lives in the Thomas household" in item.text()
        assert not dialog.note.isVisibleTo(dialog)
        dialog.children.setCurrentItem(item)
        seen["note"] = dialog.note.text() if dialog.note.isVisibleTo(dialog) else ""
        seen["ok"] = dialog.ok_button.text()
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(AddToHouseholdDialog, "exec", look_then_choose)
    qtbot.mouseClick(page.household_box.add_button, Qt.MouseButton.LeftButton)

    assert seen["note"].startswith("Mia Thomas lives in the Thomas household now.")
    assert "moves them out of it" in seen["note"]
    assert seen["ok"] == "Move to this household"
    assert [m.child_id for m in households.household_of(workspace, ada).members] == [ada, mia]
    assert [m.child_id for m in households.household_of(workspace, leo).members] == [leo]
    [stay] = households.household_stays(workspace, mia)
    assert stay.until == workspace.today()


def test_a_long_list_can_be_searched_by_name(workspace, qtbot):
    ada = _child(workspace, "Ada")
    for n, given in enumerate("Bea Cal Dot Eve Fay Gus Hal Ivy Jon Kit".split()):
        _child(workspace, given, "Brook" if n % 2 else "Ashworth")
    households.join_household(workspace, ada, _child(workspace, "Zoe"))
    dialog = AddToHouseholdDialog(workspace, ada, "Ada Brook")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.search.isVisible()
    shown = [dialog.children.item(r).text() for r in range(dialog.children.count())]
    assert len(shown) == 10 and not any(line.startswith(("Ada ", "Zoe ")) for line in shown)
    qtbot.keyClicks(dialog.search, "hal ash")
    visible = [
        dialog.children.item(r).text()
        for r in range(dialog.children.count())
        if not dialog.children.item(r).isHidden()
    ]
    assert len(visible) == 1 and visible[0].startswith("Hal Ashworth")
    assert not dialog.ok_button.isEnabled()


def test_a_short_list_has_no_search_box_and_an_empty_one_says_what_to_do(workspace, qtbot):
    ada = _child(workspace, "Ada")
    alone = AddToHouseholdDialog(workspace, ada, "Ada Brook")
    qtbot.addWidget(alone)
    alone.show()
    assert not alone.search.isVisible() and not alone.children.isVisible()
    assert "no other child on your caseload" in alone.empty.text()
    _child(workspace, "Bea")
    short = AddToHouseholdDialog(workspace, ada, "Ada Brook")
    qtbot.addWidget(short)
    short.show()
    assert not short.search.isVisible() and short.children.count() == 1


def test_a_day_the_service_refuses_is_said_once_and_nothing_changes(
    workspace, page_for, qtbot, monkeypatch
):
    ada, bea = _child(workspace, "Ada"), _child(workspace, "Bea")
    households.join_household(workspace, ada, bea, workspace.today() - timedelta(days=3))
    page = page_for(workspace, bea)
    monkeypatch.setattr(
        MovedOutDialog, "ask", lambda *a, **k: (workspace.today() - timedelta(days=10), True)
    )
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    qtbot.mouseClick(page.household_box.leave_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1 and "cannot be dated before that" in warnings[0]
    assert len(households.household_of(workspace, bea).members) == 2
    assert page.household_box.message.text() == ""


def test_a_child_on_another_workers_caseload_shows_their_household_without_buttons(
    make_workspace, tmp_path, page_for
):
    worker = make_workspace(role="worker", name="Sam Worker", folder="worker")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="manager")
    syncing.export_card(worker, tmp_path / "sam.card")
    syncing.export_card(manager, tmp_path / "morgan.card")
    syncing.import_card(manager, tmp_path / "sam.card")
    syncing.import_card(worker, tmp_path / "morgan.card")
    ada, bea = _child(worker, "Ada"), _child(worker, "Bea")
    households.join_household(worker, ada, bea, worker.today() - timedelta(days=3))
    syncing.export_bundle(worker, tmp_path / "b.vdbundle")
    syncing.import_bundle(manager, tmp_path / "b.vdbundle")

    page = page_for(manager, ada)
    box = page.household_box
    assert "Bea Brook" in box.summary.text()
    assert box.read_only.isVisibleTo(page)
    assert not box.add_button.isVisibleTo(page)
    assert not box.leave_button.isVisibleTo(page)
    assert not page.new_household_visit.isVisibleTo(page)


def test_a_change_to_a_sibling_made_elsewhere_refreshes_the_box(workspace, page_for):
    ada, bea = _child(workspace, "Ada"), _child(workspace, "Bea")
    households.join_household(workspace, ada, bea, workspace.today())
    page = page_for(workspace, ada)
    cal = _child(workspace, "Cal")
    # Cal joins from Bea's page: the change names Bea and Cal, not Ada.
    page.hub.ops.run(lambda: households.join_household(workspace, bea, cal), parent=page)
    assert "Cal Brook" in page.household_box.summary.text()


def test_locking_forgets_the_household_shown(workspace, page_for):
    ada, bea = _child(workspace, "Ada"), _child(workspace, "Bea")
    households.join_household(workspace, ada, bea, workspace.today())
    page = page_for(workspace, ada)
    page.clear()
    box = page.household_box
    assert box.summary.text() == "" and box.history.text() == ""
    assert not box.add_button.isVisibleTo(page)
    assert not page.new_household_visit.isVisibleTo(page)
