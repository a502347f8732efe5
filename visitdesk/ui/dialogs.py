"""The first-run and unlock dialogs (the only ways into the encrypted database from the app),
and the dialogs for changing the passphrase, your name and team, and restoring a backup."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
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

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.names import MIN_PASSPHRASE, clean_name, passphrase_problem, user_words
from visitdesk.services.workspace import (
    Identity,
    Workspace,
    changes_of_settings,
    initialise,
    open_workspace,
    rename,
)
from visitdesk.storage.database import DatabaseDamaged
from visitdesk.ui.hub import Hub
from visitdesk.ui.operations import Operations

log = logging.getLogger(__name__)
#: Keep "(*.vdbackup)" and "(*)" as they are: the file dialog reads them.
BACKUP_FILTER = QT_TRANSLATE_NOOP("RestoreDialog", "VisitDesk backups (*.vdbackup);;All files (*)")

# Covers Child in Need, Child Protection and looked-after visits, the bulk of most caseloads.
DEFAULT_AUTHORITY = "getting-it-right"

# The plan types an authority names standards for, as workers say them.
PLAN_LABELS = {
    "CIN": QT_TRANSLATE_NOOP("FirstRunDialog", "Child in need"),
    "CP": QT_TRANSLATE_NOOP("FirstRunDialog", "Child protection"),
    "CLA": QT_TRANSLATE_NOOP("FirstRunDialog", "Looked after"),
    "CP+CLA": QT_TRANSLATE_NOOP("FirstRunDialog", "Child protection and looked after"),
    "unborn": QT_TRANSLATE_NOOP("FirstRunDialog", "Unborn baby"),
}

REGION_LABELS = {
    "england-and-wales": QT_TRANSLATE_NOOP("FirstRunDialog", "England and Wales"),
    "scotland": QT_TRANSLATE_NOOP("FirstRunDialog", "Scotland"),
    "northern-ireland": QT_TRANSLATE_NOOP("FirstRunDialog", "Northern Ireland"),
}


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorText")
    label.setWordWrap(True)
    label.setStyleSheet("color: #a4262c; font-weight: bold;")
    label.setAccessibleName(QCoreApplication.translate("Dialogs", "Problem"))
    label.hide()
    return label


def _hint_label(name: str) -> QLabel:
    """A line under a field that says, as the person types, what is wrong or that all is well."""
    label = QLabel()
    label.setObjectName("hintText")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def _passphrase_advice() -> str:
    return QCoreApplication.translate(
        "Passphrase",
        "At least {count} characters. Three or four unrelated words are easy to remember and "
        "hard to guess.",
    ).format(count=MIN_PASSPHRASE)


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
        _show_hint(label, _passphrase_advice(), problem=False)
        return False
    problem = passphrase_problem(passphrase, user_words(name, team))
    strong = QCoreApplication.translate("Passphrase", "that passphrase is strong enough")
    _show_hint(label, problem or strong, problem=bool(problem))
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


def coverage_text(authority_id: str) -> str:
    """What an authority's standards cover, one line per plan type: the standards by name, or
    that none is set."""
    from visitdesk.standards.authority import PLAN_KEYS, load_authority
    from visitdesk.standards.engine import plan_parts, uncovered_parts

    def label(key: str) -> str:
        words = PLAN_LABELS[key]
        return QCoreApplication.translate("FirstRunDialog", words)

    authority = load_authority(authority_id)
    lines = []
    for key in PLAN_KEYS:
        policies = authority.plans.get(key, ())
        names = ", ".join(p.name for p in policies) or QCoreApplication.translate(
            "FirstRunDialog", "no standard set"
        )
        if policies and key == "CP+CLA":
            gaps = [
                label(part).lower()
                for part in plan_parts(key)
                if all(part in uncovered_parts(p, key) for p in policies)
            ]
            if gaps:
                #: Between the plan's parts: "child protection and looked after".
                joined = QCoreApplication.translate("FirstRunDialog", " and ").join(gaps)
                #: {parts} names the parts of the plan with no standard, "looked after".
                names += QCoreApplication.translate(
                    "FirstRunDialog", " (no standard set for the {parts} part)"
                ).format(parts=joined)
        lines.append(
            #: {plan} is a kind of plan, "Child in need"; {standards} the standards set for it.
            QCoreApplication.translate("FirstRunDialog", "{plan}: {standards}").format(
                plan=label(key), standards=names
            )
        )
    return "\n".join(lines)


class FirstRunDialog(_OpensWorkspace):
    """Set up VisitDesk on this computer: passphrase, who you are, which authority's
    standards apply."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from visitdesk.services.choices import REGIONS
        from visitdesk.standards.authority import list_authorities

        self.data_dir = data_dir
        self.workspace: Workspace | None = None
        self.setWindowTitle(self.tr("Welcome to {app}").format(app=APP_NAME))
        self.setMinimumWidth(520)

        intro = QLabel(
            self.tr(
                "{app} keeps your visit records encrypted on this computer. Choose a passphrase "
                "you will remember: without it the records cannot be opened, by anyone."
            ).format(app=APP_NAME)
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name"))
        self.name.setPlaceholderText(self.tr("as it should appear on your records"))
        self.team = QLineEdit()
        self.team.setAccessibleName(self.tr("Team"))
        self.team.setPlaceholderText(self.tr("optional"))
        self.name_hint = _hint_label(self.tr("About your name"))
        self.name_hint.hide()
        self.role = QComboBox()
        self.role.setAccessibleName(self.tr("Role"))
        self.role.addItem(self.tr("Social worker"), "worker")
        self.role.addItem(self.tr("Manager"), "manager")
        self.authority = QComboBox()
        self.authority.setAccessibleName(self.tr("Authority"))
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
        self.coverage.setAccessibleName(self.tr("What the authority's standards cover"))
        self.region = QComboBox()
        self.region.setAccessibleName(self.tr("Bank holidays of"))
        for region in REGIONS:
            words = REGION_LABELS[region]
            self.region.addItem(self.tr(words), region)
        self.authority.currentIndexChanged.connect(self._on_authority)
        default = self.authority.findData(DEFAULT_AUTHORITY)
        self.authority.setCurrentIndex(max(default, 0))
        self._on_authority()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.passphrase.setPlaceholderText(
            self.tr("at least {count} characters").format(count=MIN_PASSPHRASE)
        )
        self.passphrase_hint = _hint_label(self.tr("About the passphrase"))
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("Passphrase again"))
        self.demo = QCheckBox(
            self.tr("Add a fictional caseload to try {app} with").format(app=APP_NAME)
        )
        self.error = _error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Set up {app}").format(app=APP_NAME))
        self.buttons.accepted.connect(self._on_set_up)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Your &name:"), self.name)
        form.addRow(self.tr("&Team:"), self.team)
        form.addRow("", self.name_hint)
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow(self.tr("&Authority:"), self.authority)
        form.addRow("", self.coverage)
        form.addRow(self.tr("&Bank holidays of:"), self.region)
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow("", self.passphrase_hint)
        form.addRow(self.tr("Passphrase &again:"), self.again)
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
        # Set-up runs before there is a workspace, so before any hub or runner exists (the
        # window and its hub are made from the workspace this returns): it writes directly.
        if self.passphrase.text() != self.again.text():
            _show_error(
                self.error, self.tr("the two passphrases are different; please type them again")
            )
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
