"""What can go wrong with the database and its files, and the plain messages that say so.

Nothing here needs SQLAlchemy or the driver: the app can name these before either is loaded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from visitdesk.errors import UserError


class DatabaseMissing(UserError):
    """There is no database in the data folder yet."""


class DatabaseTooNew(UserError):
    """The database was made by a newer VisitDesk."""


class DatabaseDamaged(UserError):
    """The database file is truncated or corrupted."""


class DatabaseLocked(UserError):
    """VisitDesk is locked: the key has been dropped until the passphrase is typed again."""


class DiskFull(UserError):
    """The disk is full; nothing was written."""


class StorageReadOnly(UserError):
    """The data folder cannot be written."""


DAMAGED = (
    "the database is damaged; restore the latest backup with 'visitdesk restore FILE' "
    "or from File > Restore"
)


def damaged_message(latest_backup: Path | None = None) -> str:
    """The message for a damaged database, naming the newest backup when there is one."""
    if latest_backup is None:
        return (
            "the database is damaged and there is no backup in its folder; "
            "ask your IT service desk for help"
        )
    return (
        f"the database is damaged; restore the latest backup with "
        f"'visitdesk restore \"{latest_backup}\"' or from File > Restore"
    )


def problem_from(exc: BaseException, folder: Path | None = None) -> UserError | None:
    """A plain message for a storage failure SQLite reports, or None if it is not one."""
    orig = getattr(exc, "orig", None) or exc
    message = str(orig).lower()
    if "disk is full" in message or getattr(orig, "sqlite_errorname", "") == "SQLITE_FULL":
        return DiskFull("the disk is full, so nothing was saved; free some space and try again")
    if "readonly" in message or "read-only" in message:
        return StorageReadOnly(
            "VisitDesk cannot write to its data folder (it is read-only), so nothing was "
            "saved; ask your IT service desk"
        )
    if "malformed" in message or "corrupt" in message:
        return DatabaseDamaged(DAMAGED)
    if "disk i/o error" in message:
        return UserError(
            "the disk could not be read or written, so nothing was saved; "
            "check the disk and try again"
        )
    if "database is locked" in message or "database is busy" in message:
        return UserError("the database is busy in another VisitDesk; try again in a moment")
    if "unable to open database file" in message:
        if folder is not None and folder.exists() and not os.access(folder, os.W_OK):
            return StorageReadOnly(
                f"VisitDesk cannot write to its data folder {folder} (it is read-only); "
                "ask your IT service desk"
            )
        return UserError(
            "the database file could not be opened; check its folder is there and can be written"
        )
    return None


def storage_problem(exc: BaseException) -> UserError | None:
    """A storage failure the database reported (SQLAlchemy's ``DBAPIError``) in plain words;
    None for any other error."""
    # Looked up rather than imported: an error SQLAlchemy raised means it is loaded, and a
    # command or window that failed before opening the database has no reason to load it.
    driver_errors = sys.modules.get("sqlalchemy.exc")
    if driver_errors is None or not isinstance(exc, driver_errors.DBAPIError):
        return None
    return problem_from(exc)
