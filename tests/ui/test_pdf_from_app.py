"""Export PDF… and Print… from the app give the same pages as the command line."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from visitdesk.services import export, records
from visitdesk.services.records import PlanInput
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.printing import ExportPdfDialog, paint_pdf


def _child_with_visit(ws):
    child = records.add_child(ws, given_name="Siân", family_name="Nguyễn",
                              date_of_birth=date(2015, 2, 3),
                              plan=PlanInput("CIN", ws.today() - timedelta(days=30)))
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=2)
    visit = records.start_visit(ws, child, at, location="home", seen="yes", seen_alone="yes",
                                purpose="Checking in after the move.")
    return child, visit


def test_export_pdf_from_the_visit_form_writes_an_encrypted_record(workspace, qtbot, tmp_path,
                                                                   monkeypatch):
    child, visit = _child_with_visit(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.open_child(child)
    win.open_visit(visit)
    out = tmp_path / "record.pdf"
    monkeypatch.setattr(ExportPdfDialog, "ask",
                        classmethod(lambda cls, suggested, parent=None: ((out, "pw123"), True)))
    qtbot.mouseClick(win.visit_form.export_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(out)
    assert reader.is_encrypted
    reader.decrypt("pw123")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Siân Nguyễn" in text and "Checking in after the move." in text
    assert "DRAFT" in text
    assert "PDF saved" in win.visit_form.saved_label.text()


def test_the_export_dialog_refuses_mismatched_passwords(qtbot, tmp_path):
    dialog = ExportPdfDialog(tmp_path / "x.pdf")
    qtbot.addWidget(dialog)
    dialog.password.setText("one")
    dialog.again.setText("two")
    dialog.buttons.accepted.emit()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "different" in dialog.error.text()


def test_printing_draws_every_page_of_the_pdf(qapp, workspace, tmp_path):
    child, _visit = _child_with_visit(workspace)
    data = export.child_pdf(workspace, child)
    pages = len(PdfReader(io.BytesIO(data)).pages)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pdf(printer, data) == pages
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == pages


def test_export_pdf_from_the_child_page_gives_all_visits(workspace, qtbot, tmp_path,
                                                          monkeypatch):
    child, _visit = _child_with_visit(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.open_child(child)
    out = tmp_path / "child.pdf"
    monkeypatch.setattr(ExportPdfDialog, "ask",
                        classmethod(lambda cls, suggested, parent=None: ((out, None), True)))
    qtbot.mouseClick(win.child_page.export_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(out)
    assert not reader.is_encrypted
    assert "Contents" in reader.pages[0].extract_text()
    assert "PDF saved" in win.child_page.notice.text()
