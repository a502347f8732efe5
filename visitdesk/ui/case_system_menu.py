"""The Case system menu: the caseload in and out in the case system's own format, the returns
(Annex A, the SSD visit tables), and the records authorised but not yet keyed into the case
system. File > Import caseload opens the same import.

The returns hold personal data about every child covered: they are written only into a
folder the person chooses, after a warning saying so, never into VisitDesk's data folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from visitdesk.errors import UserError
from visitdesk.fileio import TargetExists
from visitdesk.services.changes import NOTHING
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.menu_files import SavingMenu

#: Keep "(*.csv)" and "(*)" as they are: the file dialog reads them.
CSV_FILTER = QT_TRANSLATE_NOOP("CaseSystemMenu", "CSV files (*.csv);;All files (*)")


class CaseSystemMenu(SavingMenu):
    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget) -> None:
        super().__init__(self.tr("Case s&ystem"), ws, hub, parent)
        # File > Import caseload opens import_caseload.
        self._add(self.tr("&Export caseload…"), "Ctrl+Shift+G", self._on_export_caseload)
        self.addSeparator()
        self._add(self.tr("&Annex A return…"), "Ctrl+Shift+A", self._on_annex_a)
        self._add(self.tr("&SSD visit tables…"), "Ctrl+Shift+T", self._on_ssd)
        self.addSeparator()
        self._add(
            self.tr("&Not yet entered in the case system…"),
            "Ctrl+Shift+Y",
            self.show_not_entered,
        )

    def _add(self, text: str, keys: str, slot):  # noqa: ANN001, ANN202
        action = self.addAction(text)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    # Dialogs the tests replace.
    def confirm_personal_data(self, what: str) -> bool:
        box = QMessageBox(self.window_)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("These files hold personal data"))
        #: {what} names the files, for example "The Annex A lists".
        box.setText(
            self.tr(
                "{what} hold personal data about children: case references, dates of birth "
                "and what happened at their visits."
            ).format(what=what)
        )
        box.setInformativeText(
            self.tr(
                "Save them only where your authority's rules allow, such as an encrypted drive "
                "or your secure network folder, and delete your copy once it has been handed "
                "over. They are not encrypted."
            )
        )
        go = box.addButton(self.tr("&Choose a folder…"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go

    # --- the caseload -----------------------------------------------------------------------

    def import_caseload(self) -> None:
        from visitdesk.ui.caseload_import import CaseloadImportDialog

        path = self.ask_open_path(self.tr("Open the caseload file"), self.tr(CSV_FILTER))
        if path:
            CaseloadImportDialog.run_for(self.ws, self.hub, Path(path), self.window_)

    def _on_export_caseload(self) -> None:
        from visitdesk.services import caseload_csv

        path = self.ask_save_path(self.tr("Save the caseload"), "caseload.csv", self.tr(CSV_FILTER))
        if not path:
            return
        done = self._save(
            lambda overwrite: (
                caseload_csv.export_caseload(self.ws, Path(path), overwrite=overwrite),
                NOTHING,
            )
        )
        if done is not None:
            self.tell(
                self.tr("Caseload saved"),
                self.tr(
                    "The caseload is saved in {file}. It holds personal data: keep it only "
                    "where your authority's rules allow."
                ).format(file=Path(path).name),
            )

    # --- returns ----------------------------------------------------------------------------

    def _save_return(self, what: str, kind: str, build) -> None:  # noqa: ANN001
        from visitdesk.services import returns

        if not self.confirm_personal_data(what):
            return
        folder = self.ask_folder(self.tr("Choose a folder for the files"))
        if not folder:
            return
        # The folder is checked before the files are worked out, which takes a while for a
        # team: a place VisitDesk may not write is refused at once.
        names = returns.ANNEX_A_FILES if kind == "annex_a" else returns.SSD_FILES
        overwrite = False
        try:
            returns.check_return_folder(
                self.ws, Path(folder), names, overwrite=False, what=returns.RETURNS[kind]
            )
        except TargetExists as exc:
            if not self.confirm_replace(exc.target):
                return
            overwrite = True
        except UserError as exc:
            self.warn(str(exc))
            return
        tables = self._run(lambda: (build(), NOTHING))
        if tables is None:
            return
        saved = self._run(
            lambda: (
                returns.write_return(self.ws, Path(folder), tables, overwrite=overwrite, what=kind),
                NOTHING,
            )
        )
        if saved:
            names = "\n".join(p.name for p in saved)
            #: {folder} is the folder chosen; {names} the files saved, one a line.
            self.tell(
                self.tr("Files saved"),
                self.tr("Saved in {folder}:\n\n{names}").format(folder=folder, names=names),
            )

    def _on_annex_a(self) -> None:
        from visitdesk.services import returns

        self._save_return(
            self.tr("The Annex A lists"),
            "annex_a",
            lambda: returns.annex_a(self.ws, self.ws.today()),
        )

    def _on_ssd(self) -> None:
        from visitdesk.services import returns

        self._save_return(self.tr("The SSD visit tables"), "ssd", lambda: returns.ssd(self.ws))

    # --- hand-off ---------------------------------------------------------------------------

    def show_not_entered(self) -> None:
        from visitdesk.ui.reconciliation import ReconciliationDialog

        ReconciliationDialog.show_for(self.ws, self.hub, self.window_)
