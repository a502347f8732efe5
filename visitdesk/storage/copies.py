"""Encrypted copies of a whole open database (backups, upgrades), written whole or not at all.

SQLCipher's own export writes the copy from a consistent read, never a copy of the live file,
into a temporary file beside the target that is flushed to disk and then renamed into place.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from visitdesk.errors import UserError
from visitdesk.storage import files
from visitdesk.storage.engine import DB_ERRORS
from visitdesk.storage.errors import DiskFull, problem_from

if TYPE_CHECKING:
    from visitdesk.storage.database import Database


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def export_into(db: Database, temp: Path, passphrase: str | None) -> None:
    """Fill ``temp`` with an encrypted copy of the whole database.

    Without a passphrase the copy takes the open database's own key, so it opens with the
    passphrase in use now and VisitDesk never needs to hold that passphrase itself.
    """
    key = "" if passphrase is None else f" KEY {_quote(passphrase)}"
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        cur = raw.cursor()
        try:
            cur.execute(f"ATTACH DATABASE {_quote(str(temp))} AS copy{key}")
            try:
                cur.execute("SELECT sqlcipher_export('copy')")
            finally:
                cur.execute("DETACH DATABASE copy")
        finally:
            cur.close()


def write_copy(
    db: Database, target: Path, passphrase: str | None = None, *, replace: bool = False
) -> None:
    """Write an encrypted copy of the whole database to ``target``: whole or not at all.

    Uses SQLCipher's own export from a consistent read, never a copy of the live file. The
    copy is made beside the target, flushed to disk, checked and then renamed into place.
    """
    if target.is_dir():
        raise UserError(f"{target} is a folder; choose a file name")
    if target.exists() and not replace:
        raise UserError(f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise UserError(f"the folder {target.parent} does not exist; choose another folder")
    temp = files.temp_beside(target, "part")
    try:
        try:
            export_into(db, temp, passphrase)
        except DB_ERRORS as exc:
            problem = problem_from(exc, target.parent)
            if isinstance(problem, DiskFull):
                raise DiskFull(
                    f"the disk is full, so {target.name} was not written; free "
                    "some space and try again"
                ) from None
            raise problem or UserError(f"{target.name} was not written") from None
        try:
            files.fsync_file(temp)
            files.replace_file(temp, target)
        except OSError as exc:
            raise files.os_problem(exc, target) from None
        files.fsync_folder(target.parent)
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def export_copy(db: Database, target: Path, passphrase: str | None = None) -> None:
    """Write an encrypted copy of the whole database to a new file ``target``."""
    write_copy(db, target, passphrase)
