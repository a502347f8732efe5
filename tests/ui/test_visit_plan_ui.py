"""The plan for a child's next visit, used as a worker would: written on the child's page by
typing, carried into the record when the visit is started, and shown there read-only above
what the worker writes about what was done."""

from __future__ import annotations

import gc
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from visitdesk.services import household_visits, households, records, visit_plans
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import Child
from visitdesk.ui.draft_saver import wait_for_drafts
from visitdesk.ui.household_form import HouseholdVisitForm
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.visit_form import VisitForm
from visitdesk.ui.visit_plan_box import VisitPlanDialog

TYPED = {
    "wishes": "Three houses with Ada",
    "needs": "Polish interpreter for mum",
    "safety": "Visit with Jo: threats last month",
}


def _child(ws, given="Ada", family="Brook"):
    start = ws.today() - timedelta(days=30)
    return records.add_child(
        ws,
        given_name=given,
        family_name=family,
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", start, allocated_on=start),
    )


@pytest.fixture
def window(workspace, qtbot):
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    yield win
    win.close()
    wait_for_drafts()
    gc.collect()


def _page(win, child_id):
    win.open_child(child_id)
    # qtbot holds the window only weakly: the page keeps it while the test runs.
    win.child_page.window_kept = win
    return win.child_page


def _click(qtbot, button):
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _answering(monkeypatch, qtbot, fill, *, save=True):
    """Make ``VisitPlanDialog.ask`` open the real dialog, let ``fill`` type into it, and press
    Save; the dialogs shown are listed."""
    shown = []

    def ask(klass, ws, child_id, parts=None, parent=None, *, hub=None):
        dialog = klass(ws, child_id, parts, parent, hub=hub)
        qtbot.addWidget(dialog)
        dialog.show()
        shown.append(dialog)
        fill(dialog)
        if save:
            _click(qtbot, dialog.save_button)
        return dialog.saved, dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(VisitPlanDialog, "ask", classmethod(ask))
    return shown


def _top(widget, form) -> int:
    return widget.mapTo(form, widget.rect().topLeft()).y()


def _type_plan(qtbot, typed):
    def fill(dialog):
        for key, words in typed.items():
            box = dialog.boxes[key]
            box.setFocus()
            qtbot.keyClicks(box, words)

    return fill


def test_a_plan_typed_on_the_childs_page_is_shown_there_and_kept(
    workspace, window, qtbot, monkeypatch
):
    child = _child(workspace)
    page = _page(window, child)
    box = page.visit_plan_box
    assert box.summary.text() == "No plan yet."
    assert box.plan_button.text() == "Plan the next visit…"
    announced = []
    window.hub.changed.connect(announced.append)

    shown = _answering(monkeypatch, qtbot, _type_plan(qtbot, TYPED))
    _click(qtbot, box.plan_button)

    dialog = shown[0]
    # One box for each part of the plan, each with its label and help line.
    assert list(dialog.boxes) == [part.key for part in visit_plans.PLAN_PARTS]
    assert dialog.boxes["wishes"].accessibleName() == "Wishes, views and feelings"
    assert "three houses" in dialog.boxes["wishes"].accessibleDescription()
    assert visit_plans.next_plan(workspace, child) == TYPED
    assert [c.touches_child(child) for c in announced] == [True]
    summary = box.summary.text()
    for words in TYPED.values():
        assert words in summary
    assert "Wishes, views and feelings" in summary and "Safety planning" in summary
    assert "The child's plan" not in summary  # a part left blank is not shown
    assert box.plan_button.text() == "Change the plan…"
    assert page.notice.text() == "Plan for the next visit saved."


def test_changing_the_plan_opens_it_as_written_and_keeps_the_change(
    workspace, window, qtbot, monkeypatch
):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, TYPED)
    page = _page(window, child)

    def fill(dialog):
        assert dialog.boxes["needs"].toPlainText() == TYPED["needs"]
        dialog.boxes["needs"].clear()
        qtbot.keyClicks(dialog.boxes["culture"], "Friday prayers: visit after 2pm")

    _answering(monkeypatch, qtbot, fill)
    _click(qtbot, page.visit_plan_box.plan_button)
    assert visit_plans.next_plan(workspace, child) == {
        "wishes": TYPED["wishes"],
        "safety": TYPED["safety"],
        "culture": "Friday prayers: visit after 2pm",
    }
    assert "Polish interpreter" not in page.visit_plan_box.summary.text()


