"""Every save dialog in the app: never into VisitDesk's data folder, never over anything but a
file, and over an existing file only when the person chooses Replace."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QPushButton
from sqlalchemy import func, select

from visitdesk import paths
from visitdesk.services import records, syncing
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuditEvent, BundleLog
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.printing import ExportPdfDialog

OLD = b"what the file held before"


class Person:
    """Answers the dialogs: where to save, and Replace or Cancel. Remembers what was said."""

    def __init__(self, monkeypatch, replace: bool = False) -> None:
        self.where = None
        self.replace = replace
        self.file_dialog_options = []
        self.questions = []  # (text, informative text, default button)
        self.warnings = []
        self.told = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save_file_name)
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._answer(box))
        monkeypatch.setattr(
            QMessageBox, "warning", lambda parent, title, text: self.warnings.append(text)
        )
        monkeypatch.setattr(
            QMessageBox, "information", lambda parent, title, text: self.told.append(text)
        )
        # The export dialog, filled in as a person would: Choose…, no password, Save.
        monkeypatch.setattr(
            ExportPdfDialog, "exec", lambda dialog: self._fill_in_export_dialog(dialog)
        )

    def _save_file_name(self, parent, caption="", folder="", filter_="", selected="", options=None):
        self.file_dialog_options.append(options)
        return str(self.where), filter_

    def _answer(self, box):
        self.questions.append((box.text(), box.informativeText(), box.defaultButton().text()))
        wanted = "&Replace" if self.replace else "Cancel"
        [button] = [b for b in box.buttons() if b.text() == wanted]
        button.click()
        return 0

    def _fill_in_export_dialog(self, dialog):
        [choose] = [b for b in dialog.findChildren(QPushButton) if b.text() == "&Choose…"]
        choose.click()
        dialog.protect.setChecked(False)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    def asked_qt_not_to_confirm(self) -> bool:
        return bool(self.file_dialog_options) and all(
            o is not None and o & QFileDialog.Option.DontConfirmOverwrite
            for o in self.file_dialog_options
        )


def _digest(ws) -> dict[str, str]:
    """The database and its write-ahead log (the -shm file is only an index readers share)."""
    db = paths.database_path(ws.data_dir)
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (db, db.with_name(db.name + "-wal"))
        if p.exists()
    }


def _exports(ws) -> int:
    with ws.db.sessions() as s:
        return s.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action.in_(["export_pdf", "export_card"]))
        )


def _visit(ws) -> str:
    child = records.add_child(
        ws,
        given_name="Ada",
        family_name="Brook",
        date_of_birth=date(2015, 6, 1),
        plan=PlanInput("CIN", ws.today() - timedelta(days=30)),
    )
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=1)
    return records.start_visit(
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


def _settled(ws, qtbot) -> MainWindow:
    """The window, once its start-up work (which may write) is done."""
    win = MainWindow(ws, Hub())
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.caseload_ready, timeout=10000)
    win.wait_for_background_work()
    return win


def _open_visit(ws, qtbot):
    visit = _visit(ws)
    win = _settled(ws, qtbot)
    win.open_visit(visit)
    return win


def _export_pdf(win):
    QTest.mouseClick(win.visit_form.export_button, Qt.MouseButton.LeftButton)


# --- PDF export -------------------------------------------------------------------------------


def test_a_pdf_over_the_database_is_refused_and_the_database_is_untouched(
    workspace, qtbot, monkeypatch
):
    person = Person(monkeypatch, replace=True)
    person.where = paths.database_path(workspace.data_dir)
    win = _open_visit(workspace, qtbot)
    before, exports = _digest(workspace), _exports(workspace)
    _export_pdf(win)
    assert len(person.warnings) == 1 and "data folder" in person.warnings[0]
    assert person.questions == []  # not even asked: it is never allowed
    assert _digest(workspace) == before
    assert _exports(workspace) == exports
    assert "PDF saved" not in win.visit_form.saved_label.text()


def test_a_pdf_over_an_existing_file_asks_and_cancel_keeps_the_file(
    workspace, qtbot, tmp_path, monkeypatch
):
    person = Person(monkeypatch, replace=False)
    person.where = tmp_path / "report.pdf"
    person.where.write_bytes(OLD)
    win = _open_visit(workspace, qtbot)
    exports = _exports(workspace)
    _export_pdf(win)
    assert person.asked_qt_not_to_confirm()  # so the person is asked once, by us
    [(text, more, default)] = person.questions
    assert text == "Replace report.pdf?" and str(tmp_path) in more and default == "Cancel"
    assert person.where.read_bytes() == OLD
    assert person.warnings == [] and _exports(workspace) == exports
    assert "PDF saved" not in win.visit_form.saved_label.text()


def test_a_pdf_over_an_existing_file_replaces_it_when_asked_to(
    workspace, qtbot, tmp_path, monkeypatch
):
    person = Person(monkeypatch, replace=True)
    person.where = tmp_path / "report.pdf"
    person.where.write_bytes(OLD)
    win = _open_visit(workspace, qtbot)
    _export_pdf(win)
    assert [q[0] for q in person.questions] == ["Replace report.pdf?"]
    assert person.where.read_bytes().startswith(b"%PDF")
    assert win.visit_form.saved_label.text() == "PDF saved to report.pdf"


def test_a_pdf_onto_a_folder_is_refused_calmly(workspace, qtbot, tmp_path, monkeypatch):
    person = Person(monkeypatch, replace=True)
    person.where = tmp_path / "a folder.pdf"
    person.where.mkdir()
    _export_pdf(_open_visit(workspace, qtbot))
    assert person.questions == []
    assert len(person.warnings) == 1 and "is a folder" in person.warnings[0]
    assert list(person.where.iterdir()) == []


# --- the Sync menu ----------------------------------------------------------------------------


@pytest.fixture
def enrolled(make_workspace, tmp_path):
    """A worker in a manager's team, with a completed record waiting to be sent."""
    worker = make_workspace(role="worker", name="Sam Worker", folder="w")
    manager = make_workspace(role="manager", name="Morgan Manager", folder="m")
    syncing.export_card(worker, tmp_path / "sam.vdcard")
    syncing.export_card(manager, tmp_path / "morgan.vdcard")
    syncing.import_card(manager, tmp_path / "sam.vdcard")
    syncing.import_card(worker, tmp_path / "morgan.vdcard")
    records.complete_visit(worker, _visit(worker))
    return worker


