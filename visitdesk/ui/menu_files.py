"""A menu whose actions open and save files: the file dialogs (which tests replace), a
refusal shown once, and asking before a file is replaced.

Saving never writes into VisitDesk's data folder, and replaces an existing file only when the
person says so. Every write goes through the hub's operation runner.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from visitdesk import APP_NAME
from visitdesk.errors import UserError
from visitdesk.fileio import TargetExists
from visitdesk.services.workspace import Workspace
from visitdesk.ui.hub import Hub

T = TypeVar("T")


class SavingMenu(QMenu):
    def __init__(self, title: str, ws: Workspace, hub: Hub, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.ws = ws
        self.hub = hub
        self.window_ = parent

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

    def ask_folder(self, title: str) -> str:
        return QFileDialog.getExistingDirectory(self.window_, title, str(Path.home()))

    def tell(self, title: str, text: str) -> None:
        QMessageBox.information(self.window_, title, text)

    def warn(self, text: str) -> None:
        QMessageBox.warning(self.window_, APP_NAME, text[:1].upper() + text[1:])

    def confirm_replace(self, target: Path) -> bool:
        from visitdesk.ui.printing import confirm_replace

        return confirm_replace(self.window_, target)

    def _run(
        self, op: Callable[[], object], on_refused: Callable[[UserError], None] | None = None
    ) -> object:
        """Run the write ``op`` through the runner; a refusal is a warning from this menu."""
        return self.hub.ops.run(
            op,
            parent=self.window_,
            on_refused=on_refused or (lambda exc: self.warn(str(exc))),
        )

    def _save(self, write: Callable[[bool], T]) -> T | None:
        """Run ``write(overwrite)``; ask before replacing a file, warn on any other refusal."""
        result, exists = self._try_saving(write, overwrite=False)
        if exists is None or not self.confirm_replace(exists.target):
            return result
        result, _exists = self._try_saving(write, overwrite=True)
        return result

    def _try_saving(
        self, write: Callable[[bool], T], *, overwrite: bool
    ) -> tuple[T | None, TargetExists | None]:
        """``write(overwrite)``'s result, or the file in the way, or a warning shown."""
        exists: list[TargetExists] = []

        def refused(exc: UserError) -> None:
            if isinstance(exc, TargetExists) and not overwrite:
                exists.append(exc)
            elif not isinstance(exc, TargetExists):
                self.warn(str(exc))

        result = self._run(lambda: write(overwrite), refused)
        return result, (exists[0] if exists else None)
