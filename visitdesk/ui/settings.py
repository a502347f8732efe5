"""Settings, About and the keyboard shortcuts: the installation's own screens.

Settings changes go through the workspace services (checked, audited by which setting changed,
never by what it says); the dialogs only gather and show.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
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
from visitdesk.services.workspace import IDLE_LOCK_KEY, NUMBER_SETTINGS, Workspace

REGION_LABELS = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
BACKUPS_KEY = "backups_kept"
PLAN_WORDS = {
    "CIN": "Child in Need",
    "CP": "Child Protection",
    "CLA": "Looked after",
    "CP+CLA": "Child Protection and looked after",
    "unborn": "Unborn children",
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

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("Settings")
        self.setMinimumWidth(480)
        who = ws.identity
        self.name = QLineEdit(who.worker_name)
        self.name.setAccessibleName("Your name")
        self.team = QLineEdit(who.team)
        self.team.setAccessibleName("Team")
        self.region = QComboBox()
        self.region.setAccessibleName("Region")
        self.region.setAccessibleDescription(
            "The nation whose bank holidays count for working days, for new children"
        )
        for value, label in REGION_LABELS.items():
            self.region.addItem(label, value)
        self.region.setCurrentIndex(max(0, self.region.findData(who.region)))
        self.idle = _spin(IDLE_LOCK_KEY, ws, " minutes")
        self.backups = _spin(BACKUPS_KEY, ws, " backups")
        form = QFormLayout()
        for label, widget in (
            ("Your &name:", self.name),
            ("&Team:", self.team),
            ("&Region:", self.region),
            ("&Lock after:", self.idle),
            ("&Keep:", self.backups),
        ):
            form.addRow(label, widget)
        note = QLabel(
            "A new name or team reaches your team with your next card. The region "
            "applies to children you add from now on."
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

    def _on_save(self) -> None:
        before = self.ws.identity
        try:
            workspace_service.rename(self.ws, name=self.name.text(), team=self.team.text())
            workspace_service.change_region(self.ws, self.region.currentData())
            workspace_service.change_number_setting(self.ws, IDLE_LOCK_KEY, self.idle.value())
            workspace_service.change_number_setting(self.ws, BACKUPS_KEY, self.backups.value())
        except UserError as exc:
            self.problem.setText(str(exc)[:1].upper() + str(exc)[1:])
            self.problem.show()
            return
        after = self.ws.identity
        self.renamed = (before.worker_name, before.team) != (after.worker_name, after.team)
        self.accept()

    @classmethod
    def ask(cls, ws: Workspace, parent: QWidget | None = None) -> tuple[bool, bool]:
        """Show the settings; returns (saved, name or team changed)."""
        dialog = cls(ws, parent)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        return saved, dialog.renamed


def about_text(ws: Workspace) -> str:
    """What Help > About says: the version, the standards in use and where the data is."""
    from visitdesk.services.facts import installation_authority

    authority = installation_authority(ws)
    lines = [
        f"<b>{APP_NAME} {__version__}</b>",
        "Statutory visit records for children's social workers, kept encrypted on this computer.",
        "",
        f"<b>Standards:</b> {_escape(authority.name)}",
    ]
    for key, words in PLAN_WORDS.items():
        names = [p.name for p in authority.plans.get(key, ())]
        shown = ", ".join(_escape(n) for n in names) if names else "no standard set"
        lines.append(f"&nbsp;&nbsp;{words}: {shown}")
    lines += [
        "",
        f"<b>Signed in as:</b> {_escape(ws.identity.worker_name)} ({ws.identity.role})",
        f"<b>Data folder:</b> {_escape(str(ws.data_dir))}",
    ]
    return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AboutDialog(QDialog):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
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
        self.setWindowTitle("Keyboard shortcuts")
        self.setMinimumSize(460, 420)
        rows = [*shortcut_rows(actions), *extra]
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.setAccessibleName("Keyboard shortcuts")
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
