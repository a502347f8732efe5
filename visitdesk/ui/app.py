"""Start the desktop app: one per data folder, first run or unlock, then the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from visitdesk import APP_NAME, __version__, paths
from visitdesk.errors import UserError
from visitdesk.logsetup import describe_failure, setup_logging
from visitdesk.ui.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

# Marked without Qt (which may not load here): it is translated as it is shown.
CALM = QT_TRANSLATE_NOOP(
    "App",
    "Something went wrong. Your saved records are safe. The details are in the log; "
    "if it happens again, please tell your IT service desk.",
)


def tell(message: str, *, critical: bool = False) -> None:
    """Show one message in a dialog (tests replace this)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        print(f"visitdesk: {message}", file=sys.stderr)
        return
    text = message[:1].upper() + message[1:]
    if critical:
        QMessageBox.critical(None, APP_NAME, text)
    else:
        QMessageBox.warning(None, APP_NAME, text)


def explain(value: BaseException) -> str:
    """What to tell a person about an error nobody caught: a storage problem in plain words,
    anything else as a calm general message."""
    from PySide6.QtCore import QCoreApplication

    from visitdesk.storage.errors import storage_problem

    if isinstance(value, UserError):
        return str(value)
    problem = storage_problem(value)
    return str(problem) if problem is not None else QCoreApplication.translate("App", CALM)


def _install_excepthook() -> None:
    """Log any uncaught error and show a calm message instead of a traceback."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught error: %s", describe_failure(value.with_traceback(tb)))
        tell(explain(value), critical=True)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        value = args.exc_value or args.exc_type()
        log.error(
            "uncaught error in thread %s: %s",
            getattr(args.thread, "name", "?"),
            describe_failure(value.with_traceback(args.exc_traceback)),
        )

    sys.excepthook = hook
    threading.excepthook = thread_hook


DESKTOP_FILE_NAME = "uk.org.visitdesk.VisitDesk"  # matches packaging/linux's .desktop entry


def _set_icon(app) -> None:  # noqa: ANN001 - QApplication
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(paths.icons_dir() / f"visitdesk-{size}.png"))
    app.setWindowIcon(icon)
    # On Wayland this is how the window is matched to its menu entry and icon.
    app.setDesktopFileName(DESKTOP_FILE_NAME)


def run_app(args: argparse.Namespace) -> int:
    from visitdesk.ui.platform_check import check_display

    check_display()  # one line and exit 2 where Qt would abort with a core dump

    from PySide6.QtWidgets import QApplication

    from visitdesk.storage.instance import InstanceLock
    from visitdesk.ui.first_run import FirstRunDialog
    from visitdesk.ui.i18n import install_translators
    from visitdesk.ui.unlock import UnlockDialog

    folder = paths.data_dir(args.data_dir)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    _set_icon(app)
    setup_logging(folder)
    _install_excepthook()
    log.info("VisitDesk %s starting", __version__)
    install_translators()  # before the first dialog, so every window speaks one language

    instance = InstanceLock(folder)
    try:
        instance.acquire()
    except UserError as exc:
        log.info("not starting: %s", exc.__class__.__name__)
        tell(str(exc))
        return exc.exit_code
    try:
        _remove_leftovers(folder)
        if paths.database_path(folder).exists():
            ws, ok = UnlockDialog.ask(folder)
        else:
            ws, ok = FirstRunDialog.ask(folder)
        if not ok or ws is None:
            return 0
        # Only now: the unlock dialog should not wait for the main window's imports.
        from visitdesk.ui.hub import Hub
        from visitdesk.ui.main_window import MainWindow

        hub = Hub()
        window = MainWindow(ws, hub)
        screen = app.primaryScreen().availableGeometry()
        if screen.width() < 1440 or screen.height() < 900:
            window.showMaximized()  # a 1366x768 laptop needs every pixel
        else:
            window.show()
        window.start_backup()
        try:
            return app.exec()
        finally:
            window.wait_for_background_work()
            ws.close()
    finally:
        instance.release()


def _remove_leftovers(folder: Path) -> None:
    """Under the instance lock, no re-key or restore can be under way: clear what an
    interrupted one left behind (encrypted copies, never the database or its backups)."""
    from visitdesk.services.backup import clear_interrupted_work

    removed = clear_interrupted_work(folder)
    if removed:
        log.info("removed %d leftover file(s) of an interrupted re-key or restore", len(removed))
