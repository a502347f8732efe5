"""Where VisitDesk keeps its data, and where its shipped files are found."""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

import platformdirs

from visitdesk import APP_NAME

log = logging.getLogger(__name__)

ENV_DATA_DIR = "VISITDESK_DATA_DIR"
DATABASE_NAME = "visitdesk.db"

# The backups folder in the data folder: the start-up backups, "visitdesk-<stamp>.vdbackup"
# (a second one in the same second "visitdesk-<stamp>-2.vdbackup"), and each database a
# restore replaced, in "replaced-<stamp>". A restore checks its copy of the backup beside the
# database first, as ".restore-<random>.db".
BACKUPS_DIR = "backups"
BACKUP_PREFIX = "visitdesk-"
BACKUP_SUFFIX = ".vdbackup"
REPLACED_PREFIX = "replaced-"
RESTORE_PREFIX = ".restore-"

# The records are special-category data about children: on Linux and macOS nobody but the
# person who runs VisitDesk may read its folder or anything in it, whatever the umask was.
PRIVATE_UMASK = 0o077
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
# What VisitDesk keeps in its data folder, so that making it private never touches anything
# else someone keeps there: folders that are wholly VisitDesk's (the start-up backups, the
# logs), and files named like VisitDesk's own (the database and its log and index, the
# instance lock, copies being written, the failed-unlock count).
OWN_FOLDERS = (BACKUPS_DIR, "logs")
OWN_PREFIXES = ("visitdesk", ".visitdesk", RESTORE_PREFIX, "failed-unlocks")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir``, else ``VISITDESK_DATA_DIR``, else the user data dir."""
    chosen = override or os.environ.get(ENV_DATA_DIR)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUPS_DIR


def list_backups(data_dir: Path) -> list[Path]:
    """The start-up backups in the data folder, oldest first."""
    folder = backups_dir(data_dir)
    try:
        found = [
            p
            for p in folder.iterdir()
            if p.is_file() and p.name.startswith(BACKUP_PREFIX) and p.name.endswith(BACKUP_SUFFIX)
        ]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name)


def latest_backup(data_dir: Path) -> Path | None:
    found = list_backups(data_dir)
    return found[-1] if found else None


def _private_modes() -> bool:
    # Windows has no mode bits to speak of; each person's data folder there is under their
    # own profile, which other users cannot open.
    return os.name == "posix"


def private_umask() -> int:
    """From now on this process makes files only its user can read; returns the old umask."""
    return os.umask(PRIVATE_UMASK)


def ensure_private_folder(folder: Path) -> Path:
    """Make ``folder`` (and any parents it needs) if missing, and make it private (0700).

    Raises :class:`OSError` if it cannot be made; an existing folder that cannot be changed
    (not this user's) is left as it is.
    """
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if _private_modes():
        _tighten(folder, PRIVATE_FOLDER_MODE)
    return folder


def _tighten(path: Path, mode: int) -> bool:
    """Take away the group's and others' access; False if that could not be done."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return True  # never follow a link out of the data folder
        current = stat.S_IMODE(info.st_mode)
        if current & ~mode:
            os.chmod(path, current & mode)
    except FileNotFoundError:
        return True  # gone meanwhile (a copy finished or was cleaned up)
    except OSError:
        return False
    return True


def _own_entry(name: str) -> bool:
    return name in OWN_FOLDERS or name.startswith(OWN_PREFIXES)


def make_private(folder: Path) -> None:
    """Make the data folder and everything VisitDesk keeps in it private: folders 0700, files
    0600 (at most). Repairs installations made before this rule; never fails for it."""
    if not _private_modes() or not folder.is_dir():
        return
    failed = 0 if _tighten(folder, PRIVATE_FOLDER_MODE) else 1
    try:
        top = [entry for entry in os.scandir(folder) if _own_entry(entry.name)]
    except OSError:
        top = []
    for entry in top:
        if entry.is_symlink():
            continue
        if not entry.is_dir(follow_symlinks=False):
            failed += not _tighten(Path(entry.path), PRIVATE_FILE_MODE)
            continue
        for root, _dirs, files in os.walk(entry.path):  # os.walk does not follow links
            failed += not _tighten(Path(root), PRIVATE_FOLDER_MODE)
            for name in files:
                failed += not _tighten(Path(root, name), PRIVATE_FILE_MODE)
    if failed:
        log.warning("%d files or folders in the data folder could not be made private", failed)


def write_private(path: Path, text: str) -> None:
    """Write a small text file only this user can read (on Linux and macOS), whatever the
    umask. Raises :class:`OSError`."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        if _private_modes():
            os.fchmod(fd, PRIVATE_FILE_MODE)  # an older file keeps its mode otherwise
        handle.write(text)


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
