"""The main window's caseload: shown from what was remembered, worked out afresh in the
background, and kept up to date from ``hub.changed``."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.services.caseload import CaseloadRow, recall, refresh_child, work_out
from visitdesk.services.changes import NOTHING, Changes

log = logging.getLogger(__name__)


class CaseloadRefreshMixin:
    """Part of ``MainWindow``: the caseload it shows and when it is worked out again. Its
    text is translated in the window's own context, "MainWindow"."""

    def refresh_caseload(self) -> None:
        """Show the caseload; if what was remembered is out of date, show it while a fresh one
        is worked out in the background (the first start of a day, after an import)."""
        try:
            recalled = recall(self.ws)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        self._stale_children.clear()
        if recalled is not None:
            self._rows = recalled[0]
            self.caseload.set_rows(self._rows, self.ws.today())
            if recalled[1]:
                return
        self.caseload.show_updating(recalled is not None)
        self._start_working_out()

    def _start_working_out(self) -> None:
        if self._working_out:
            self._work_again = True
            return
        self._work_again = False
        self._working_out = True
        ws = self.ws
        # Working the caseload out remembers it for the next start; no record changes.
        self.hub.ops.run_in_background(
            lambda: (work_out(ws), NOTHING),
            what="working out the caseload",
            on_done=self._on_rows_ready,
            on_failed=self._on_rows_failed,
        )

    @property
    def caseload_ready(self) -> bool:
        """True once the caseload shown is current (tests and benchmarks wait for this)."""
        return not self._working_out

    def _worked_out(self) -> bool:
        """Note the background work is over; True if its rows may be shown (nothing changed
        meanwhile that needs it done again, and the window is not locked)."""
        self._working_out = False
        if self.is_locked or self.ws.locked:
            return False  # unlocking works the caseload out afresh
        if self._work_again:
            self._start_working_out()
            return False
        return True

    def _on_rows_ready(self, rows: list[CaseloadRow]) -> None:
        if self._worked_out():
            self._rows = rows
            self.caseload.set_rows(rows, self.ws.today())

    def _on_rows_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):  # locked or closed meanwhile, or a storage problem
            log.info("the caseload was not worked out: %s", exc.__class__.__name__)
        if self._worked_out():
            self.caseload.summary.setText(
                QCoreApplication.translate(
                    "MainWindow", "The caseload could not be worked out; see the log"
                )
            )

    def _refresh_stale(self) -> None:
        """Work out again only the children whose records changed while the caseload was hidden."""
        for child_id in sorted(self._stale_children):
            self._rows = refresh_child(self.ws, self._rows, child_id)
        self._stale_children.clear()
        self.caseload.set_rows(self._rows, self.ws.today())

    def new_household_visit(self, child_id: str) -> None:
        """The caseload's "New household visit" for the child chosen: which of their household
        the visit is for is asked, then the visit's form opens."""
        from visitdesk.ui.household_picker import start_household_visit

        if self.is_locked or not child_id:
            return
        household_visit = start_household_visit(self.ws, self.hub, child_id, self)
        if household_visit is not None:
            self.open_household_visit(household_visit)

    def _on_changed(self, changes: Changes) -> None:
        """Bring what the window shows up to date with what an operation changed."""
        if self.is_locked or self.ws.locked:
            return  # nothing is shown; unlocking shows everything afresh
        if changes.caseload:
            self.refresh_caseload()
        elif changes.children:
            # A hidden caseload is brought up to date when it is next shown.
            self._stale_children |= changes.children
            if self.pages.currentWidget() is self.caseload:
                self._refresh_stale()
        # The child's page and the authorisations reload themselves from the same signal.
