"""Export and print records: the printed pages are the PDF's pages, drawn onto the printer.

The PDF is rendered in memory (PDFium), so printing never writes a readable copy to disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services.workspace import Workspace

MAX_PRINT_DPI = 300


def paint_pdf(printer: QPrinter, data: bytes) -> int:
    """Draw every page of the PDF onto the printer, at actual size. Returns the page count."""
    document = pdfium.PdfDocument(data)
    painter = QPainter(printer)
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for number in range(len(document)):
            if number:
                printer.newPage()
            page = document[number]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888 if bitmap.n_channels == 3
                           else QImage.Format.Format_RGBA8888)
            target = printer.pageLayout().paintRectPixels(printer.resolution())
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(0, 0, width, height), image)
            page.close()
        return len(document)
    finally:
        painter.end()
        document.close()


def print_with_preview(parent: QWidget, data: bytes, title: str) -> None:
    """The system print dialog, with a preview of exactly the pages that will print."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(title)
    preview = QPrintPreviewDialog(printer, parent)
    preview.setWindowTitle(f"Print — {title}")
    preview.paintRequested.connect(lambda p: paint_pdf(p, data))
    preview.exec()


class ExportPdfDialog(QDialog):
    """Where to save the PDF, and whether to lock it with a password."""

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export PDF")
        self.setMinimumWidth(520)
        self.path = QLineEdit(str(suggested))
        self.path.setAccessibleName("Save the PDF as")
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self._on_browse)
        self.protect = QCheckBox("&Protect the PDF with a password (AES-256)")
        self.protect.setChecked(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("PDF password")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("PDF password again")
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.error.hide()
        note = QLabel("A PDF leaves VisitDesk's encrypted store. Protect it unless it goes "
                      "straight to a secure place.")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.protect.toggled.connect(self.password.setEnabled)
        self.protect.toggled.connect(self.again.setEnabled)

        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Save &as:", where)
        form.addRow(self.protect)
        form.addRow("Pass&word:", self.password)
        form.addRow("Password a&gain:", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the PDF as", self.path.text(),
                                              "PDF files (*.pdf)")
        if name:
            self.path.setText(name)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _on_save(self) -> None:
        if not self.path.text().strip():
            self._fail("Choose where to save the PDF.")
            return
        if self.protect.isChecked():
            if not self.password.text():
                self._fail("Type a password, or untick the box to save without one.")
                return
            if self.password.text() != self.again.text():
                self._fail("The two passwords are different; please type them again.")
                self.again.clear()
                return
        self.accept()

    def result_value(self) -> tuple[Path, str | None]:
        path = Path(self.path.text().strip()).expanduser()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return path, self.password.text() if self.protect.isChecked() else None

    @classmethod
    def ask(cls, suggested: Path, parent: QWidget | None = None
            ) -> tuple[tuple[Path, str | None] | None, bool]:
        dialog = cls(suggested, parent)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.result_value() if ok else None), ok


def _warn(parent: QWidget, exc: UserError) -> None:
    text = str(exc)
    QMessageBox.warning(parent, "VisitDesk", text[:1].upper() + text[1:])


def export_interactively(parent: QWidget, ws: Workspace, make_pdf: Callable[[], bytes], *,
                         suggested: Path, what: str, entity_id: str) -> Path | None:
    """Ask where (and whether to lock it), render, save. Returns where it went, or None."""
    from visitdesk.services import export

    choice, ok = ExportPdfDialog.ask(suggested, parent)
    if not ok or choice is None:
        return None
    path, password = choice
    try:
        export.export(ws, path, make_pdf(), password=password, what=what, entity_id=entity_id)
    except UserError as exc:
        _warn(parent, exc)
        return None
    return path


def print_interactively(parent: QWidget, make_pdf: Callable[[], bytes], title: str) -> None:
    try:
        data = make_pdf()
    except UserError as exc:
        _warn(parent, exc)
        return
    print_with_preview(parent, data, title)


def suggested_pdf_path(name: str, when: str) -> Path:
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in name).strip() or "record"
    return Path.home() / f"{safe} {when}.pdf"

