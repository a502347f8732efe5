"""Settings, About and the keyboard shortcuts: the installation's own screens.

Settings changes go through the workspace services (checked, audited by which setting changed,
never by what it says), run by the hub's operation runner; the dialogs only gather and show.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from visitdesk import APP_NAME, __version__
from visitdesk.errors import UserError
from visitdesk.services import workspace as workspace_service
from visitdesk.services.changes import Changes
from visitdesk.services.workspace import IDLE_LOCK_KEY, NUMBER_SETTINGS, Workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.operations import Operations

REGION_LABELS = {
    "england-and-wales": QT_TRANSLATE_NOOP("SettingsDialog", "England and Wales"),
    "scotland": QT_TRANSLATE_NOOP("SettingsDialog", "Scotland"),
    "northern-ireland": QT_TRANSLATE_NOOP("SettingsDialog", "Northern Ireland"),
}
BACKUPS_KEY = "backups_kept"
PLAN_WORDS = {
    "CIN": QT_TRANSLATE_NOOP("AboutDialog", "Child in Need"),
    "CP": QT_TRANSLATE_NOOP("AboutDialog", "Child Protection"),
    "CLA": QT_TRANSLATE_NOOP("AboutDialog", "Looked after"),
    "CP+CLA": QT_TRANSLATE_NOOP("AboutDialog", "Child Protection and looked after"),
    "unborn": QT_TRANSLATE_NOOP("AboutDialog", "Unborn children"),
}


def _spin(key: str, ws: Workspace, suffix: str) -> QSpinBox:
    what, low, high, _default = NUMBER_SETTINGS[key]
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(ws.number_setting(key))
    box.setSuffix(suffix)
    box.setAccessibleName(what[:1].upper() + what[1:])
    box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return box


class SettingsDialog(QDialog):
    """Idle lock, backups kept, region, and the name and team this installation goes by."""

    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = ws
        # Without a hub (the dialog opened on its own) settings are saved the same way.
        self.ops = hub.ops if hub is not None else Operations(None, self)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(480)
        who = ws.identity
        self.name = QLineEdit(who.worker_name)
        self.name.setAccessibleName(self.tr("Your name"))
        self.team = QLineEdit(who.team)
        self.team.setAccessibleName(self.tr("Team"))
        self.region = QComboBox()
        self.region.setAccessibleName(self.tr("Region"))
        self.region.setAccessibleDescription(
            self.tr("The nation whose bank holidays count for working days, for new children")
        )
        for value, label in REGION_LABELS.items():
            self.region.addItem(self.tr(label), value)
        self.region.setCurrentIndex(max(0, self.region.findData(who.region)))
        #: After a number: "15 minutes".
        self.idle = _spin(IDLE_LOCK_KEY, ws, self.tr(" minutes"))
        #: After a number: "10 backups".
        self.backups = _spin(BACKUPS_KEY, ws, self.tr(" backups"))
        form = QFormLayout()
        for label, widget in (
            (self.tr("Your &name:"), self.name),
            (self.tr("&Team:"), self.team),
            (self.tr("&Region:"), self.region),
            (self.tr("&Lock after:"), self.idle),
            (self.tr("&Keep:"), self.backups),
        ):
            form.addRow(label, widget)
        note = QLabel(
            self.tr(
                "A new name or team reaches your team with your next card. The region "
                "applies to children you add from now on."
            )
        )
        note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4000f; font-weight: bold;")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.renamed = False

    def _save_all(self) -> tuple[bool, Changes]:
        """Save every setting shown; (name or team changed, what changed in the records)."""
        ws, before = self.ws, self.ws.identity
        workspace_service.rename(ws, name=self.name.text(), team=self.team.text())
        workspace_service.change_region(ws, self.region.currentData())
        workspace_service.change_number_setting(ws, IDLE_LOCK_KEY, self.idle.value())
        workspace_service.change_number_setting(ws, BACKUPS_KEY, self.backups.value())
        after = ws.identity
        renamed = (before.worker_name, before.team) != (after.worker_name, after.team)
        return renamed, workspace_service.changes_of_settings()

    def _show_problem(self, exc: UserError) -> None:
        self.problem.setText(str(exc)[:1].upper() + str(exc)[1:])
        self.problem.show()

    def _on_save(self) -> None:
        renamed = self.ops.run(self._save_all, parent=self, on_refused=self._show_problem)
        if renamed is None:
            return
        self.renamed = renamed
        self.accept()

    @classmethod
    def ask(
        cls, ws: Workspace, parent: QWidget | None = None, *, hub: Hub | None = None
    ) -> tuple[bool, bool]:
        """Show the settings; returns (saved, name or team changed)."""
        dialog = cls(ws, parent, hub=hub)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        return saved, dialog.renamed


def about_text(ws: Workspace) -> str:
    """What Help > About says: the version, the standards in use and where the data is."""
    from visitdesk.services.facts import installation_authority

    authority = installation_authority(ws)
    lines = [
        f"<b>{APP_NAME} {__version__}</b>",
        QCoreApplication.translate(
            "AboutDialog",
            "Statutory visit records for children's social workers, kept encrypted on this "
            "computer.",
        ),
        "",
        #: {name} is the authority whose standards are in use.
        QCoreApplication.translate("AboutDialog", "<b>Standards:</b> {name}").format(
            name=_escape(authority.name)
        ),
    ]
    for key, words in PLAN_WORDS.items():
        names = [p.name for p in authority.plans.get(key, ())]
        if names:
            shown = ", ".join(_escape(n) for n in names)
        else:
            shown = QCoreApplication.translate("AboutDialog", "no standard set")
        plan = QCoreApplication.translate("AboutDialog", words)
        lines.append(f"&nbsp;&nbsp;{plan}: {shown}")
    lines += [
        "",
        #: {name} is the person; {role} is worker or manager, as stored.
        QCoreApplication.translate("AboutDialog", "<b>Signed in as:</b> {name} ({role})").format(
            name=_escape(ws.identity.worker_name), role=ws.identity.role
        ),
        #: {folder} is where the records are kept on this computer.
        QCoreApplication.translate("AboutDialog", "<b>Data folder:</b> {folder}").format(
            folder=_escape(str(ws.data_dir))
        ),
    ]
    return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AboutDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        self.setMinimumWidth(480)
        self.text = QLabel(about_text(ws))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, keys) for every action with a shortcut, in menu order, once each."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        what = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        what = what.rstrip(".…").strip()
        if keys and what and what not in seen:
            seen.add(what)
            rows.append((what, ", ".join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: every action's keys, read from the menus themselves."""

    def __init__(
        self,
        actions: Iterable[QAction],
        parent: QWidget | None = None,
        extra: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setMinimumSize(460, 420)
        rows = [*shortcut_rows(actions), *extra]
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (what, keys) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(what))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
