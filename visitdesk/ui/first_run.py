"""The first-run dialog: set VisitDesk up on this computer, with a passphrase, who you are and
whose standards apply."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.names import MIN_PASSPHRASE
from visitdesk.services.workspace import Workspace, initialise
from visitdesk.ui.dialog_parts import (
    _error_label,
    _hint_label,
    _name_hint,
    _OpensWorkspace,
    _passphrase_hint,
    _show_error,
    _show_hint,
)

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
