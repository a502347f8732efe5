"""One signal hub: every write announces what changed here, and views refresh from that."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    # What an operation changed (a visitdesk.services.changes.Changes), announced once by the
    # operation runner (visitdesk.ui.operations); every view refreshes from this alone.
    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Every window is built with a hub, so this is where the app's windows get what they
        # all need: the wheel never changes a control nobody is using, Enter presses the focused
        # button, and the bundled fonts let every script a caseload has show without boxes.
        from visitdesk.ui.fonts import register_app_fonts
        from visitdesk.ui.keys import install_keyboard_helper
        from visitdesk.ui.operations import Operations
        from visitdesk.ui.wheel_guard import install_wheel_guard

        # The one runner every write goes through (see visitdesk.ui.operations).
        self.ops = Operations(self, self)
        install_wheel_guard()
        install_keyboard_helper()
        register_app_fonts()
