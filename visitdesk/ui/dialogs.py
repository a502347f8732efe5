"""The first-run and unlock dialogs (the only ways into the encrypted database from the app),
and the dialogs for changing the passphrase, your name and team, and restoring a backup."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
from visitdesk.names import MIN_PASSPHRASE, clean_name, passphrase_problem, user_words
from visitdesk.services.workspace import Identity, Workspace, initialise, open_workspace, rename
from visitdesk.storage.database import DatabaseDamaged
from visitdesk.storage.models import REGIONS

log = logging.getLogger(__name__)
BACKUP_FILTER = "VisitDesk backups (*.vdbackup);;All files (*)"

# Covers Child in Need, Child Protection and looked-after visits, the bulk of most caseloads.
DEFAULT_AUTHORITY = "getting-it-right"

# The plan types an authority names standards for, as workers say them.
PLAN_LABELS = {
    "CIN": "Child in need",
    "CP": "Child protection",
    "CLA": "Looked after",
    "CP+CLA": "Child protection and looked after",
    "unborn": "Unborn baby",
}

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


def _hint_label(name: str) -> QLabel:
    """A line under a field that says, as the person types, what is wrong or that all is well."""
    label = QLabel()
    label.setObjectName("hintText")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


PASSPHRASE_ADVICE = (
    f"At least {MIN_PASSPHRASE} characters. Three or four unrelated words are "
    "easy to remember and hard to guess."
)


def _sentence(message: str) -> str:
    text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."


def _show_hint(label: QLabel, message: str, *, problem: bool) -> None:
    label.setText(_sentence(message) if message else "")
    label.setStyleSheet("color: #a4262c;" if problem else "")
    label.setAccessibleDescription(label.text())


def _name_hint(name: str, team: str) -> str | None:
    """What is wrong with the name or team as typed (the rule is ``visitdesk.names``)."""
    try:
        clean_name(name, "name")
        clean_name(team, "team name", required=False)
    except UserError as exc:
        return str(exc)
    return None


def _passphrase_hint(label: QLabel, passphrase: str, name: str, team: str) -> bool:
    """Show how good the passphrase is as typed; True if it is good enough."""
    if not passphrase:
        _show_hint(label, PASSPHRASE_ADVICE, problem=False)
        return False
    problem = passphrase_problem(passphrase, user_words(name, team))
    _show_hint(label, problem or "that passphrase is strong enough", problem=bool(problem))
    if not problem:
        label.setStyleSheet("color: #107c10;")
    return problem is None


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def _show_error(label: QLabel, message: str) -> None:
    label.setText(_sentence(message))
    label.setAccessibleDescription(message)
    label.show()
    label.window().adjustSize()  # room for the message: never clip it


class _OpensWorkspace(QDialog):
    """A dialog that ends with an open Workspace (or none, if the person cancelled)."""

    workspace: Workspace | None = None

    @classmethod
    def ask(cls, data_dir: Path, parent: QWidget | None = None) -> tuple[Workspace | None, bool]:
        dialog = cls(data_dir, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.workspace, accepted


class UnlockDialog(_OpensWorkspace):
    """Ask for the passphrase until it opens the database, or the user gives up.

    If the database turns out to be damaged, offers to put the latest backup in its place.
    """

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.workspace: Workspace | None = None
        self.setWindowTitle("Unlock VisitDesk")
        self.setMinimumWidth(420)

        intro = QLabel("Your records are encrypted. Enter your passphrase to open them.")
        intro.setWordWrap(True)
        self.passphrase = _password_edit("Passphrase")
        self.error = _error_label()
        self.restore_button = QPushButton("&Restore the latest backup…")
        self.restore_button.setAccessibleName("Restore the latest backup")
        self.restore_button.clicked.connect(self._on_restore_latest)
        self.restore_button.hide()
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
            message = (
                "the database is damaged; restore the latest backup "
                f"({latest.name}) with the button below, or with "
                f"'visitdesk restore \"{latest}\"'"
            )
        _show_error(self.error, message)
        self.restore_button.setVisible(latest is not None)

    def confirm_restore(self, backup_name: str) -> bool:
        """Ask before replacing the damaged database (tests answer for the person)."""
        answer = QMessageBox.question(
            self,
            "Restore the latest backup?",
            f"VisitDesk will put the backup {backup_name} in place of the damaged database. "
            "The damaged database is kept in the backups folder. Records changed since that "
            "backup was made will need to be entered again.\n\nRestore it now?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_restore_latest(self) -> None:
        from visitdesk.services import backup

        latest = backup.latest_backup(self.data_dir)
        if latest is None or not self.confirm_restore(latest.name):
            return
        passphrase = self.passphrase.text()
        try:
            backup.restore(self.data_dir, latest, passphrase, force=True)
            self.workspace = open_workspace(self.data_dir, passphrase)
        except UserError as exc:
            _show_error(self.error, str(exc))
            return
        self.passphrase.clear()
        self.restore_button.hide()
        self.accept()


def coverage_text(authority_id: str) -> str:
    """What an authority's standards cover, one line per plan type: the standards by name, or
    that none is set."""
    from visitdesk.standards.authority import PLAN_KEYS, load_authority
    from visitdesk.standards.engine import plan_parts, uncovered_parts

    authority = load_authority(authority_id)
    lines = []
    for key in PLAN_KEYS:
        policies = authority.plans.get(key, ())
        names = ", ".join(p.name for p in policies) or "no standard set"
        if policies and key == "CP+CLA":
            gaps = [
                PLAN_LABELS[part].lower()
                for part in plan_parts(key)
                if all(part in uncovered_parts(p, key) for p in policies)
            ]
            if gaps:
                names += f" (no standard set for the {' and '.join(gaps)} part)"
        lines.append(f"{PLAN_LABELS[key]}: {names}")
    return "\n".join(lines)


class FirstRunDialog(_OpensWorkspace):
    """Set up VisitDesk on this computer: passphrase, who you are, which authority's
    standards apply."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from visitdesk.standards.authority import list_authorities

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
        self.name.setPlaceholderText("as it should appear on your records")
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        self.team.setPlaceholderText("optional")
        self.name_hint = _hint_label("About your name")
        self.name_hint.hide()
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        self.role.addItem("Social worker", "worker")
        self.role.addItem("Manager", "manager")
        self.authority = QComboBox()
        self.authority.setAccessibleName("Authority")
        self.authority.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.authority.setMinimumContentsLength(40)
        self._regions: dict[str, str] = {}
        for info in sorted(list_authorities(), key=lambda a: a.name.casefold()):
            self.authority.addItem(info.name, info.id)
            self._regions[info.id] = info.region
        # What the chosen authority's standards cover, kept up to date as the choice changes.
        self.coverage = QLabel()
        self.coverage.setObjectName("hintText")
        self.coverage.setWordWrap(True)
        self.coverage.setAccessibleName("What the authority's standards cover")
        self.region = QComboBox()
        self.region.setAccessibleName("Bank holidays of")
        for region in REGIONS:
            self.region.addItem(REGION_LABELS[region], region)
        self.authority.currentIndexChanged.connect(self._on_authority)
        default = self.authority.findData(DEFAULT_AUTHORITY)
        self.authority.setCurrentIndex(max(default, 0))
        self._on_authority()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText(f"at least {MIN_PASSPHRASE} characters")
        self.passphrase_hint = _hint_label("About the passphrase")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("Passphrase again")
        self.demo = QCheckBox("Add a fictional caseload to try VisitDesk with")
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Set up VisitDesk")
        self.buttons.accepted.connect(self._on_set_up)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Your &name:", self.name)
        form.addRow("&Team:", self.team)
        form.addRow("", self.name_hint)
        form.addRow("&Role:", self.role)
        form.addRow("&Authority:", self.authority)
        form.addRow("", self.coverage)
        form.addRow("&Bank holidays of:", self.region)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("", self.passphrase_hint)
        form.addRow("Passphrase &again:", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.demo)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons, alignment=Qt.AlignmentFlag.AlignRight)
        for edit in (self.name, self.team, self.passphrase):
            edit.textChanged.connect(self._on_typed)
        self._on_typed()

    def _on_authority(self) -> None:
        """Show what the chosen authority's standards cover, and its bank holidays."""
        authority_id = self.authority.currentData()
        if authority_id is None:
            return
        text = coverage_text(authority_id)
        self.coverage.setText(text)
        self.coverage.setAccessibleDescription(text)
        at = self.region.findData(self._regions.get(authority_id))
        if at >= 0:
            self.region.setCurrentIndex(at)

    def _on_typed(self) -> None:
        """Say what is wrong as the person types; set-up waits until nothing is."""
        name, team = self.name.text(), self.team.text()
        problem = _name_hint(name, team)
        # An empty name is only mentioned once the person has moved on to the passphrase.
        if problem and not name.strip() and not self.passphrase.text():
            problem = None
        self.name_hint.setVisible(bool(problem))
        if problem:
            _show_hint(self.name_hint, problem, problem=True)
        strong = _passphrase_hint(self.passphrase_hint, self.passphrase.text(), name, team)
        self.ok_button.setEnabled(strong and _name_hint(name, team) is None)

    def _on_set_up(self) -> None:
        if self.passphrase.text() != self.again.text():
            _show_error(self.error, "the two passphrases are different; please type them again")
            self.again.clear()
            self.passphrase.setFocus()
            self.passphrase.selectAll()
            return
        try:
            self.workspace = initialise(
                self.data_dir,
                self.passphrase.text(),
                name=self.name.text(),
                role=self.role.currentData(),
                authority_id=self.authority.currentData(),
                team=self.team.text(),
                region=self.region.currentData(),
            )
            if self.demo.isChecked():
                from visitdesk.services import demo

                demo.fill(self.workspace)
        except UserError as exc:
            _show_error(self.error, str(exc))
            return
        self.passphrase.clear()  # the passphrase does not linger in the dialog
        self.again.clear()
        self.accept()


