"""Export PDF… and Print… from the app give the same pages as the command line; printing to a
file is saved the way Export saves, with the same warning and offer of a password."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox
from sqlalchemy import select

from visitdesk.services import export, records
from visitdesk.services.records import PlanInput
from visitdesk.storage.models import AuditEvent
from visitdesk.ui.hub import Hub
from visitdesk.ui.main_window import MainWindow
from visitdesk.ui.printing import ExportPdfDialog, paint_pdf, print_interactively


def _child_with_visit(ws):
    child = records.add_child(
        ws,
        given_name="Siân",
        family_name="Nguyễn",
        date_of_birth=date(2015, 2, 3),
        plan=PlanInput("CIN", ws.today() - timedelta(days=30)),
    )
    at = ws.now().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=2)
    visit = records.start_visit(
        ws,
        child,
        at,
        location="home",
        seen="yes",
        seen_alone="yes",
        purpose="Checking in after the move.",
    )
    return child, visit


def test_export_pdf_from_the_visit_form_writes_an_encrypted_record(
    workspace, qtbot, tmp_path, monkeypatch
):
    child, visit = _child_with_visit(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.open_child(child)
    win.open_visit(visit)
    out = tmp_path / "record.pdf"
    password = "plum kettle harbour"
    monkeypatch.setattr(
        ExportPdfDialog,
        "ask",
        classmethod(lambda cls, suggested, parent=None: ((out, password), True)),
    )
    qtbot.mouseClick(win.visit_form.export_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(out)
    assert reader.is_encrypted
    reader.decrypt(password)
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


def test_export_pdf_from_the_child_page_gives_all_visits(workspace, qtbot, tmp_path, monkeypatch):
    child, _visit = _child_with_visit(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.open_child(child)
    out = tmp_path / "child.pdf"
    monkeypatch.setattr(
        ExportPdfDialog, "ask", classmethod(lambda cls, suggested, parent=None: ((out, None), True))
    )
    qtbot.mouseClick(win.child_page.export_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(out)
    assert not reader.is_encrypted
    assert "Contents" in reader.pages[0].extract_text()
    assert "PDF saved" in win.child_page.notice.text()


# --- printing to a file is an export ---------------------------------------------------------


def _print_to(monkeypatch, out, painted):
    """Stand in for the person at the print preview: look at the preview, then choose
    "Print to file" with ``out`` (None: a printer) and press Print, as Qt's dialog does."""

    def exec_(dialog):
        preview = dialog.findChild(QPrintPreviewWidget)
        preview.updatePreview()
        painted.append(("preview", preview.pageCount()))
        if out is not None:
            dialog.printer().setOutputFileName(str(out))
        preview.print()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)


def _answer_export_dialog(monkeypatch, asked, answer):
    def ask(cls, suggested, parent=None, *, printing=False):
        asked.append((suggested, printing))
        return answer(suggested)

    monkeypatch.setattr(ExportPdfDialog, "ask", classmethod(ask))


def test_printing_to_a_file_offers_a_password_and_saves_through_export(
    workspace, qtbot, tmp_path, monkeypatch
):
    child, visit = _child_with_visit(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.open_visit(visit)
    out = tmp_path / "printed.pdf"
    painted, asked = [], []
    _print_to(monkeypatch, out, painted)
    _answer_export_dialog(
        monkeypatch, asked, lambda suggested: ((suggested, "plum kettle harbour"), True)
    )
    qtbot.mouseClick(win.visit_form.print_button, Qt.MouseButton.LeftButton)
    assert painted and painted[0][1] >= 1  # the preview still shows the pages
    assert asked == [(out, True)]  # the export dialog, with the file the print dialog chose
    reader = PdfReader(out)
    assert reader.is_encrypted
    reader.decrypt("plum kettle harbour")
    assert "Checking in after the move." in "".join(p.extract_text() for p in reader.pages)
    assert win.visit_form.saved_label.text() == "PDF saved to printed.pdf"
    with workspace.db.sessions() as s:
        details = list(
            s.scalars(
                select(AuditEvent.detail).where(
                    AuditEvent.action == "export_pdf", AuditEvent.entity_id == visit
                )
            )
        )
    assert details == ["encrypted"]


def test_printing_to_a_file_then_cancelling_writes_nothing(workspace, qtbot, tmp_path, monkeypatch):
    child, _visit = _child_with_visit(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    win.open_child(child)
    out = tmp_path / "printed.pdf"
    painted, asked = [], []
    _print_to(monkeypatch, out, painted)
    _answer_export_dialog(monkeypatch, asked, lambda suggested: (None, False))
    assert (
        print_interactively(
            win,
            lambda: export.child_pdf(workspace, child),
            "Visits",
            ws=workspace,
            what="child",
            entity_id=child,
        )
        is None
    )
    assert asked == [(out, True)]
    assert not out.exists()


def test_printing_on_paper_draws_the_pages_and_asks_nothing(
    workspace, qtbot, tmp_path, monkeypatch
):
    child, _visit = _child_with_visit(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    painted, asked = [], []
    _print_to(monkeypatch, None, painted)
    _answer_export_dialog(monkeypatch, asked, lambda suggested: (None, False))
    drawn = []
    monkeypatch.setattr(
        "visitdesk.ui.printing.paint_pdf",
        lambda printer, data: drawn.append(printer.outputFileName()),
    )
    print_interactively(
        win,
        lambda: export.child_pdf(workspace, child),
        "Visits",
        ws=workspace,
        what="child",
        entity_id=child,
    )
    assert drawn == ["", ""]  # the preview, then the printer
    assert asked == []


def test_printing_to_a_file_without_the_workspace_saves_nothing_and_points_to_export(
    workspace, qtbot, tmp_path, monkeypatch
):
    child, _visit = _child_with_visit(workspace)
    win = MainWindow(workspace, Hub())
    qtbot.addWidget(win)
    out = tmp_path / "printed.pdf"
    painted, told = [], []
    _print_to(monkeypatch, out, painted)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    assert print_interactively(win, lambda: export.child_pdf(workspace, child), "Visits") is None
    assert not out.exists()
    assert told and "Export PDF" in told[0]


def test_the_print_to_file_dialog_warns_and_offers_a_password_as_export_does(qtbot, tmp_path):
    dialog = ExportPdfDialog(tmp_path / "printed.pdf", printing=True)
    qtbot.addWidget(dialog)
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert dialog.windowTitle() == "Print to a PDF file"
    assert "Printing to a file saves a PDF" in words and "encrypted store" in words
    assert dialog.protect.isChecked() and dialog.password.isEnabled()


def test_the_export_dialog_refuses_a_password_that_is_easy_to_guess(qtbot, tmp_path):
    dialog = ExportPdfDialog(tmp_path / "x.pdf")
    qtbot.addWidget(dialog)
    dialog.password.setText("password")
    dialog.again.setText("password")
    dialog.buttons.accepted.emit()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "easy to guess" in dialog.error.text() and dialog.error.text().endswith(".")
