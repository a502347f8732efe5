"""Where VisitDesk keeps its data, and where its shipped files are found."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from visitdesk import APP_NAME

ENV_DATA_DIR = "VISITDESK_DATA_DIR"
DATABASE_NAME = "visitdesk.db"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``VISITDESK_DATA_DIR``, else the user data dir."""
    chosen = override or os.environ.get(ENV_DATA_DIR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME


def _install_root() -> Path:
    # A frozen build (packaging/visitdesk.spec) keeps its data in the folder PyInstaller names
    # sys._MEIPASS, the _internal folder beside the executable; a source checkout or an
    # editable install finds it at the top of the repository.
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _install_root() / "resources"


def icons_dir() -> Path:
    """The app icon: visitdesk.svg and visitdesk-SIZE.png for sizes 16 to 512."""
    return resources_dir() / "icons"


def migrations_dir() -> Path:
    return _install_root() / "migrations"
