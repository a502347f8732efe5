"""File > Import caseload: the caseload as the case system exports it, previewed before
anything changes. The preview lists the children the import adds, those it updates (each
change in words), those unchanged, and those on this caseload that are not in the file, who
are kept: an import never removes a child and never touches a visit record. A file with any
bad row is refused whole, each problem named by line and column."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services import caseload_csv
from visitdesk.services.caseload_csv_format import CaseloadRefused
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub


class CaseloadImportDialog(QDialog):
    def __init__(self, plan: caseload_csv.ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Import caseload"))
        self.resize(720, 520)
        counts = plan.counts()
        #: {file} is the file's name; {system} its case system; {new}, {updated},
        #: {unchanged} and {kept} are numbers of children.
        self.summary = QLabel(
            self.tr(
                "{file}, in the {system} format. New: {new}. To update: {updated}. Unchanged: "
                "{unchanged}. On your caseload but not in the file, and kept as they are: "
                "{kept}. Nothing changes until you choose Import; no visit record is touched."
            ).format(file=plan.name, system=plan.mapping.system, **counts)
        )
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Child"), self.tr("Case reference")])
        self.tree.setAccessibleName(self.tr("What the import changes"))
        groups = (
            (self.tr("New children ({n})"), plan.new),
            (self.tr("Children to update ({n})"), plan.updated),
            (self.tr("Unchanged ({n})"), plan.unchanged),
            (self.tr("Not in the file, kept ({n})"), plan.kept),
        )
        for title, children in groups:
            group = QTreeWidgetItem([title.format(n=len(children)), ""])
            self.tree.addTopLevelItem(group)
            for child in children:
                item = QTreeWidgetItem([child.name, child.case_reference])
                for change in child.changes:
                    item.addChild(QTreeWidgetItem([change, ""]))
                group.addChild(item)
            group.setExpanded(bool(children) and children is not plan.unchanged)
        self.tree.expandItem(self.tree.topLevelItem(1))
        for n in range(self.tree.topLevelItem(1).childCount()):
            self.tree.topLevelItem(1).child(n).setExpanded(True)
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("&Import"))
        self.import_button.setEnabled(plan.changes_anything)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    # The tests replace these.
    @staticmethod
    def refuse(parent: QWidget | None, exc: UserError) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        if isinstance(exc, CaseloadRefused):
            #: {file} is the caseload file's name; {count} how many problems it has.
            box.setText(
                CaseloadImportDialog.tr(
                    "{file} was not imported, and nothing changed. Put these right in the "
                    "file, then import it again (problems: {count})."
                ).format(file=exc.name, count=len(exc.problems))
            )
            box.setDetailedText("\n".join(exc.problems))
            box.setInformativeText("\n".join(exc.problems[:8]))
        else:
            text = str(exc)
            box.setText(text[:1].upper() + text[1:])
        box.exec()

    @staticmethod
    def confirm(dialog: CaseloadImportDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    @staticmethod
    def tell(parent: QWidget | None, text: str) -> None:
        QMessageBox.information(parent, CaseloadImportDialog.tr("Caseload imported"), text)

    @classmethod
    def run_for(cls, ws: Workspace, hub: Hub, path: Path, parent: QWidget | None) -> bool:
        """Preview ``path``, and import it if the person says so; True once imported."""
        try:
            data = caseload_csv.read_caseload_file(path)
            plan = caseload_csv.preview_import(ws, data, path.name)
        except UserError as exc:
            cls.refuse(parent, exc)
            return False
        dialog = cls(plan, parent)
        if not cls.confirm(dialog):
            return False
        done = hub.ops.run(
            lambda: (True, caseload_csv.apply_import(ws, plan)),
            parent=parent,
            on_refused=lambda exc: cls.refuse(parent, exc),
        )
        if not done:
            return False
        counts = plan.counts()
        #: {new} and {updated} are numbers of children.
        cls.tell(
            parent,
            CaseloadImportDialog.tr("From {file}: children added {new}, updated {updated}.").format(
                file=plan.name, **counts
            ),
        )
        return True
