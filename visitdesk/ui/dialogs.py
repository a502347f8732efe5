"""The dialogs for changing the passphrase, your name and team, and restoring a backup. The
first-run and unlock dialogs (the only ways into the encrypted database from the app) are in
``first_run`` and ``unlock``, and are importable from here too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.names import MIN_PASSPHRASE
from visitdesk.services.workspace import Identity, Workspace, changes_of_settings, rename
from visitdesk.ui.dialog_parts import (
    _error_label,
    _hint_label,
    _name_hint,
    _passphrase_hint,
    _password_edit,
    _show_error,
)
from visitdesk.ui.first_run import FirstRunDialog
from visitdesk.ui.hub import Hub
from visitdesk.ui.operations import Operations
from visitdesk.ui.unlock import UnlockDialog

__all__ = [
    "BACKUP_FILTER",
    "ChangePassphraseDialog",
    "FirstRunDialog",
    "NameAndTeamDialog",
    "RestoreDialog",
    "UnlockDialog",
]

#: Keep "(*.vdbackup)" and "(*)" as they are: the file dialog reads them.
BACKUP_FILTER = QT_TRANSLATE_NOOP("RestoreDialog", "VisitDesk backups (*.vdbackup);;All files (*)")


class ChangePassphraseDialog(QDialog):
    """Type the current passphrase once and the new one twice; the database is re-keyed,
    through the hub's operation runner."""

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        # Without a hub (the dialog opened on its own) the passphrase is changed the same way.
        self.ops = hub.ops if hub is not None else Operations(None, self)
        self.changed = False
        self.setWindowTitle(self.tr("Change passphrase"))
        self.setMinimumWidth(440)
        intro = QLabel(
            self.tr(
                "Your records stay as they are; only the passphrase that opens them "
                "changes. Backups made before now still open with the old one."
            )
        )
        intro.setWordWrap(True)
        self.current = _password_edit(self.tr("Current passphrase"))
        self.new = _password_edit(self.tr("New passphrase"))
        self.new.setPlaceholderText(
            self.tr("at least {count} characters").format(count=MIN_PASSPHRASE)
        )
        self.new_hint = _hint_label(self.tr("About the new passphrase"))
        self.new.textChanged.connect(self._on_typed)
        self._on_typed()
        self.again = _password_edit(self.tr("New passphrase again"))
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Change passphrase")
        )
        self.buttons.accepted.connect(self._on_change)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Current passphrase:"), self.current)
        form.addRow(self.tr("&New passphrase:"), self.new)
        form.addRow("", self.new_hint)
        form.addRow(self.tr("New passphrase &again:"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_typed(self) -> None:
        who = self.ws.identity
        _passphrase_hint(self.new_hint, self.new.text(), who.worker_name, who.team)

    def _refused(self, exc: UserError) -> None:
        _show_error(self.error, str(exc))
        if "current" in str(exc):
            self.current.selectAll()
            self.current.setFocus()
        else:
            self.again.clear()
            self.new.selectAll()
            self.new.setFocus()

    def _on_change(self) -> None:
        ws, old, new, again = self.ws, self.current.text(), self.new.text(), self.again.text()
        changed = self.ops.run(
            lambda: (True, ws.change_passphrase(old, new, again)),
            parent=self,
            on_refused=self._refused,
        )
        if not changed:
            return
        for edit in (self.current, self.new, self.again):
            edit.clear()
        self.changed = True
        self.accept()

    @classmethod
    def ask(
        cls, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> tuple[bool, bool]:
        """Returns (changed, accepted)."""
        dialog = cls(ws, parent, hub=hub)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.changed, accepted


class NameAndTeamDialog(QDialog):
    """Change the name and team this installation goes by (records and cards carry them),
    through the hub's operation runner."""

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        self.ops = hub.ops if hub is not None else Operations(None, self)
        self.identity: Identity | None = None
        self.setWindowTitle(self.tr("Your name and team"))
        self.setMinimumWidth(460)
        intro = QLabel(
            self.tr(
                "Records you have already written keep the name they were written "
                "under. After a change, save a new card (Sync > Save this "
                "installation's card…) and give it to your team, so they see it too."
            )
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(ws.identity.worker_name)
        self.name.setAccessibleName(self.tr("Your name"))
        self.team = QLineEdit(ws.identity.team)
        self.team.setAccessibleName(self.tr("Team"))
        self.team.setPlaceholderText(self.tr("optional"))
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Save"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Your &name:"), self.name)
        form.addRow(self.tr("&Team:"), self.team)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for edit in (self.name, self.team):
            edit.textChanged.connect(self._on_typed)
        self._on_typed()

    def _on_typed(self) -> None:
        problem = _name_hint(self.name.text(), self.team.text())
        if problem:
            _show_error(self.error, problem)
        else:
            self.error.hide()
        self.ok_button.setEnabled(problem is None)

    def _on_save(self) -> None:
        ws, name, team = self.ws, self.name.text(), self.team.text()
        identity = self.ops.run(
            lambda: (rename(ws, name=name, team=team), changes_of_settings()),
            parent=self,
            on_refused=lambda exc: _show_error(self.error, str(exc)),
        )
        if identity is None:
            return
        self.identity = identity
        self.accept()

    @classmethod
    def ask(
        cls, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> tuple[Identity | None, bool]:
        """Returns (the identity now in use, accepted)."""
        dialog = cls(ws, parent, hub=hub)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.identity, accepted


class RestoreDialog(QDialog):
    """Choose a backup and type its passphrase; returns them for the window to restore."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from visitdesk.services.backup import backups_dir, latest_backup

        self.data_dir = data_dir
        self.choice: tuple[Path, str, bool] | None = None
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "The backup takes the place of the records here. The database it "
                "replaces is kept in the backups folder. A backup opens with the "
                "passphrase in use when it was made."
            )
        )
        intro.setWordWrap(True)
        latest = latest_backup(data_dir)
        self.file = QLineEdit(str(latest) if latest else "")
        self.file.setAccessibleName(self.tr("Backup file"))
        self._folder = backups_dir(data_dir)
        choose = QPushButton(self.tr("C&hoose…"))
        choose.clicked.connect(self._on_choose)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        self.passphrase = _password_edit(self.tr("Passphrase of the backup"))
        self.force = QCheckBox(
            self.tr("Replace the records here even if they are newer than the backup")
        )
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Restore"))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Backup:"), row)
        form.addRow(self.tr("&Passphrase of the backup:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.force)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def ask_open_path(self) -> str:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup"), str(self._folder), self.tr(BACKUP_FILTER)
        )
        return name

    def _on_choose(self) -> None:
        name = self.ask_open_path()
        if name:
            self.file.setText(name)

    def _on_ok(self) -> None:
        name = self.file.text().strip()
        if not name:
            _show_error(self.error, self.tr("choose the backup file first"))
            return
        if not Path(name).is_file():
            _show_error(self.error, self.tr("there is no backup file at {path}").format(path=name))
            return
        if not self.passphrase.text():
            _show_error(self.error, self.tr("type the passphrase the backup opens with"))
            return
        self.choice = (Path(name), self.passphrase.text(), self.force.isChecked())
        self.passphrase.clear()
        self.accept()

    @classmethod
    def ask(
        cls, data_dir: Path, parent: QWidget | None = None
    ) -> tuple[tuple[Path, str, bool] | None, bool]:
        """Returns ((backup file, its passphrase, replace even if newer), accepted)."""
        dialog = cls(data_dir, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.choice, accepted
