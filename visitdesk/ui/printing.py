"""Export and print records: the printed pages are the PDF's pages, drawn onto the printer.

The PDF is rendered in memory (PDFium), so printing on paper never writes a readable copy to
disk. Printing to a file is a PDF export by another name, so it goes the same way as Export:
the warning, the offer of a password, and never over VisitDesk's own data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QImage, QPageSize, QPaintEngine, QPainter
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

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.fileio import TargetExists
from visitdesk.names import pdf_password_problem
from visitdesk.services.workspace import Workspace

MAX_PRINT_DPI = 300


def paint_pdf(printer: QPrinter, data: bytes) -> int:
    """Draw every page of the PDF onto the printer, at actual size. Returns the page count."""
    import pypdfium2 as pdfium  # here, so the Sync menu can use this module without it

    document = pdfium.PdfDocument(data)
    painter = QPainter(printer)
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for number in range(len(document)):
            if number:
                printer.newPage()
            page = document[number]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(
                bitmap.buffer,
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888
                if bitmap.n_channels == 3
                else QImage.Format.Format_RGBA8888,
            )
            target = printer.pageLayout().paintRectPixels(printer.resolution())
            scale = min(target.width() / image.width(), target.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(0, 0, width, height), image)
            page.close()
        return len(document)
    finally:
        painter.end()
        document.close()


def prints_to_a_file(printer: QPrinter) -> bool:
    """Whether printing would save a file rather than put the pages on paper.

    A file name is set when the print dialog's "Print to file" was chosen (the preview never
    sets one). A printer whose name says PDF ("Microsoft Print to PDF", CUPS-PDF) writes a
    file through the system, which VisitDesk cannot protect.
    """
    if printer.outputFileName():
        return True
    return (
        printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
        and "pdf" in printer.printerName().lower()
    )


def print_with_preview(parent: QWidget, data: bytes, title: str) -> str | None:
    """The system print dialog, with a preview of exactly the pages that will print.

    Returns None once the pages are printed (or the person closed the preview). When the
    person chose to print to a file, nothing is written: returns the file name chosen (empty
    when the system would have asked for one), for the caller to save through Export.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(title)
    preview = QPrintPreviewDialog(printer, parent)
    #: {title} is the record's title.
    preview.setWindowTitle(
        QCoreApplication.translate("Printing", "Print — {title}").format(title=title)
    )
    to_file: list[str] = []

    def paint(target: QPrinter) -> None:
        # The preview draws through its own engine (a picture), even when the printer chosen
        # is a PDF printer: always show it. Only the real job may be diverted to Export.
        engine = target.paintEngine()
        previewing = engine is not None and engine.type() == QPaintEngine.Type.Picture
        if not previewing and prints_to_a_file(target):
            # Drawing nothing means the printer never opens the file.
            to_file.append(target.outputFileName())
            return
        paint_pdf(target, data)

    preview.paintRequested.connect(paint)
    preview.exec()
    return to_file[-1] if to_file else None


