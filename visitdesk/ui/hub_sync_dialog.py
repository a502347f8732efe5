"""Sync > Send and receive: one sync with the team hub, shown as it goes, then what it did in
plain words ("Up to date", "Hub not reachable: working offline").

The sync runs on the operation runner's thread pool, so the window stays alive while a slow
connection is tried again. That is safe: the database's engine hands each thread a pooled
connection of its own (opened with ``check_same_thread`` off, every write in its own
``BEGIN IMMEDIATE`` transaction), as the caseload and the backups already use it. Locking or
closing the window waits for the runner's work first, and what the sync changed is announced
on the GUI thread when it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from visitdesk.errors import UserError
from visitdesk.services import hub_sync
from visitdesk.services.changes import Changes
from visitdesk.services.workspace import Workspace
from visitdesk.sync.hub_client import HubUnreachable
from visitdesk.ui.hub import Hub

ClientFactory = Callable[[], Any]
"""Makes the hub client to use (called on the sync's own thread); the hub's card's by default."""
CountWords = Callable[[str, int], str]
"""Says a count of one kind of record ("3 visit records"): the Sync menu's ``count_words``."""

_UNREACHABLE_PREFIX = "hub not reachable: "
# What a sync sent, in this order. A worker's open authorisation tasks travel with their
# records, so only a manager's count ("decisions") is news.
_SENT_ORDER = ("visits", "children", "plans", "addenda", "entries", "decisions")
_OFFLINE = "working offline ("


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def offline_reason(exc: UserError) -> str:
    """The reason inside "hub not reachable: working offline (connection refused)":
    "connection refused"; or what the hub said when it stayed busy."""
    text = str(exc)
    if text.startswith(_UNREACHABLE_PREFIX):
        text = text[len(_UNREACHABLE_PREFIX) :]
    if text.startswith(_OFFLINE) and text.endswith(")"):
        text = text[len(_OFFLINE) : -1]
    return text


class HubSyncDialog(QDialog):
    """Runs one send-and-receive and says how it went. :meth:`start` begins it; the Close
    button is off until it has finished (a sync is not stopped half-way)."""

    # (done, total, what) from the sync's thread; queued into the GUI thread by Qt.
    progressed = Signal(int, int, str)
    finished_sync = Signal()

    def __init__(
        self,
        ws: Workspace,
        hub: Hub,
        parent: QWidget | None = None,
        *,
        words: CountWords,
        client: ClientFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.hub = ws, hub
        self._words = words
        self._client = client
        self.running = False
        self.report: hub_sync.SyncReport | None = None
        self.error: BaseException | None = None
        self._may_have_changed = False
        self.setWindowTitle(self.tr("Send and receive"))
        self.setMinimumWidth(440)

        self.state = QLabel()
        self.state.setObjectName("syncState")
        self.state.setWordWrap(True)
        font = self.state.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.state.setFont(font)
        self.state.setAccessibleName(self.tr("Sync state"))
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel()
        self.detail.setObjectName("syncDetail")
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName(self.tr("What the sync did"))
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Sync progress"))
        self.bar.setTextVisible(False)
        self.refused = QLabel()
        self.refused.setObjectName("syncRefused")
        self.refused.setWordWrap(True)
        self.refused.setAccessibleName(self.tr("Bundles refused"))
        self.refused.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refused.setStyleSheet("color: #a4262c;")
        self.refused.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("&Close"))
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.state)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail)
        layout.addWidget(self.refused)
        layout.addWidget(self.buttons)
        self.progressed.connect(self._on_progress)

    # --- running ---------------------------------------------------------------------------

    def start(self) -> None:
        """Begin the sync on the runner's thread pool; the dialog follows it from there."""
        if self.running:
            return
        self.running = True
        self.report, self.error, self._may_have_changed = None, None, False
        self.close_button.setEnabled(False)
        self.bar.show()
        self.detail.hide()
        self.refused.hide()
        self._on_progress(0, 0, "Connecting to the hub")
        ws, make_client, progressed = self.ws, self._client, self.progressed

        def step(done: int, total: int, what: str) -> None:
            progressed.emit(done, total, what)

        def sync() -> hub_sync.SyncReport:
            client = make_client() if make_client is not None else None
            return hub_sync.send_and_receive(ws, client=client, progress=step)

        self.hub.ops.run_in_background(
            sync, what="a sync with the hub", on_done=self._on_done, on_failed=self._on_failed
        )

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, what: str) -> None:
        if not self.running:
            return  # a step reported after the end arrived
        if what == "Receiving":
            self._may_have_changed = True
            #: {number} counts the bundles taken in so far, of {total}.
            text = self.tr("Receiving bundle {number} of {total}…")
        elif what == "Sending":
            self._may_have_changed = True
            #: {number} counts the bundles sent so far, of {total}.
            text = self.tr("Sending bundle {number} of {total}…")
        elif what == "Done":
            text = self.tr("Finishing…")
        else:
            text = self.tr("Connecting to the hub…")
        self.state.setText(text.format(number=done + 1, total=total))
        if total <= 0:
            self.bar.setRange(0, 0)  # moving to and fro: how long is not known yet
        else:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _finish(self) -> None:
        self.running = False
        # Grown (or shrunk) to fit the words now shown: a wrapped line is never cut off.
        layout = self.layout()
        layout.activate()
        width = max(self.width(), self.minimumWidth())
        self.resize(width, layout.totalHeightForWidth(width))
        self.close_button.setEnabled(True)
        self.close_button.setFocus()
        self.finished_sync.emit()

    def _on_done(self, report: hub_sync.SyncReport) -> None:
        self.report = report
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.state.setText(self.state_text(report))
        self.detail.setText(self._what_it_did(report))
        self.detail.setVisible(bool(self.detail.text()))
        self._show_refused(report.refused)
        self._finish()

    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        if self._may_have_changed:
            # Bundles taken in before the sync stopped stay taken in: every view reloads.
            self.hub.ops.announce(Changes.everything())
        self.bar.hide()  # an empty bar would only say "nothing" a second time
        if isinstance(exc, HubUnreachable):
            self.state.setText(self.tr("Hub not reachable: working offline"))
            #: {reason} says why, in a few words ("connection refused").
            said = self.tr(
                "{reason} Your work is kept here and goes at the next sync: try again when "
                "you have a signal."
            )
            self.detail.setText(said.format(reason=_sentence(offline_reason(exc))))
        elif isinstance(exc, UserError):
            self.state.setText(_sentence(str(exc)))
            self.detail.setText("")
        else:
            # The runner has logged it, without its content.
            self.state.setText(self.tr("The sync stopped part-way; see the log."))
            self.detail.setText(
                self.tr("Nothing already sent or received is lost. Try again later.")
            )
        self.detail.setVisible(bool(self.detail.text()))
        self._finish()

    # --- words -----------------------------------------------------------------------------

    def state_text(self, report: hub_sync.SyncReport) -> str:
        """The report's state in plain words: "Up to date", "3 records waiting to go"."""
        records = sum(report.waiting.get(k, 0) for k in ("visits", "tasks"))
        if records == 1:
            return self.tr("1 record waiting to go")
        if records:
            return self.tr("%n records waiting to go", "", records)
        if report.waiting:
            return self.tr("Changes waiting to go")
        return self.tr("Up to date")

    def _what_it_did(self, report: hub_sync.SyncReport) -> str:
        lines = []
        kinds = sorted(
            (k for k, n in report.sent.items() if n),
            key=lambda k: _SENT_ORDER.index(k) if k in _SENT_ORDER else len(_SENT_ORDER),
        )
        if not self.ws.is_manager:
            kinds = [k for k in kinds if k not in ("tasks", "decisions")]
        sent = [
            self._words("tasks" if kind == "decisions" else kind, report.sent[kind])
            for kind in kinds
        ]
        if sent:
            #: {items} lists what went, for example "2 visit records, 1 child".
            lines.append(self.tr("Sent: {items}.").format(items=self.tr(", ").join(sent)))
        for summary in report.received:
            if summary.already_imported:
                continue
            #: {peer} sent what came in; {summary} says what it was.
            got = self.tr("From {peer}: {summary}.")
            lines.append(got.format(peer=summary.peer_name, summary=summary.text()))
        if not lines:
            lines.append(self.tr("Nothing new went or came in."))
        return "\n".join(lines)

    def _show_refused(self, refused: list[str]) -> None:
        if not refused:
            self.refused.hide()
            return
        if len(refused) == 1:
            head = self.tr("1 bundle from the hub was refused, and nothing in it applied:")
        else:
            head = self.tr(
                "%n bundles from the hub were refused, and nothing in them applied:",
                "",
                len(refused),
            )
        # Each reason once: one missing card refuses every bundle that manager sent.
        reasons = list(dict.fromkeys(_sentence(reason) for reason in refused))
        lines = [f"• {reason}" for reason in reasons[:10]]
        if len(reasons) > 10:
            #: {count} more reasons, not listed.
            lines.append(self.tr("… and {count} more").format(count=len(reasons) - 10))
        self.refused.setText("\n".join([head, *lines]))
        self.refused.show()

    # --- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        # Escape or the title bar's close while it runs: the sync is never left half-way.
        if not self.running:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        # A person cannot close it mid-sync. Locking can: the dialog is hidden (the sync goes
        # on, and the lock waits for it before the database is closed).
        if self.running:
            if event.spontaneous():
                event.ignore()
            else:
                self.hide()
                event.accept()
            return
        super().closeEvent(event)
