"""Logging to a rotating file in the data folder. Never log what a record says."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured: Path | None = None


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Send log messages to ``data_dir/logs/visitdesk.log`` (rotated at 1 MB, 5 kept)."""
    global _configured
    folder = data_dir / "logs"
    if _configured == folder:
        return folder / "visitdesk.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
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
