"""Drafts the worker controls, and visit dates that cannot be in the future."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDateTime, Qt
from sqlalchemy import func, select

from visitdesk.errors import UserError
from visitdesk.services import records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuditEvent, Visit
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow


@pytest.fixture
def window(workspace, qtbot):
    today = workspace.today()
    records.add_child(
        workspace,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2016, 3, 4),
        plan=PlanInput("CIN", today - timedelta(days=30), allocated_on=today - timedelta(days=30)),
    )
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    index = win.caseload.proxy.index(0, 1)
    win.caseload.table.activated.emit(index)
    assert win.pages.currentWidget() is win.child_page
    return win


def _drafts(ws):
    with ws.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(Visit).where(Visit.state == "draft"))


def test_a_second_new_visit_opens_the_draft_already_begun(window, workspace, qtbot):
    qtbot.mouseClick(window.child_page.new_visit, Qt.MouseButton.LeftButton)
    first = window.visit_form.visit_id
    window.open_child(window.visit_form.child_id)  # back to the child, the draft unfinished
    assert window.pages.currentWidget() is window.child_page
    qtbot.mouseClick(window.child_page.new_visit, Qt.MouseButton.LeftButton)
    assert window.visit_form.visit_id == first
    assert _drafts(workspace) == 1


def test_discarding_a_draft_asks_naming_the_child_and_is_audited(
    window, workspace, qtbot, monkeypatch
):
    qtbot.mouseClick(window.child_page.new_visit, Qt.MouseButton.LeftButton)
    form = window.visit_form
    vid = form.visit_id
    asked = []
    monkeypatch.setattr(form, "confirm_discard", lambda: asked.append(True) or False)
    assert form.discard_button.isVisible()
    qtbot.mouseClick(form.discard_button, Qt.MouseButton.LeftButton)
    assert asked and _drafts(workspace) == 1  # "Cancel" keeps it
    monkeypatch.setattr(form, "confirm_discard", lambda: True)
    qtbot.mouseClick(form.discard_button, Qt.MouseButton.LeftButton)
    assert _drafts(workspace) == 0
    with workspace.db.sessions() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "discard"))
    assert event is not None and event.entity_id == vid and event.detail == ""
    assert window.pages.currentWidget() is not form


def test_the_discard_question_names_the_child_and_the_visit_day(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    qtbot.mouseClick(window.child_page.new_visit, Qt.MouseButton.LeftButton)
    form = window.visit_form
    seen = {}

    def question(parent, title, text, *args):
        seen["text"] = text
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    assert form.confirm_discard() is False
    when = form.values()["visited_at"]
    assert "Ada Brook" in seen["text"] and f"{when.day} {when:%B %Y}" in seen["text"]


def test_a_visit_dated_later_than_now_is_flagged_and_never_stored(window, workspace, qtbot):
    qtbot.mouseClick(window.child_page.new_visit, Qt.MouseButton.LeftButton)
    form = window.visit_form
    stored_before = form.values()["visited_at"]
    form.visited_at.setDateTime(QDateTime(workspace.now() + timedelta(days=2)))
    form.fields["purpose"].editor.setFocus()
    qtbot.keyClicks(form.fields["purpose"].editor, "Planned review.")
    assert form.save()  # what else was typed is stored ...
    with workspace.db.sessions() as s:
        visit = s.get(Visit, form.visit_id)
        assert visit.purpose == "Planned review."
        assert visit.visited_at == stored_before  # ... the future time is not
    flagged = form.fields["visited_at"]
    assert flagged.message.isVisible() and "later than now" in flagged.message.text()
    assert not form.complete_button.isEnabled()
    with pytest.raises(UserError, match="later than now"):
        records.save_draft(
            workspace, form.visit_id, {"visited_at": workspace.now() + timedelta(days=365)}
        )


def test_a_completed_record_says_it_has_not_been_sent_when_there_is_no_team(
    window, workspace, qtbot, monkeypatch
):
    qtbot.mouseClick(window.child_page.new_visit, Qt.MouseButton.LeftButton)
    form = window.visit_form
    monkeypatch.setattr(form, "confirm_complete", lambda: True)
    form.seen.set_value("yes")
    form.seen_alone.set_value("yes")
    form.bedroom.set_value(True)
    for edit in form.narrative.values():
        edit.setFocus()
        qtbot.keyClicks(edit, "Written.")
    qtbot.mouseClick(form.complete_button, Qt.MouseButton.LeftButton)
    assert form.read_only
    text = form.banner.text()
    assert "has not been sent" in text and "sent for authorisation" not in text


def test_the_visit_date_and_time_can_be_typed_digit_by_digit(window, workspace, qtbot):
    from PySide6.QtWidgets import QDateTimeEdit

    qtbot.mouseClick(window.child_page.new_visit, Qt.MouseButton.LeftButton)
    editor = window.visit_form.visited_at
    editor.setFocus()
    editor.setSelectedSection(QDateTimeEdit.Section.DaySection)
    yesterday = workspace.now() - timedelta(days=1)
    qtbot.keyClicks(editor, f"{yesterday:%d%m%Y}0930")
    assert editor.dateTime().toPython() == yesterday.replace(
        hour=9, minute=30, second=0, microsecond=0
    )
