"""Save a child's chronology (significant events and plan changes, in date order) as a CSV
file, from the child's page. The child's PDF prints the same chronology after its contents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.fileio import TargetExists
from visitdesk.services.workspace import Workspace


def ask_path(parent: QWidget, suggested: Path) -> str:
    """Where to save (the tests replace this)."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("Chronology", "Save the chronology"),
        str(suggested),
        #: Keep "(*.csv)" and "(*)" as they are: the file dialog reads them.
        QCoreApplication.translate("Chronology", "CSV files (*.csv);;All files (*)"),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return name


def save_chronology(parent: QWidget, ws: Workspace, child_id: str, child_name: str) -> int | None:
    """Ask where, then save; the number of entries saved, or None when nothing was."""
    from visitdesk.services import chronology
    from visitdesk.ui.printing import confirm_replace

    #: The suggested file name; {name} is the child's name.
    suggested = Path.home() / QCoreApplication.translate(
        "Chronology", "Chronology of {name}.csv"
    ).format(name=child_name)
    path = ask_path(parent, suggested)
    if not path:
        return None
    overwrite = False
    while True:
        try:
            return chronology.export_chronology(ws, child_id, Path(path), overwrite=overwrite)
        except TargetExists as exc:
            if overwrite or not confirm_replace(parent, exc.target):
                return None
            overwrite = True
        except UserError as exc:
            text = str(exc)
            QMessageBox.warning(parent, APP_NAME, text[:1].upper() + text[1:])
            return None
