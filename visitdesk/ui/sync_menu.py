"""The Sync menu: send and receive through the team hub, enrol a device, join a team or a
hub, send a bundle, take one in.

Saving a bundle or a card never writes into VisitDesk's data folder, and replaces an existing
file only when the person says so. Every write goes through the hub's operation runner, which
shows a refusal here once and announces what changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services import hub_sync, syncing
from visitdesk.services.changes import NOTHING
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub
from visitdesk.ui.hub_sync_dialog import HubSyncDialog
from visitdesk.ui.menu_files import SavingMenu

# Translated where the file dialog is opened.
#: Keep "(*.vdbundle)" and "(*)" as they are: the file dialog reads them.
BUNDLE_FILTER = QT_TRANSLATE_NOOP("SyncMenu", "VisitDesk bundles (*.vdbundle);;All files (*)")
#: Keep "(*.vdcard)" and "(*)" as they are: the file dialog reads them.
CARD_FILTER = QT_TRANSLATE_NOOP("SyncMenu", "VisitDesk cards (*.vdcard);;All files (*)")


class SyncMenu(SavingMenu):
    def __init__(self, ws: Workspace, hub: Hub, parent: QWidget) -> None:
        super().__init__(self.tr("&Sync"), ws, hub, parent)
        self.waiting = QAction("", self)
        self.waiting.setEnabled(False)
        self.addAction(self.waiting)
        self.addSeparator()
        # Ctrl+Shift+R is File > Restore from a backup; S for sync.
        self.send_receive = self.addAction(self.tr("Send and &receive"))
        self.send_receive.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.send_receive.triggered.connect(self.send_and_receive)
        # Set by tests to reach the hub with fewer retries; the hub's card's client if None.
        self.client_factory = None
        self.sync_dialog = None
        self.addSeparator()
        export = self.addAction(self.tr("&Export a bundle…"))
        export.setShortcut(QKeySequence("Ctrl+Shift+E"))
        export.triggered.connect(self._on_export)
        imp = self.addAction(self.tr("&Import a bundle…"))
        imp.setShortcut(QKeySequence("Ctrl+Shift+I"))
        imp.triggered.connect(self._on_import)
        self.addSeparator()
        card = self.addAction(self.tr("Save &this installation's card…"))
        card.setShortcut(QKeySequence("Ctrl+Shift+K"))
        card.triggered.connect(self._on_save_card)
        enrol_text = (
            self.tr("&Enrol a worker's device…") if ws.is_manager else self.tr("&Join a team…")
        )
        enrol = self.addAction(enrol_text)
        enrol.setShortcut(QKeySequence("Ctrl+Shift+J"))
        enrol.triggered.connect(self._on_enrol)
        self.aboutToShow.connect(self.update_waiting)
        self.update_hub_action()

    def update_hub_action(self) -> syncing.Card | None:
        """Send and receive is on once a hub's card has been imported; the hub's card, if so."""
        card = hub_sync.hub_card(self.ws)
        self.send_receive.setEnabled(card is not None)
        if card is not None:
            #: {hub} is the team hub's name, from its card.
            tip = self.tr("Send your work to {hub} and take in what waits for you there")
            self.send_receive.setStatusTip(tip.format(hub=card.name))
        elif self.ws.is_manager:
            self.send_receive.setStatusTip(
                self.tr("Import the hub's card first (Sync > Enrol a worker's device…)")
            )
        else:
            self.send_receive.setStatusTip(
                self.tr("Import the hub's card first (Sync > Join a team…)")
            )
        return card

    def update_waiting(self) -> str:
        waiting = syncing.waiting_to_send(self.ws)
        card = self.update_hub_action()
        if not syncing.peers(self.ws):
            text = self.tr("Not connected to a team yet")
        elif not waiting and card is not None:
            #: {hub} is the team hub's name, from its card.
            text = self.tr("Nothing waiting to be sent; syncs through {hub}").format(hub=card.name)
        elif not waiting:
            text = self.tr("Nothing waiting to be sent")
        else:
            #: Between the items of a list, as in "2 visit records, 1 child".
            comma = self.tr(", ")
            parts = comma.join(count_words(name, n) for name, n in waiting.items())
            #: {items} lists the counts, for example "2 visit records, 1 child".
            text = self.tr("Waiting to be sent: {items}").format(items=parts)
        self.waiting.setText(text)
        return text

    def send_and_receive(self) -> None:
        """Sync > Send and receive: one sync with the hub, in its own small window."""
        if not self.update_hub_action():
            return  # the card was taken away since the menu was last shown
        dialog = self.sync_dialog
        if dialog is not None and dialog.running:
            dialog.show()  # one sync at a time: bring the running one back into view
            dialog.raise_()
            return
        if dialog is not None:
            dialog.deleteLater()
        self.sync_dialog = HubSyncDialog(
            self.ws, self.hub, self.window_, words=count_words, client=self.client_factory
        )
        self.sync_dialog.open()
        self.sync_dialog.start()

    def _on_export(self) -> None:
        stamp = self.ws.now().strftime("%Y-%m-%d %H%M")
        path = self.ask_save_path(
            self.tr("Save the bundle"), f"{APP_NAME} {stamp}.vdbundle", self.tr(BUNDLE_FILTER)
        )
        if not path:
            return
        summary = self._save(
            lambda overwrite: syncing.export_bundle(self.ws, Path(path), overwrite=overwrite)
        )
        if summary is None:
            return
        #: {number} is the bundle's number; {peer} who it is for; {file} the file's name; {summary}
        #: what is in it; {app} is VisitDesk.
        saved = self.tr(
            "Bundle {number} for {peer} is saved in {file}: {summary}.\n\nIt is encrypted: "
            "only {peer}'s {app} can open it."
        )
        self.tell(
            self.tr("Bundle saved"),
            saved.format(
                number=summary.sequence,
                peer=summary.peer_name,
                file=Path(path).name,
                summary=summary.text(),
                app=APP_NAME,
            ),
        )

    def _on_import(self) -> None:
        path = self.ask_open_path(self.tr("Open a bundle"), self.tr(BUNDLE_FILTER))
        if not path:
            return
        summary = self._run(lambda: syncing.import_bundle(self.ws, Path(path)))
        if summary is None:
            return
        if summary.already_imported:
            self.tell(self.tr("Nothing new"), summary.text())
            return
        listing = summary.listing()
        #: {peer} is who sent the bundle; {summary} what was in it.
        said = self.tr("From {peer}: {summary}.").format(
            peer=summary.peer_name, summary=summary.text()
        )
        self.tell(self.tr("Bundle imported"), said + (f"\n\n{listing}" if listing else ""))

    def _on_save_card(self) -> None:
        name = self.ws.identity.worker_name
        path = self.ask_save_path(
            self.tr("Save this installation's card"), f"{name}.vdcard", self.tr(CARD_FILTER)
        )
        if not path:
            return
        # Saving the card is noted in the audit trail; no record changes.
        card = self._save(
            lambda overwrite: (
                syncing.export_card(self.ws, Path(path), overwrite=overwrite),
                NOTHING,
            )
        )
        if card is None:
            return
        self.tell(
            self.tr("Card saved"),
            self.tr(
                "Give this card to the other person. When they import it, read this "
                "fingerprint to each other and check it matches:\n\n{fingerprint}"
            ).format(fingerprint=card.fingerprint),
        )

    def confirm_fingerprints(self, card: syncing.Card, mine: str, relation: str) -> bool:
        """Both fingerprints, before anything is enrolled: True only for "They match"."""
        if relation == "hub":
            return self._confirm_hub(card, mine)
        if relation == "member":
            before = self.tr(
                "Before you enrol the device of {name}, check this is really their card."
            )
        else:
            before = self.tr("Before you join the team of {name}, check this is really their card.")
        box = QMessageBox(self.window_)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Check the fingerprints"))
        box.setText(before.format(name=card.name))
        box.setInformativeText(
            #: {theirs} and {mine} are the two fingerprints, groups of letters and digits to read
            #: aloud; {name} is the other person; {app} is VisitDesk.
            self.tr(
                "Their card's fingerprint:\n{theirs}\n\nAsk {name} to read the fingerprint "
                "their {app} shows for their own card (Sync > Save this installation's card) "
                "aloud, in person or on the phone. Yours, for them to check:\n{mine}"
            ).format(theirs=card.fingerprint, name=card.name, app=APP_NAME, mine=mine)
        )
        return self._ask_match(box)

    def _confirm_hub(self, card: syncing.Card, mine: str) -> bool:
        """A hub's card: its fingerprint against the one the IT service desk gave out."""
        box = QMessageBox(self.window_)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Check the fingerprints"))
        #: {name} is the team hub's name, from its card.
        box.setText(self.tr("Sync through {name}?").format(name=card.name))
        box.setInformativeText(
            #: {theirs} and {mine} are fingerprints, groups of letters and digits to read aloud.
            self.tr(
                "Check this is really the hub's card: its fingerprint must match the one your "
                "IT service desk gave you for the hub, on paper or on the phone.\n\nThe hub's "
                "card's fingerprint:\n{theirs}\n\nThis installation's, for the IT service "
                "desk to check when they enrol it at the hub:\n{mine}"
            ).format(theirs=card.fingerprint, mine=mine)
        )
        return self._ask_match(box)

    def _ask_match(self, box: QMessageBox) -> bool:
        match = box.addButton(self.tr("They &match"), QMessageBox.ButtonRole.AcceptRole)
        differ = box.addButton(self.tr("They &don't match"), QMessageBox.ButtonRole.RejectRole)
        # Enter alone never enrols: saying they match takes a deliberate choice.
        box.setDefaultButton(differ)
        box.exec()
        return box.clickedButton() is match

    def _on_enrol(self) -> None:
        path = self.ask_open_path(self.tr("Open the other person's card"), self.tr(CARD_FILTER))
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
            if relation == "hub":
                refused = self.tr(
                    "Nothing was enrolled. A card whose fingerprint does not match may not be "
                    "your team's hub: do not use it, and tell your IT service desk."
                )
            else:
                refused = self.tr(
                    "Nothing was enrolled. A card whose fingerprint does not match may not be "
                    "{name}'s: do not use it, and tell your IT service desk."
                )
            self.tell(self.tr("Nothing enrolled"), refused.format(name=card.name))
            return
        done = self._run(lambda: syncing.enrol(self.ws, card))
        if done is None:
            return
        self.update_hub_action()
        if done.relation == "hub":
            said = self.tr(
                "This installation will sync through {name}. Use Sync > Send and receive "
                "whenever you have a signal."
            )
        elif done.relation == "member":
            said = self.tr("Enrolled the device of {name}. Bundles can now go between you.")
        else:
            said = self.tr("Joined the team of {name}. Bundles can now go between you.")
        self.tell(self.tr("Enrolled"), said.format(name=done.name))


def count_words(kind: str, n: int) -> str:
    """ "1 visit record", "3 children": a count of one kind of work syncing says is waiting."""
    one = n == 1
    if kind == "visits":
        return SyncMenu.tr("1 visit record") if one else SyncMenu.tr("%n visit records", "", n)
    if kind == "children":
        return SyncMenu.tr("1 child") if one else SyncMenu.tr("%n children", "", n)
    if kind == "plans":
        return SyncMenu.tr("1 plan") if one else SyncMenu.tr("%n plans", "", n)
    if kind == "addenda":
        return SyncMenu.tr("1 addendum") if one else SyncMenu.tr("%n addenda", "", n)
    if kind == "tasks":
        return SyncMenu.tr("1 decision") if one else SyncMenu.tr("%n decisions", "", n)
    if kind == "entries":
        return (
            SyncMenu.tr("1 case-system entry")
            if one
            else SyncMenu.tr("%n case-system entries", "", n)
        )
    return f"{n} {kind}"  # a kind this version has no words for, by its name
