"""The unlock dialog: the passphrase that opens the encrypted database, and the latest backup
offered in its place when the database is damaged."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services.workspace import Workspace, open_workspace
from visitdesk.storage.database import DatabaseDamaged
from visitdesk.ui.dialog_parts import _error_label, _OpensWorkspace, _password_edit, _show_error

log = logging.getLogger(__name__)


class UnlockDialog(_OpensWorkspace):
    """Ask for the passphrase until it opens the database, or the user gives up.

    If the database turns out to be damaged, offers to put the latest backup in its place.
    """

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.workspace: Workspace | None = None
        self.setWindowTitle(self.tr("Unlock {app}").format(app=APP_NAME))
        self.setMinimumWidth(420)

        intro = QLabel(self.tr("Your records are encrypted. Enter your passphrase to open them."))
        intro.setWordWrap(True)
        self.passphrase = _password_edit(self.tr("Passphrase"))
        self.error = _error_label()
        self.restore_button = QPushButton(self.tr("&Restore the latest backup…"))
        self.restore_button.setAccessibleName(self.tr("Restore the latest backup"))
        self.restore_button.clicked.connect(self._on_restore_latest)
        self.restore_button.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Unlock"))
        self.buttons.accepted.connect(self._on_unlock)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.restore_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)

    def _on_unlock(self) -> None:
        try:
            self.workspace = open_workspace(self.data_dir, self.passphrase.text())
        except DatabaseDamaged as exc:
            self._show_damaged(str(exc))
            return
        except UserError as exc:
            _show_error(self.error, str(exc))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.passphrase.clear()
        self.accept()

    def _show_damaged(self, message: str) -> None:
        from visitdesk.services.backup import latest_backup

        log.warning("the database could not be opened: it is damaged")
        latest = latest_backup(self.data_dir)
        if latest is not None:
            #: {name} is the backup file's name; {path} where it is. Keep 'visitdesk restore'
            #: as it is: it is a command.
            message = self.tr(
                "the database is damaged; restore the latest backup ({name}) with the button "
                "below, or with 'visitdesk restore \"{path}\"'"
            ).format(name=latest.name, path=latest)
        _show_error(self.error, message)
        self.restore_button.setVisible(latest is not None)

    def confirm_restore(self, backup_name: str) -> bool:
        """Ask before replacing the damaged database (tests answer for the person)."""
        answer = QMessageBox.question(
            self,
            self.tr("Restore the latest backup?"),
            #: {app} is VisitDesk; {name} is the backup file's name.
            self.tr(
                "{app} will put the backup {name} in place of the damaged database. The damaged "
                "database is kept in the backups folder. Records changed since that backup was "
                "made will need to be entered again.\n\nRestore it now?"
            ).format(app=APP_NAME, name=backup_name),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_restore_latest(self) -> None:
        from visitdesk.services import backup

        latest = backup.latest_backup(self.data_dir)
        if latest is None or not self.confirm_restore(latest.name):
            return
        passphrase = self.passphrase.text()
        # As with set-up, no hub exists yet: the window is made once this dialog has opened
        # the records, so it restores directly.
        try:
            backup.restore(self.data_dir, latest, passphrase, force=True)
            self.workspace = open_workspace(self.data_dir, passphrase)
        except UserError as exc:
            _show_error(self.error, str(exc))
            return
        self.passphrase.clear()
        self.restore_button.hide()
        self.accept()