class ChangePassphraseDialog(QDialog):
    """Type the current passphrase once and the new one twice; the database is re-keyed."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.changed = False
        self.setWindowTitle("Change passphrase")
        self.setMinimumWidth(440)
        intro = QLabel(
            "Your records stay as they are; only the passphrase that opens them "
            "changes. Backups made before now still open with the old one."
        )
        intro.setWordWrap(True)
        self.current = _password_edit("Current passphrase")
        self.new = _password_edit("New passphrase")
        self.new.setPlaceholderText(f"at least {MIN_PASSPHRASE} characters")
        self.new_hint = _hint_label("About the new passphrase")
        self.new.textChanged.connect(self._on_typed)
        self._on_typed()
        self.again = _password_edit("New passphrase again")
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Change passphrase")
        self.buttons.accepted.connect(self._on_change)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Current passphrase:", self.current)
        form.addRow("&New passphrase:", self.new)
        form.addRow("", self.new_hint)
        form.addRow("New passphrase &again:", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_typed(self) -> None:
        who = self.ws.identity
        _passphrase_hint(self.new_hint, self.new.text(), who.worker_name, who.team)

    def _on_change(self) -> None:
        try:
            self.ws.change_passphrase(self.current.text(), self.new.text(), self.again.text())
        except UserError as exc:
            _show_error(self.error, str(exc))
            if "current" in str(exc):
                self.current.selectAll()
                self.current.setFocus()
            else:
                self.again.clear()
                self.new.selectAll()
                self.new.setFocus()
            return
        for edit in (self.current, self.new, self.again):
            edit.clear()
        self.changed = True
        self.accept()

    @classmethod
    def ask(cls, ws: Workspace, parent: QWidget | None = None) -> tuple[bool, bool]:
        """Returns (changed, accepted)."""
        dialog = cls(ws, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.changed, accepted


class NameAndTeamDialog(QDialog):
    """Change the name and team this installation goes by (records and cards carry them)."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.identity: Identity | None = None
        self.setWindowTitle("Your name and team")
        self.setMinimumWidth(460)
        intro = QLabel(
            "Records you have already written keep the name they were written "
            "under. After a change, save a new card (Sync > Save this "
            "installation's card…) and give it to your team, so they see it too."
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(ws.identity.worker_name)
        self.name.setAccessibleName("Your name")
        self.team = QLineEdit(ws.identity.team)
        self.team.setAccessibleName("Team")
        self.team.setPlaceholderText("optional")
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save")
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Your &name:", self.name)
        form.addRow("&Team:", self.team)
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
        try:
            self.identity = rename(self.ws, name=self.name.text(), team=self.team.text())
        except UserError as exc:
            _show_error(self.error, str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, ws: Workspace, parent: QWidget | None = None) -> tuple[Identity | None, bool]:
        """Returns (the identity now in use, accepted)."""
        dialog = cls(ws, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.identity, accepted


class RestoreDialog(QDialog):
    """Choose a backup and type its passphrase; returns them for the window to restore."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from visitdesk.services.backup import backups_dir, latest_backup

        self.data_dir = data_dir
        self.choice: tuple[Path, str, bool] | None = None
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(520)
        intro = QLabel(
            "The backup takes the place of the records here. The database it "
            "replaces is kept in the backups folder. A backup opens with the "
            "passphrase in use when it was made."
        )
        intro.setWordWrap(True)
        latest = latest_backup(data_dir)
        self.file = QLineEdit(str(latest) if latest else "")
        self.file.setAccessibleName("Backup file")
        self._folder = backups_dir(data_dir)
        choose = QPushButton("C&hoose…")
        choose.clicked.connect(self._on_choose)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        self.passphrase = _password_edit("Passphrase of the backup")
        self.force = QCheckBox("Replace the records here even if they are newer than the backup")
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Backup:", row)
        form.addRow("&Passphrase of the backup:", self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.force)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def ask_open_path(self) -> str:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup", str(self._folder), BACKUP_FILTER
        )
        return name

    def _on_choose(self) -> None:
        name = self.ask_open_path()
        if name:
            self.file.setText(name)

    def _on_ok(self) -> None:
        name = self.file.text().strip()
        if not name:
            _show_error(self.error, "choose the backup file first")
            return
        if not Path(name).is_file():
            _show_error(self.error, f"there is no backup file at {name}")
            return
        if not self.passphrase.text():
            _show_error(self.error, "type the passphrase the backup opens with")
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
