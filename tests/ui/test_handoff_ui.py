"""Hand-off from the app, as a person does it: the record's Hand-off view lists the case
system's fields in its order with a copy button each, marks the record entered, saves the
pack; the manager's list of records not yet entered; the returns behind their warning; a
child's chronology saved from their page."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from visitdesk.services import case_entries, records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuthorisationTask
from visitdesk.ui import chronology_export
from visitdesk.ui.handoff_dialog import HandoffDialog, MarkEnteredDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.reconciliation import ReconciliationDialog


@pytest.fixture
def ws(make_workspace):
    # A manager who holds a caseload of their own: their own records are authorised here.
    return make_workspace(role="manager", name="Morgan Manager")


def _child(ws, ref="CF-1001"):
    return records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        case_reference=ref,
        plan=PlanInput("CP", ws.today() - timedelta(days=60)),
    )


def _record(ws, child, *, authorise=True, days_ago=3, **changes):
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=days_ago)
    values = dict(
        location="home",
        seen="yes",
        seen_alone="no",
        not_seen_alone_category="refused",
        not_seen_alone_reason="She wanted her mum to stay.",
        bedroom_seen=True,
        status_of_child="CP Plan",
        purpose="Statutory visit.",
        childs_voice="She said school is fine.",
        findings="=1+1 The home was warm.",
        analysis="Needs are met.",
        conclusion="Plan continues.",
        recommendations="Visit again next week.",
    )
    values.update(changes)
    vid = records.start_visit(ws, child, at, **values)
    records.complete_visit(ws, vid)
    if authorise:
        with ws.db.sessions() as s:
            task = s.scalar(select(AuthorisationTask.id).where(AuthorisationTask.visit_id == vid))
        records.authorise(ws, task)
    return vid


@pytest.fixture
def no_boxes(monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


def test_the_record_offers_hand_off_once_completed_and_lists_the_fields_in_order(ws, qtbot):
    child = _child(ws)
    vid = _record(ws, child)
    draft = records.start_visit(ws, child, ws.now().replace(microsecond=0), location="home")
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.open_visit(draft)
    assert win.visit_form.handoff_button.isHidden()
    win.open_visit(vid)
    assert not win.visit_form.handoff_button.isHidden()

    dialog = HandoffDialog(ws, win.hub, vid, win)
    qtbot.addWidget(dialog)
    # CareFirst's fields, in the order the mapping gives them, with its own codes.
    names = list(dialog.value_boxes)
    assert names[:6] == ["Person ID", "Date of Visit", "1.1.1", "1.1.4", "1.1.5", "1.1.6"]
    assert dialog.value_boxes["Person ID"].text() == "CF-1001"
    assert dialog.value_boxes["1.1.4"].text() == "Yes"
    assert dialog.value_boxes["1.1.5"].text() == "No"
    assert dialog.value_boxes["1.1.6"].text() == "She wanted her mum to stay."
    assert dialog.value_boxes["1.1.3 Findings/Outcome"].text() == "=1+1 The home was warm."
    assert all(box.isReadOnly() for box in dialog.value_boxes.values())
    assert not dialog.template_note.isHidden()  # the shipped CareFirst mapping is a template
    assert "Not yet entered" in dialog.status.text()


def test_copy_puts_the_value_on_the_clipboard_and_closing_clears_it(ws, qtbot):
    vid = _record(ws, _child(ws))
    dialog = HandoffDialog(ws, Hub(), vid, None)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.copy_buttons["1.1.6"], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "She wanted her mum to stay."
    assert "1.1.6" in dialog.copied_label.text()
    dialog.reject()
    assert QGuiApplication.clipboard().text() == ""


def test_closing_leaves_the_clipboard_alone_once_something_else_was_copied(ws, qtbot):
    vid = _record(ws, _child(ws))
    dialog = HandoffDialog(ws, Hub(), vid, None)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.copy_buttons["Person ID"], Qt.MouseButton.LeftButton)
    QGuiApplication.clipboard().setText("my own note")
    dialog.reject()
    assert QGuiApplication.clipboard().text() == "my own note"


def test_marking_entered_updates_the_view_and_the_managers_list(ws, qtbot, monkeypatch):
    vid = _record(ws, _child(ws))
    hub = Hub()
    listing = ReconciliationDialog(ws, hub, None)
    qtbot.addWidget(listing)
    assert [r.visit_id for r in listing.rows] == [vid]
    assert listing.table.rowCount() == 1
    assert listing.table.item(0, 1).text() == "CF-1001"

    dialog = HandoffDialog(ws, hub, vid, None)
    qtbot.addWidget(dialog)
    assert not dialog.mark_button.isHidden() and dialog.take_back_button.isHidden()
    monkeypatch.setattr(
        MarkEnteredDialog,
        "ask",
        classmethod(lambda cls, by, earliest, today, parent: ((today, "Pat Support"), True)),
    )
    qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)
    day = ws.today().strftime("%d/%m/%Y")
    assert dialog.status.text() == f"Entered in CareFirst on {day} by Pat Support."
    assert dialog.mark_button.isHidden() and not dialog.take_back_button.isHidden()
    # The list heard of it through the hub and lost the record.
    assert listing.rows == [] and listing.table.rowCount() == 0
    assert "Every authorised record" in listing.summary.text()

    qtbot.mouseClick(dialog.take_back_button, Qt.MouseButton.LeftButton)
    assert case_entries.entry_of(ws, vid) is None
    assert [r.visit_id for r in listing.rows] == [vid]


def test_a_record_not_yet_authorised_cannot_be_marked_or_packed(ws, qtbot):
    vid = _record(ws, _child(ws), authorise=False)
    dialog = HandoffDialog(ws, Hub(), vid, None)
    qtbot.addWidget(dialog)
    assert dialog.mark_button.isHidden() and dialog.take_back_button.isHidden()
    assert not dialog.pack_button.isEnabled()
    assert "Authorise the record" in dialog.status.text()


def test_the_pack_is_saved_where_chosen_and_never_in_the_data_folder(ws, qtbot, tmp_path, no_boxes):
    vid = _record(ws, _child(ws))
    dialog = HandoffDialog(ws, Hub(), vid, None)
    qtbot.addWidget(dialog)
    dialog.ask_folder = lambda: str(ws.data_dir)
    before = sorted(p.name for p in ws.data_dir.iterdir())
    qtbot.mouseClick(dialog.pack_button, Qt.MouseButton.LeftButton)
    assert "data folder" in no_boxes[-1]
    assert sorted(p.name for p in ws.data_dir.iterdir()) == before

    folder = tmp_path / "handed over"
    dialog.ask_folder = lambda: str(folder)
    qtbot.mouseClick(dialog.pack_button, Qt.MouseButton.LeftButton)
    made = sorted(p.suffix for p in folder.iterdir())
    assert made == [".csv", ".json", ".pdf"]
    assert "personal data" in no_boxes[-1]
    (csv_file,) = folder.glob("*.csv")
    header, row = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8"))))
    values = dict(zip(header, row, strict=True))
    assert values["1.1.4"] == "Yes" and values["Person ID"] == "CF-1001"
    # What a spreadsheet would run as a formula is not left as one.
    assert values["1.1.3 Findings/Outcome"].startswith("'=")


def test_the_returns_are_saved_only_after_the_warning(ws, qtbot, tmp_path, no_boxes):
    _record(ws, _child(ws))
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    menu = win.case_system_menu
    told = []
    menu.tell = lambda title, text: told.append(text)
    menu.ask_folder = lambda title: str(tmp_path / "returns")
    action = next(a for a in menu.actions() if a.text() == "&Annex A return…")

    menu.confirm_personal_data = lambda what: False
    action.trigger()
    assert not (tmp_path / "returns").exists() and told == []

    asked = []
    menu.confirm_personal_data = lambda what: asked.append(what) or True
    action.trigger()
    assert asked == ["The Annex A lists"]
    names = sorted(p.name for p in (tmp_path / "returns").iterdir())
    assert names == ["annex_a_list_6.csv", "annex_a_list_7.csv", "annex_a_list_8.csv"]
    rows = list(csv.reader(io.StringIO((tmp_path / "returns" / names[1]).read_text("utf-8"))))
    assert rows[0][0] == "Child Unique ID" and rows[1][0] == "CF-1001"
    assert "annex_a_list_7.csv" in told[-1]

    ssd = next(a for a in menu.actions() if a.text() == "&SSD visit tables…")
    ssd.trigger()
    assert (tmp_path / "returns" / "ssd_cp_visits.csv").exists()

    # Files already there are replaced only when the person says so.
    replace = []
    menu.confirm_replace = lambda target: replace.append(target.name) or False
    (tmp_path / "returns" / names[0]).write_text("kept", encoding="utf-8")
    action.trigger()
    assert replace == [names[0]]
    assert (tmp_path / "returns" / names[0]).read_text(encoding="utf-8") == "kept"
    menu.confirm_replace = lambda target: True
    action.trigger()
    assert (tmp_path / "returns" / names[0]).read_text(encoding="utf-8").startswith("Child")

    # Never into the data folder: refused before any work, nothing written there.
    menu.ask_folder = lambda title: str(ws.data_dir / "returns")
    ssd.trigger()
    assert "data folder" in no_boxes[-1]
    assert not (ws.data_dir / "returns").exists()


def test_the_chronology_is_saved_from_the_childs_page(ws, qtbot, tmp_path, monkeypatch):
    child = _child(ws)
    _record(ws, child, significant_event="Mum's partner moved in.")
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    win.open_child(child)
    out = tmp_path / "chronology.csv"
    monkeypatch.setattr(chronology_export, "ask_path", lambda parent, suggested: str(out))
    qtbot.mouseClick(win.child_page.chronology_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["Date", "Event", "Kind", "Source", "Recorded by"]
    assert any("Mum's partner moved in." in row[1] for row in rows[1:])
    assert "Chronology saved" in win.child_page.notice.text()


def test_import_caseload_previews_then_adds_the_children(
    make_workspace, qtbot, tmp_path, monkeypatch
):
    from visitdesk.services import caseload_csv, demo, views
    from visitdesk.services.caseload_csv_format import CaseloadRefused
    from visitdesk.ui.caseload_import import CaseloadImportDialog

    source = make_workspace(folder="source")
    demo.fill(source, children=6, seed=3)
    good = tmp_path / "caseload.csv"
    good.write_bytes(caseload_csv.caseload_csv(source))
    ws = make_workspace(folder="empty")
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    menu = win.case_system_menu
    refused, previews, told = [], [], []
    answer = {"import": False}
    monkeypatch.setattr(
        CaseloadImportDialog, "refuse", staticmethod(lambda parent, exc: refused.append(exc))
    )
    monkeypatch.setattr(
        CaseloadImportDialog, "tell", staticmethod(lambda parent, text: told.append(text))
    )
    monkeypatch.setattr(
        CaseloadImportDialog,
        "confirm",
        staticmethod(lambda d: previews.append(d) or answer["import"]),
    )
    # A file with a bad row is refused whole, naming line and column; nothing changes.
    lines = good.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.csv"
    cells = lines[2].split(",")
    cells[3] = "31/02/2019" if "/" in lines[1] else "2019-02-31"
    bad.write_text("\n".join([lines[0], lines[1], ",".join(cells), *lines[3:]]) + "\n")
    menu.ask_open_path = lambda title, f: str(bad)
    next(a for a in win.menu_actions() if a.text() == "&Import caseload…").trigger()
    assert isinstance(refused[-1], CaseloadRefused)
    assert "line 3" in refused[-1].problems[0]
    assert views.children(ws) == []

    # Cancelled at the preview: nothing changes.
    menu.ask_open_path = lambda title, f: str(good)
    menu.import_caseload()
    assert previews[-1].plan.counts()["new"] == 6
    assert previews[-1].import_button.isEnabled()
    assert views.children(ws) == []

    answer["import"] = True
    menu.import_caseload()
    assert sorted(c.name for c in views.children(ws)) == sorted(
        c.name for c in views.children(source)
    )
    assert "added 6" in told[-1]
    qtbot.waitUntil(lambda: win.caseload_ready and len(win._rows) == 6, timeout=10000)

    # The same file again changes nothing, and the preview says so.
    menu.import_caseload()
    assert previews[-1].plan.counts() == {"new": 0, "updated": 0, "unchanged": 6, "kept": 0}
    assert not previews[-1].import_button.isEnabled()
    win.wait_for_background_work()
