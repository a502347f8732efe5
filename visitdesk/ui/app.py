"""Start the desktop app: first run or unlock, then the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from types import TracebackType

from visitdesk import APP_NAME, __version__, paths
from visitdesk.logsetup import setup_logging

log = logging.getLogger(__name__)


def _install_excepthook() -> None:
    """Log any uncaught error and show a calm message instead of a traceback."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        from PySide6.QtWidgets import QApplication, QMessageBox

        if QApplication.instance() is not None:
            QMessageBox.critical(
                None, APP_NAME,
                "Something went wrong. Your saved records are safe. The details are in the log; "
                "if it happens again, please tell your IT service desk.",
            )

    sys.excepthook = hook


def run_app(args: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QApplication

    from visitdesk.ui.dialogs import FirstRunDialog, UnlockDialog
    from visitdesk.ui.hub import Hub
    from visitdesk.ui.main_window import MainWindow

    folder = paths.data_dir(args.data_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    setup_logging(folder)
    _install_excepthook()
    log.info("VisitDesk %s starting", __version__)

    if paths.database_path(folder).exists():
        ws, ok = UnlockDialog.ask(folder)
    else:
        ws, ok = FirstRunDialog.ask(folder)
    if not ok or ws is None:
        return 0
    hub = Hub()
    window = MainWindow(ws, hub)
    screen = app.primaryScreen().availableGeometry()
    if screen.width() < 1440 or screen.height() < 900:
        window.showMaximized()  # a 1366x768 laptop needs every pixel
    else:
        window.show()
    try:
        return app.exec()
    finally:
        ws.close()
