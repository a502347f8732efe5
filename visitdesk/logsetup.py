"""Logging to a rotating file in the data folder. Never log what a record says."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from visitdesk import paths

_configured: Path | None = None


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file only this user can read (on Linux and macOS).

    The log says nothing about records, but it does say when and how VisitDesk was used, and
    a new file is made at each rotation, so each one is made private as it is opened.
    """

    def _open(self):  # noqa: ANN202 - logging's own signature
        if os.name != "posix":
            return super()._open()
        fd = os.open(
            self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, paths.PRIVATE_FILE_MODE
        )
        try:
            os.fchmod(fd, paths.PRIVATE_FILE_MODE)  # a log from before this rule, too
        except OSError:
            pass  # not this user's file: writing to it is still better than no log
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Send log messages to ``data_dir/logs/visitdesk.log`` (rotated at 1 MB, 5 kept)."""
    global _configured
    folder = data_dir / "logs"
    if _configured == folder:
        return folder / "visitdesk.log"
    try:
        paths.ensure_private_folder(data_dir)
        paths.ensure_private_folder(folder)
        handler = _PrivateRotatingFileHandler(
            folder / "visitdesk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only data folder must not stop the app; it is reported elsewhere
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_visitdesk", False)]:
        root.removeHandler(old)
        old.close()
    handler._visitdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _configured = folder
    return folder / "visitdesk.log"


def stop_logging() -> None:
    """Close the log file (tests, and a data folder that is going away)."""
    global _configured
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_visitdesk", False)]:
        root.removeHandler(old)
        old.close()
    _configured = None


def describe_failure(exc: BaseException) -> str:
    """A failure for the log: where it happened and what kind of error it was.

    The error's own message is left out, because it may quote what a record says (a name in a
    key error, a value that failed to convert); the kind and the place are what support needs.
    """
    import traceback

    frames = "".join(traceback.format_tb(exc.__traceback__))
    kind = type(exc).__qualname__
    code = getattr(exc, "errno", None)
    return f"{kind}{f' (errno {code})' if code else ''}\n{frames}".rstrip()


def logging_to_file() -> bool:
    """Whether a log file in a data folder is being written (so a message may point to it)."""
    return _configured is not None
