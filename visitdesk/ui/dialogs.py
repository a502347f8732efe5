"""The first-run and unlock dialogs: the only ways into the encrypted database from the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services.workspace import Workspace, initialise, open_workspace
from visitdesk.storage.models import REGIONS

# Covers Child in Need and Child Protection visits, the bulk of most caseloads.
DEFAULT_POLICY = "getting-it-right-2018"

REGION_LABELS = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.setStyleSheet("color: #a4262c; font-weight: bold;")
    label.setAccessibleName("Problem")
    label.hide()
    return label


def _show_error(label: QLabel, message: str) -> None:
    text = message[:1].upper() + message[1:]
    label.setText(text if text.endswith(".") else text + ".")
    label.setAccessibleDescription(message)
    label.show()
    label.window().adjustSize()  # room for the message: never clip it


class UnlockDialog(QDialog):
    """Ask for the passphrase until it opens the database, or the user gives up."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.workspace: Workspace | None = None
        self.setWindowTitle("Unlock VisitDesk")
        self.setMinimumWidth(420)

        intro = QLabel("Your records are encrypted. Enter your passphrase to open them.")
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Unlock")
        self.buttons.accepted.connect(self._on_unlock)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_unlock(self) -> None:
        try:
            self.workspace = open_workspace(self.data_dir, self.passphrase.text())
        except UserError as exc:
            _show_error(self.error, str(exc))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, data_dir: Path, parent: QWidget | None = None) -> tuple[Workspace | None, bool]:
        dialog = cls(data_dir, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.workspace, accepted


class FirstRunDialog(QDialog):
    """Set up VisitDesk on this computer: passphrase, who you are, which standard applies."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from visitdesk.standards import list_policies

        self.data_dir = data_dir
        self.workspace: Workspace | None = None
        self.setWindowTitle("Welcome to VisitDesk")
        self.setMinimumWidth(520)

        intro = QLabel(
            "VisitDesk keeps your visit records encrypted on this computer. Choose a passphrase "
            "you will remember: without it the records cannot be opened, by anyone."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        self.role.addItem("Social worker", "worker")
        self.role.addItem("Manager", "manager")
        self.policy = QComboBox()
        self.policy.setAccessibleName("Practice standard")
        # Long titles are elided in the box and shown whole in the list and tooltip.
        self.policy.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.policy.setMinimumContentsLength(40)
        for info in list_policies():
            self.policy.addItem(info.title, info.id)
            self.policy.setItemData(self.policy.count() - 1, info.source,
                                    Qt.ItemDataRole.ToolTipRole)
        default = self.policy.findData(DEFAULT_POLICY)
        self.policy.setCurrentIndex(max(default, 0))
        self.region = QComboBox()
        self.region.setAccessibleName("Bank holidays of")
        for region in REGIONS:
            self.region.addItem(REGION_LABELS[region], region)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("at least 8 characters")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("Passphrase again")
        self.demo = QCheckBox("Add a fictional caseload to try VisitDesk with")
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set up VisitDesk")
        self.buttons.accepted.connect(self._on_set_up)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Your &name:", self.name)
        form.addRow("&Team:", self.team)
        form.addRow("&Role:", self.role)
        form.addRow("Practice &standard:", self.policy)
        form.addRow("&Bank holidays of:", self.region)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("Passphrase &again:", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.demo)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons, alignment=Qt.AlignmentFlag.AlignRight)

    def _on_set_up(self) -> None:
        if self.passphrase.text() != self.again.text():
            _show_error(self.error, "the two passphrases are different; please type them again")
            self.again.clear()
            self.passphrase.setFocus()
            self.passphrase.selectAll()
            return
        try:
            self.workspace = initialise(
                self.data_dir, self.passphrase.text(), name=self.name.text(),
                role=self.role.currentData(), policy_id=self.policy.currentData(),
                team=self.team.text(), region=self.region.currentData(),
            )
            if self.demo.isChecked():
                from visitdesk.services import demo

                demo.fill(self.workspace)
        except UserError as exc:
            _show_error(self.error, str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, data_dir: Path, parent: QWidget | None = None) -> tuple[Workspace | None, bool]:
        dialog = cls(data_dir, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.workspace, accepted
