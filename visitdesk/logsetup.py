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
