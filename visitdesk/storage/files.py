"""The database's files on disk: its log, notes of damage, flushing, renaming into place.

Plain file work only (no SQL), so it is cheap to load and safe wherever a file is checked.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import stat
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from visitdesk.errors import UserError
from visitdesk.fileio import fsync_folder
from visitdesk.storage.errors import DiskFull, StorageReadOnly

log = logging.getLogger(__name__)

# SQLCipher 4's default page size: a whole database file is always a multiple of it.
PAGE_SIZE = 4096


def sidecars(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and its index, which belong to the database file beside them."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def file_size(path: Path) -> int:
    """The size of the file at ``path``, or 0 if it cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- damage found earlier -----------------------------------------------------------------
#
# Damage found by any check is remembered in a small plain file beside the database, so that
# no later command writes onto the damaged file, however cheap its own check. The file holds
# when and how the damage was found and which file it was found in (its inode and the random
# salt SQLCipher keeps at its start), never anything the database holds. Putting another file
# in place (a restore) makes it stale, and a full check that passes removes it.

DAMAGE_SUFFIX = ".damaged"


def damage_marker(path: Path) -> Path:
    return path.with_name(path.name + DAMAGE_SUFFIX)


def _file_identity(path: Path) -> dict[str, Any] | None:
    try:
        info = path.stat()
        with open(path, "rb") as handle:
            salt = handle.read(16)
    except OSError:
        return None
    return {"inode": info.st_ino, "salt": salt.hex()}


def note_damage(path: Path, found_by: str) -> None:
    """Remember that the database at ``path`` was found damaged (by ``found_by``)."""
    marker = damage_marker(path)
    body = json.dumps(
        {
            "found_by": found_by,
            "found_at": datetime.now().isoformat(" ", "seconds"),
            "file": _file_identity(path),
        }
    )
    temp = marker.with_name(marker.name + ".part")
    try:
        temp.write_text(body + "\n", encoding="ascii")
        os.replace(temp, marker)
    except OSError:
        # A read-only folder must not hide the damage message itself.
        log.warning("could not note that the database is damaged")
        with contextlib.suppress(OSError):
            temp.unlink()
    else:
        log.warning("database damage found (%s); noted beside the database", found_by)


def known_damage(path: Path) -> str | None:
    """How damage to the database at ``path`` was found, if it has been; else None.

    A note about a file that is no longer there (a backup has been restored in its place) is
    removed and counts for nothing.
    """
    marker = damage_marker(path)
    try:
        raw = marker.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return "an earlier check"
    try:
        note = json.loads(raw)
        found_by, file = str(note["found_by"]), note["file"]
    except (ValueError, KeyError, TypeError):
        return "an earlier check"  # unreadable: keep refusing until a full check passes
    current = _file_identity(path)
    if current is None or (file is not None and file != current):
        clear_damage(path)
        return None
    return found_by


def clear_damage(path: Path) -> None:
    """Forget earlier damage: a full check has just passed."""
    with contextlib.suppress(OSError):
        damage_marker(path).unlink()


# --- leftovers ----------------------------------------------------------------------------

# What an interrupted passphrase change leaves: its unfinished copy under the new key, named
# by temp_beside (".visitdesk.db.<random>.rekey"), and that copy's log and index.
_REKEY_LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]+\.rekey(?:-wal|-shm|-journal)?$")


def remove_rekey_leftovers(folder: Path) -> list[Path]:
    """Remove what an interrupted passphrase change left in ``folder``; returns what went.

    Only the unfinished copies a re-key writes (and their log files) match: never the
    database, its own log, a backup or anything in a sub-folder. Safe when there is nothing
    to remove or no folder. Call it only while holding the data folder's instance lock, which
    a passphrase change holds throughout, so that a re-key in progress is never touched.
    """
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    removed = []
    for entry in entries:
        if not _REKEY_LEFTOVER.match(entry.name):
            continue
        try:
            if not stat.S_ISREG(entry.lstat().st_mode):
                continue
            entry.unlink()
        except OSError:
            log.warning("could not remove a leftover of a passphrase change")
            continue
        removed.append(entry)
    if removed:
        log.info("removed %d leftover file(s) of an interrupted passphrase change", len(removed))
    return sorted(removed)


# --- writing files safely -----------------------------------------------------------------


def fsync_file(path: Path) -> None:
    # Opened for writing: Windows refuses to flush a file opened only for reading.
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(source: Path, target: Path) -> None:
    """The one step that swaps a finished file into place (tests make it fail)."""
    os.replace(source, target)


def temp_beside(target: Path, label: str) -> Path:
    """A new empty file beside ``target`` (".<name>.<random>.<label>") to build a copy in."""
    try:
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=f".{label}"
        )
    except OSError as exc:
        raise os_problem(exc, target) from None
    os.close(fd)
    return Path(name)


def os_problem(exc: OSError, target: Path) -> UserError:
    """A plain message for a failure to write ``target``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            f"the disk is full, so {target.name} was not written; free some space and try again"
        )
    if exc.errno == errno.EROFS or isinstance(exc, PermissionError):
        return StorageReadOnly(
            f"VisitDesk may not write in {target.parent}; "
            "choose another folder or ask your IT service desk"
        )
    if isinstance(exc, FileNotFoundError):
        return UserError(f"the folder {target.parent} does not exist; choose another folder")
    return UserError(f"{target.name} was not written ({exc.strerror or exc}); try again")


def drop_empty_sidecars(path: Path) -> None:
    """Remove a checkpointed (empty) log and its index before another file takes the name.

    A log left beside a different database file would be applied to it, so refuse if the
    log still holds anything.
    """
    wal, shm = sidecars(path)
    if wal.exists() and wal.stat().st_size > 0:
        raise UserError("another program is using the database; close it and try again")
    for leftover in (wal, shm):
        leftover.unlink(missing_ok=True)


def swap_in(path: Path, replacement: Path, keep_in: Path) -> Path | None:
    """Put the finished database file ``replacement`` at ``path``.

    The database there before (with its log) is kept in the folder ``keep_in`` first, by a
    hard link where the disk allows it, so nothing is lost whatever happens next. Returns
    where the old database was kept, or None if there was none.
    """
    kept: Path | None = None
    made: list[Path] = []
    if path.exists():
        keep_in.mkdir(parents=True, exist_ok=True)
        for source in (path, sidecars(path)[0]):
            if not source.exists():
                continue
            destination = keep_in / source.name
            try:
                os.link(source, destination)
            except OSError:
                import shutil

                shutil.copy2(source, destination)  # the database is closed: not a live copy
            made.append(destination)
            fsync_file(destination)
        fsync_folder(keep_in)
        kept = keep_in / path.name
        for leftover in sidecars(path):
            leftover.unlink(missing_ok=True)
    try:
        replace_file(replacement, path)
    except OSError:
        # Put the old log back beside the old file, and take back the copies: as before.
        wal = sidecars(path)[0]
        if keep_in / wal.name in made and not wal.exists():
            with contextlib.suppress(OSError):
                os.link(keep_in / wal.name, wal)
        for copy in made:
            with contextlib.suppress(OSError):
                copy.unlink()
        with contextlib.suppress(OSError):
            keep_in.rmdir()
        raise
    fsync_folder(path.parent)
    return kept
