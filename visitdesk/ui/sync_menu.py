"""The Sync menu: enrol a device or join a team, send a bundle, take one in.

Saving a bundle or a card never writes into VisitDesk's data folder, and replaces an existing
file only when the person says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from visitdesk.errors import UserError
from visitdesk.fileio import TargetExists
from visitdesk.services import syncing
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub

BUNDLE_FILTER = "VisitDesk bundles (*.vdbundle);;All files (*)"
CARD_FILTER = "VisitDesk cards (*.vdcard);;All files (*)"

T = TypeVar("T")


class SyncMenu(QMenu):
    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget) -> None:
        super().__init__("&Sync", parent)
        self.ws = ws
        self.hub = hub
        self.window_ = parent
        self.waiting = QAction("", self)
        self.waiting.setEnabled(False)
        self.addAction(self.waiting)
        self.addSeparator()
        export = self.addAction("&Export a bundle…")
        export.setShortcut(QKeySequence("Ctrl+Shift+E"))
        export.triggered.connect(self._on_export)
        imp = self.addAction("&Import a bundle…")
        imp.setShortcut(QKeySequence("Ctrl+Shift+I"))
        imp.triggered.connect(self._on_import)
        self.addSeparator()
        card = self.addAction("Save &this installation's card…")
        card.setShortcut(QKeySequence("Ctrl+Shift+K"))
        card.triggered.connect(self._on_save_card)
        enrol_text = "&Enrol a worker's device…" if ws.is_manager else "&Join a team…"
        enrol = self.addAction(enrol_text)
        enrol.setShortcut(QKeySequence("Ctrl+Shift+J"))
        enrol.triggered.connect(self._on_enrol)
        self.aboutToShow.connect(self.update_waiting)

    # Dialogs the tests replace.
    def ask_save_path(self, title: str, suggested: str, filter_: str) -> str:
        # We ask before replacing a file ourselves, once we know it is not VisitDesk's own.
        name, _ = QFileDialog.getSaveFileName(
            self.window_,
            title,
            str(Path.home() / suggested),
            filter_,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        return name

    def ask_open_path(self, title: str, filter_: str) -> str:
        name, _ = QFileDialog.getOpenFileName(self.window_, title, str(Path.home()), filter_)
        return name

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self.window_, title, text)

    def warn(self, text: str) -> None:
        QMessageBox.warning(self.window_, "VisitDesk", text[:1].upper() + text[1:])

    def confirm_replace(self, target: Path) -> bool:
        from visitdesk.ui.printing import confirm_replace

        return confirm_replace(self.window_, target)

    def _save(self, write: Callable[[bool], T]) -> T | None:
        """Run ``write(overwrite)``; ask before replacing a file, warn on any other refusal."""
        overwrite = False
        while True:
            try:
                return write(overwrite)
            except TargetExists as exc:
                if overwrite or not self.confirm_replace(exc.target):
                    return None
                overwrite = True
            except UserError as exc:
                self.warn(str(exc))
                return None

    def update_waiting(self) -> str:
        waiting = syncing.waiting_to_send(self.ws)
        if not syncing.peers(self.ws):
            text = "Not connected to a team yet"
        elif not waiting:
            text = "Nothing waiting to be sent"
        else:
            labels = {
                "visits": ("visit record", "visit records"),
                "children": ("child", "children"),
                "plans": ("plan", "plans"),
                "addenda": ("addendum", "addenda"),
                "tasks": ("decision", "decisions"),
            }
            parts = ", ".join(
                f"{n} {labels.get(name, (name, name))[n != 1]}" for name, n in waiting.items()
            )
            text = f"Waiting to be sent: {parts}"
        self.waiting.setText(text)
        return text

    def _on_export(self) -> None:
        stamp = self.ws.now().strftime("%Y-%m-%d %H%M")
        path = self.ask_save_path("Save the bundle", f"VisitDesk {stamp}.vdbundle", BUNDLE_FILTER)
        if not path:
            return
        summary = self._save(
            lambda overwrite: syncing.export_bundle(self.ws, Path(path), overwrite=overwrite)
        )
        if summary is None:
            return
        self.tell(
            "Bundle saved",
            f"Bundle {summary.sequence} for {summary.peer_name} is saved "
            f"in {Path(path).name}: {summary.text()}.\n\nIt is encrypted: only "
            f"{summary.peer_name}'s VisitDesk can open it.",
        )

    def _on_import(self) -> None:
        path = self.ask_open_path("Open a bundle", BUNDLE_FILTER)
        if not path:
            return
        try:
            summary = syncing.import_bundle(self.ws, Path(path))
        except UserError as exc:
            self.warn(str(exc))
            return
        if summary.already_imported:
            self.tell("Nothing new", summary.text())
            return
        self.hub.caseloadChanged.emit()
        listing = summary.listing()
        self.tell(
            "Bundle imported",
            f"From {summary.peer_name}: {summary.text()}." + (f"\n\n{listing}" if listing else ""),
        )

    def _on_save_card(self) -> None:
        name = self.ws.identity.worker_name
        path = self.ask_save_path("Save this installation's card", f"{name}.vdcard", CARD_FILTER)
        if not path:
            return
        card = self._save(
            lambda overwrite: syncing.export_card(self.ws, Path(path), overwrite=overwrite)
        )
        if card is None:
            return
        self.tell(
            "Card saved",
            "Give this card to the other person. When they import it, "
            "read this fingerprint to each other and check it matches:\n\n"
            f"{card.fingerprint}",
        )

    def confirm_fingerprints(self, card: syncing.Card, mine: str, relation: str) -> bool:
        """Both fingerprints, before anything is enrolled: True only for "They match"."""
        what = "enrol the device of" if relation == "member" else "join the team of"
        box = QMessageBox(self.window_)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Check the fingerprints")
        box.setText(f"Before you {what} {card.name}, check this is really their card.")
        box.setInformativeText(
            f"Their card's fingerprint:\n{card.fingerprint}\n\n"
            f"Ask {card.name} to read the fingerprint their VisitDesk shows for their own card "
            "(Sync > Save this installation's card) aloud, in person or on the phone. "
            f"Yours, for them to check:\n{mine}"
        )
        match = box.addButton("They &match", QMessageBox.ButtonRole.AcceptRole)
        differ = box.addButton("They &don't match", QMessageBox.ButtonRole.RejectRole)
        # Enter alone never enrols: saying they match takes a deliberate choice.
        box.setDefaultButton(differ)
        box.exec()
        return box.clickedButton() is match

    def _on_enrol(self) -> None:
        path = self.ask_open_path("Open the other person's card", CARD_FILTER)
        if not path:
            return
        try:
            card = syncing.read_card(Path(path))
            relation = syncing.card_relation(self.ws, card)
        except UserError as exc:
            self.warn(str(exc))
            return
        mine = syncing.my_card(self.ws).fingerprint
        if not self.confirm_fingerprints(card, mine, relation):
            self.tell(
                "Nothing enrolled",
                "Nothing was enrolled. A card whose fingerprint does not match may not "
                f"be {card.name}'s: do not use it, and tell your IT service desk.",
            )
            return
        try:
            done = syncing.enrol(self.ws, card)
        except UserError as exc:
            self.warn(str(exc))
            return
        what = "Enrolled the device of" if done.relation == "member" else "Joined the team of"
        self.hub.caseloadChanged.emit()
        self.tell("Enrolled", f"{what} {done.name}. Bundles can now go between you.")