def test_a_refused_plan_is_explained_in_the_dialog_and_what_was_typed_stays(
    workspace, window, qtbot, monkeypatch
):
    child = _child(workspace)
    page = _page(window, child)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args))

    def fill(dialog):
        qtbot.keyClicks(dialog.boxes["safety"], "Go in pairs")
        with workspace.db.transaction() as s:  # the child moved to another worker meanwhile
            s.get(Child, child).origin_device = "another-device"

    shown = _answering(monkeypatch, qtbot, fill)
    _click(qtbot, page.visit_plan_box.plan_button)
    dialog = shown[0]
    assert dialog.isVisible() and dialog.error.isVisible()
    assert dialog.error.text().startswith("This child is on another worker's caseload")
    assert dialog.boxes["safety"].toPlainText() == "Go in pairs"
    assert warned == [] and visit_plans.next_plan(workspace, child) == {}
    dialog.reject()


def test_another_workers_child_shows_their_plan_without_a_way_to_change_it(
    workspace, window, qtbot
):
    child = _child(workspace)
    visit_plans.save_next_plan(workspace, child, TYPED)
    with workspace.db.transaction() as s:  # as a worker's child is held on a manager's laptop
        s.get(Child, child).origin_device = "another-device"
    box = _page(window, child).visit_plan_box
    assert TYPED["safety"] in box.summary.text()
    assert not box.plan_button.isVisible()
    assert box.note.text() == "Only the child's own worker can plan their visits."


def test_starting_the_visit_shows_the_plan_read_only_above_the_record(
    workspace, window, qtbot, monkeypatch
):
    child = _child(workspace)
    page = _page(window, child)
    _answering(monkeypatch, qtbot, _type_plan(qtbot, TYPED))
    _click(qtbot, page.visit_plan_box.plan_button)

    _click(qtbot, page.new_visit)
    form = window.visit_form
    assert isinstance(form, VisitForm)
    section = form.planned
    assert section.isVisible()
    assert section.heading.text() == "Planned before the visit (I.14)"
    for words in TYPED.values():
        assert words in section.body.text()
    # In the record's narrative, above what the worker writes about what was done.
    findings = form.fields["findings"].editor
    assert section.parentWidget() is findings.parentWidget().parentWidget()
    assert _top(section, form) < _top(findings, form)
    # Read-only: it is text to read, and the record's own answers do not touch it.
    assert not section.body.textInteractionFlags() & Qt.TextInteractionFlag.TextEditable
    findings.setFocus()
    qtbot.keyClicks(findings, "Ada showed me her three houses.")
    assert form.save()
    assert visit_plans.visit_plan(workspace, form.visit_id) == TYPED

    # The plan is used now: the child's page offers to plan the visit after.
    _click(qtbot, form.close_button)
    assert page.visit_plan_box.summary.text() == "No plan yet."


def test_a_record_started_without_a_plan_shows_no_plan_section(workspace, window, qtbot):
    child = _child(workspace)
    page = _page(window, child)
    _click(qtbot, page.new_visit)
    assert not window.visit_form.planned.isVisible()
    assert window.visit_form.planned.parts == ()


def test_each_childs_part_of_a_household_visit_shows_their_own_plan(workspace, qtbot):
    jack = _child(workspace, "Jack", "Ashworth")
    lily = _child(workspace, "Lily", "Ashworth")
    households.join_household(workspace, jack, lily, workspace.today() - timedelta(days=20))
    visit_plans.save_next_plan(workspace, jack, {"wishes": "Jack: words and pictures"})
    at = workspace.now().replace(second=0, microsecond=0) - timedelta(hours=2)
    hv = household_visits.start(workspace, [jack, lily], at, location="home")
    form = HouseholdVisitForm(workspace, Hub(), hv)
    qtbot.addWidget(form)
    form.show()
    try:
        by_name = {part.name: part for part in form.parts}
        assert "Jack: words and pictures" in by_name["Jack"].planned.body.text()
        assert by_name["Jack"].planned.isVisibleTo(by_name["Jack"])
        assert not by_name["Lily"].planned.isVisibleTo(by_name["Lily"])
    finally:
        form.close()
        wait_for_drafts()
        gc.collect()