def _bundles_sent(ws) -> int:
    with ws.db.sessions() as s:
        return s.scalar(
            select(func.count()).select_from(BundleLog).where(BundleLog.direction == "out")
        )


def _menu(ws, qtbot):
    return _settled(ws, qtbot).sync_menu


def test_a_bundle_over_the_database_is_refused_and_nothing_is_sent(enrolled, qtbot, monkeypatch):
    person = Person(monkeypatch, replace=True)
    person.where = paths.database_path(enrolled.data_dir)
    menu = _menu(enrolled, qtbot)
    before = _digest(enrolled)
    menu._on_export()
    assert len(person.warnings) == 1 and "data folder" in person.warnings[0]
    assert person.questions == [] and person.told == []
    assert _digest(enrolled) == before
    assert _bundles_sent(enrolled) == 0


def test_a_bundle_over_an_existing_file_asks_and_cancel_keeps_it(
    enrolled, qtbot, tmp_path, monkeypatch
):
    person = Person(monkeypatch, replace=False)
    person.where = tmp_path / "monday.vdbundle"
    person.where.write_bytes(OLD)
    _menu(enrolled, qtbot)._on_export()
    assert person.asked_qt_not_to_confirm()
    [(text, _more, default)] = person.questions
    assert text == "Replace monday.vdbundle?" and default == "Cancel"
    assert person.where.read_bytes() == OLD
    assert person.told == [] and person.warnings == []
    assert _bundles_sent(enrolled) == 0  # the record still waits to be sent


def test_a_bundle_over_an_existing_file_replaces_it_when_asked_to(
    enrolled, qtbot, tmp_path, monkeypatch
):
    person = Person(monkeypatch, replace=True)
    person.where = tmp_path / "monday.vdbundle"
    person.where.write_bytes(OLD)
    _menu(enrolled, qtbot)._on_export()
    assert [q[0] for q in person.questions] == ["Replace monday.vdbundle?"]
    assert person.where.read_bytes() != OLD
    assert len(person.told) == 1 and "is saved in monday.vdbundle" in person.told[0]
    assert _bundles_sent(enrolled) == 1


def test_a_card_over_the_database_is_refused(workspace, qtbot, monkeypatch):
    person = Person(monkeypatch, replace=True)
    person.where = paths.database_path(workspace.data_dir)
    menu = _menu(workspace, qtbot)
    before, exports = _digest(workspace), _exports(workspace)
    menu._on_save_card()
    assert len(person.warnings) == 1 and "data folder" in person.warnings[0]
    assert person.questions == [] and person.told == []
    assert _digest(workspace) == before and _exports(workspace) == exports


def test_a_card_over_an_existing_file_asks_first(workspace, qtbot, tmp_path, monkeypatch):
    person = Person(monkeypatch, replace=False)
    person.where = tmp_path / "Sam Worker.vdcard"
    person.where.write_bytes(OLD)
    menu = _menu(workspace, qtbot)
    menu._on_save_card()
    assert person.asked_qt_not_to_confirm()
    assert [q[0] for q in person.questions] == ["Replace Sam Worker.vdcard?"]
    assert person.where.read_bytes() == OLD and person.told == []

    person.replace = True
    menu._on_save_card()
    assert person.where.read_bytes() != OLD
    assert syncing.read_card(person.where).fingerprint == syncing.my_card(workspace).fingerprint
    assert len(person.told) == 1 and "fingerprint" in person.told[0]


def test_a_card_onto_a_folder_is_refused_calmly(workspace, qtbot, tmp_path, monkeypatch):
    person = Person(monkeypatch, replace=True)
    person.where = tmp_path / "cards"
    person.where.mkdir()
    _menu(workspace, qtbot)._on_save_card()
    assert person.questions == [] and person.told == []
    assert len(person.warnings) == 1 and "is a folder" in person.warnings[0]
    assert list(person.where.iterdir()) == []
