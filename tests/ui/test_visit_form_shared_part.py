"""One child's record of a household visit, returned for correction, is corrected alone in the
visit form: the part it shares with the other children's records stays as it is (read-only,
marked and explained), the child's own part is saved as ever, and the record completes. And a
discard refused leaves the visit form saving what is typed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit
from sqlalchemy import select

from tests.ui.test_household_form import forget, let_time_pass, stored, three_siblings
from visitdesk.services import household_visits, records
from visitdesk.standards import fields as catalogue
from visitdesk.storage.models import AuthorisationTask, Visit
from visitdesk.ui.form_fields import READ_ONLY_STYLE
from visitdesk.ui.hub import Hub
from visitdesk.ui.visit_form import VisitForm

OWN = {
    "seen": "yes",
    "seen_alone": "yes",
    "bedroom_seen": True,
    "findings": "Seen in the garden.",
    "analysis": "Settled.",
    "conclusion": "Safe and well.",
    "recommendations": "Visit in four weeks.",
}


@pytest.fixture
def manager(make_workspace):
    return make_workspace(role="manager", name="Morgan Manager")


@pytest.fixture
def returned(manager):
    """The Ashworths' household visit, completed, and Lily's record returned for correction.
    Who was present and what the home was like were never written."""
    kids = three_siblings(manager)
    at = manager.now().replace(second=0, microsecond=0) - timedelta(days=1)
    hv = household_visits.start(manager, list(kids.values()), at, location="home")
    ids = {r.given_name: r.visit_id for r in household_visits.records_of(manager, hv)}
    household_visits.save(
        manager,
        hv,
        {"purpose": "Statutory visit for all three.", "announced": True},
        {vid: OWN for vid in ids.values()},
    )
    household_visits.complete(manager, hv)
    with manager.db.sessions() as s:
        task = s.scalar(
            select(AuthorisationTask.id).where(AuthorisationTask.visit_id == ids["Lily"])
        )
    records.return_for_correction(manager, task, "Add what Lily said.")
    return ids


@pytest.fixture
def open_form(manager, qtbot):
    made = []

    def make(visit_id):
        form = VisitForm(manager, Hub(), visit_id)
        made.append(form)
        qtbot.addWidget(form)
        form.resize(1280, 720)
        form.show()
        form.activateWindow()
        qtbot.waitExposed(form)
        return form

    yield make
    forget(made)


def _label(field) -> str:
    return field.parentWidget().layout().labelForField(field).text().replace("&", "")


def test_a_returned_household_record_keeps_its_shared_part_and_saves_its_own(
    manager, returned, open_form, qtbot, monkeypatch
):
    form = open_form(returned["Lily"])
    assert form.state == "returned" and not form.read_only
    # The shared part: read as the form reads a completed record, marked, and explained once.
    for name in catalogue.SHARED_FIELDS:
        field = form.fields[name]
        editor = field.editor
        if isinstance(editor, QLineEdit | QPlainTextEdit):  # still selectable and copyable
            assert editor.isReadOnly(), name
        else:
            assert not editor.isEnabled() and field.base_style == READ_ONLY_STYLE, name
        assert "(shared)" in _label(field), name
    assert _label(form.fields["present"]) == "Who was present (shared):"
    note = form.shared_note.text()
    assert form.shared_note.isVisibleTo(form)
    assert "shared with the records of Jack Ashworth and Sam Ashworth" in note
    assert "a correction to them is an addendum on each record" in note
    # Lily's own part is hers to correct.
    voice = form.fields["childs_voice"].editor
    assert not voice.isReadOnly() and "(shared)" not in _label(form.fields["childs_voice"])
    assert form.fields["seen"].editor.isEnabled()

    sent = []
    save_draft = records.save_draft
    monkeypatch.setattr(
        records,
        "save_draft",
        lambda ws, vid, changes: sent.append(set(changes)) or save_draft(ws, vid, changes),
    )
    voice.setFocus()
    qtbot.keyClicks(voice, "Lily said she likes her new bed.")
    assert form.save()
    # What the form cannot change it never sends: the service would refuse any change to it.
    assert sent and all(not keys & set(catalogue.SHARED_FIELDS) for keys in sent)
    assert all("childs_voice" in keys for keys in sent)
    assert form.saved_label.text().startswith("Saved")
    _state, _hv, values = stored(manager, returned["Lily"])
    assert values["childs_voice"] == "Lily said she likes her new bed."
    for other in ("Jack", "Sam"):
        assert not stored(manager, returned[other])[2]["childs_voice"]

    monkeypatch.setattr(form, "confirm_complete", lambda: True)
    qtbot.mouseClick(form.complete_button, Qt.MouseButton.LeftButton)
    assert form.state == "completed" and form.read_only
    assert stored(manager, returned["Lily"])[0] == "completed"


def test_a_record_of_one_child_keeps_every_answer_its_own(workspace, qtbot):
    kids = three_siblings(workspace)
    at = workspace.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    vid = records.start_visit(workspace, kids["Jack"], at, location="home")
    form = VisitForm(workspace, Hub(), vid)
    qtbot.addWidget(form)
    assert not form.keeps_shared_part and not form.shared_note.isVisibleTo(form)
    assert not form.fields["present"].editor.isReadOnly()
    assert _label(form.fields["present"]) == "Who was present:"
    form.close()


# --- a refused discard ------------------------------------------------------------------------


def test_after_a_refused_discard_the_visit_form_still_saves_within_two_seconds(
    workspace, qtbot, monkeypatch, app_clock
):
    kids = three_siblings(workspace)
    at = workspace.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    vid = records.start_visit(workspace, kids["Jack"], at, location="home")
    with workspace.db.transaction() as s:
        s.get(Visit, vid).synced_hash = "sent"  # as if a bundle had carried it to the manager
    form = VisitForm(workspace, Hub(), vid)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitExposed(form)
    app_clock.drive(workspace, form.drafts)
    findings = form.fields["findings"].editor
    findings.setFocus()
    qtbot.keyClicks(findings, "Jack showed me his room.")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(form, "confirm_discard", lambda: True)
    qtbot.mouseClick(form.discard_button, Qt.MouseButton.LeftButton)
    assert len(warned) == 1 and "already gone to your manager" in warned[0]
    assert form.state == "draft"

    let_time_pass(app_clock, form.drafts, 2.0)
    qtbot.waitUntil(lambda: form.saved_label.text().startswith("Saved"), timeout=5000)
    assert not form.drafts.dirty
    assert stored(workspace, vid)[2]["findings"] == "Jack showed me his room."
    forget([form])