class ExportPdfDialog(QDialog):
    """Where to save the PDF, and whether to lock it with a password."""

    def __init__(
        self, suggested: Path, parent: QWidget | None = None, *, printing: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Print to a PDF file") if printing else self.tr("Export PDF"))
        self.setMinimumWidth(520)
        self.path = QLineEdit(str(suggested))
        self.path.setAccessibleName(self.tr("Save the PDF as"))
        browse = QPushButton(self.tr("&Choose…"))
        browse.clicked.connect(self._on_browse)
        self.protect = QCheckBox(self.tr("&Protect the PDF with a password (AES-256)"))
        self.protect.setChecked(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("PDF password"))
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("PDF password again"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4262c; font-weight: bold;")
        self.error.hide()
        if printing:
            said = self.tr(
                "Printing to a file saves a PDF. A PDF leaves VisitDesk's encrypted store. "
                "Protect it unless it goes straight to a secure place."
            )
        else:
            said = self.tr(
                "A PDF leaves VisitDesk's encrypted store. Protect it unless it goes "
                "straight to a secure place."
            )
        note = QLabel(said)
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.protect.toggled.connect(self.password.setEnabled)
        self.protect.toggled.connect(self.again.setEnabled)

        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Save &as:"), where)
        form.addRow(self.protect)
        form.addRow(self.tr("Pass&word:"), self.password)
        form.addRow(self.tr("Password a&gain:"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_browse(self) -> None:
        # We ask before replacing a file ourselves, once we know it is not VisitDesk's own.
        #: Keep "(*.pdf)" as it is: the file dialog reads it.
        pdf_files = self.tr("PDF files (*.pdf)")
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the PDF as"),
            self.path.text(),
            pdf_files,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.path.setText(name)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _on_save(self) -> None:
        if not self.path.text().strip():
            self._fail(self.tr("Choose where to save the PDF."))
            return
        if self.protect.isChecked():
            if not self.password.text():
                self._fail(self.tr("Type a password, or untick the box to save without one."))
                return
            if self.password.text() != self.again.text():
                self._fail(self.tr("The two passwords are different; please type them again."))
                self.again.clear()
                return
            problem = pdf_password_problem(self.password.text())
            if problem:  # said here, so the person can fix it without starting again
                self._fail(problem[:1].upper() + problem[1:] + ".")
                return
        self.accept()

    def result_value(self) -> tuple[Path, str | None]:
        path = Path(self.path.text().strip()).expanduser()
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        return path, self.password.text() if self.protect.isChecked() else None

    @classmethod
    def ask(
        cls, suggested: Path, parent: QWidget | None = None, *, printing: bool = False
    ) -> tuple[tuple[Path, str | None] | None, bool]:
        dialog = cls(suggested, parent, printing=printing)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.result_value() if ok else None), ok


def _warn(parent: QWidget, exc: UserError) -> None:
    text = str(exc)
    QMessageBox.warning(parent, APP_NAME, text[:1].upper() + text[1:])


def confirm_replace(parent: QWidget | None, target: Path) -> bool:
    """Ask before writing over a file that is already there. Cancel is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Printing", "Replace the file?"))
    #: {name} is the file's name.
    box.setText(QCoreApplication.translate("Printing", "Replace {name}?").format(name=target.name))
    #: {name} is the file's name, {folder} the folder it is in.
    explained = QCoreApplication.translate(
        "Printing",
        "There is already a file called {name} in {folder}. Replacing it loses what is in it "
        "now. Choose Cancel to keep it, then save under another name.",
    )
    box.setInformativeText(explained.format(name=target.name, folder=target.parent))
    replace = box.addButton(
        QCoreApplication.translate("Printing", "&Replace"), QMessageBox.ButtonRole.AcceptRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is replace


def export_interactively(
    parent: QWidget,
    ws: Workspace,
    make_pdf: Callable[[], bytes],
    *,
    suggested: Path,
    what: str,
    entity_id: str,
    printing: bool = False,
) -> Path | None:
    """Ask where (and whether to lock it), render, save. Returns where it went, or None.

    A place VisitDesk must never write (its data folder, anything not a file) gets the reason
    and nothing is written; an existing file is replaced only if the person says so.
    """
    from visitdesk.services import export

    ask = ExportPdfDialog.ask
    choice, ok = ask(suggested, parent, printing=True) if printing else ask(suggested, parent)
    if not ok or choice is None:
        return None
    path, password = choice
    overwrite = False
    try:
        # Before rendering, which can take a while for many records.
        export.check_target(ws, path)
    except TargetExists as exc:
        if not confirm_replace(parent, exc.target):
            return None
        overwrite = True
    except UserError as exc:
        _warn(parent, exc)
        return None
    try:
        data = make_pdf()
        while True:
            try:
                export.export(
                    ws,
                    path,
                    data,
                    password=password,
                    what=what,
                    entity_id=entity_id,
                    overwrite=overwrite,
                )
                return path
            except TargetExists as exc:  # it appeared while the PDF was being made
                if overwrite or not confirm_replace(parent, exc.target):
                    return None
                overwrite = True
    except UserError as exc:
        _warn(parent, exc)
        return None


def print_interactively(
    parent: QWidget,
    make_pdf: Callable[[], bytes],
    title: str,
    *,
    ws: Workspace | None = None,
    what: str = "",
    entity_id: str = "",
    suggested: Path | None = None,
) -> Path | None:
    """Print with a preview. Printing to a file is saved as Export saves a PDF.

    Returns where a PDF file was saved, or None (printed on paper, cancelled, or refused).
    """
    try:
        data = make_pdf()
    except UserError as exc:
        _warn(parent, exc)
        return None
    chosen = print_with_preview(parent, data, title)
    if chosen is None:
        return None
    if ws is None:
        # Without the workspace the data folder cannot be checked: send them to Export.
        QMessageBox.information(
            parent,
            QCoreApplication.translate("Printing", "Print to a file"),
            QCoreApplication.translate(
                "Printing",
                "Nothing was saved. To save this as a PDF file, use Export PDF…, which can "
                "protect it with a password.",
            ),
        )
        return None
    #: Ends the file name suggested for a record printed to a file: "<title> printed.pdf".
    printed = QCoreApplication.translate("Printing", "printed")
    where = Path(chosen).expanduser() if chosen else suggested or suggested_pdf_path(title, printed)
    return export_interactively(
        parent, ws, lambda: data, suggested=where, what=what, entity_id=entity_id, printing=True
    )


def suggested_pdf_path(name: str, when: str) -> Path:
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in name).strip()
    #: The file name suggested for a PDF whose record has no title to name it by.
    safe = safe or QCoreApplication.translate("Printing", "record")
    return Path.home() / f"{safe} {when}.pdf"
