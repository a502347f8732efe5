"""Open, create and upgrade the encrypted database (SQLCipher through SQLAlchemy).

The file is encrypted from its first byte. A wrong passphrase is found before anything is
written, and a database that does not exist is never created by opening it. Copies (backups,
a new passphrase) are written with SQLCipher's own export into a temporary file, flushed to
disk and renamed into place, so a failure part-way leaves the file that was there before.
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
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.storage import changes as _changes  # noqa: F401 - registers change stamping

log = logging.getLogger(__name__)

_quiet_cipher_log = False
# SQLCipher 4's default page size: a whole database file is always a multiple of it.
PAGE_SIZE = 4096


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


class _Session(Session):
    """A session whose storage failures reach the caller as one plain message."""

    def __exit__(self, type_: Any, value: Any, traceback: Any) -> None:
        super().__exit__(type_, value, traceback)
        if isinstance(value, DBAPIError):
            problem = problem_from(value)
            if problem is not None:
                raise problem from None


class _Closed:
    """Stands in for the engine and sessions once the key has been dropped."""

    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        raise DatabaseLocked("VisitDesk is locked; unlock it to carry on")

    __call__ = _refuse

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._refuse()

    def __bool__(self) -> bool:
        return False


_CLOSED = _Closed()
# What SQLite raises, through SQLAlchemy or (for pragmas and exports) straight from the driver.
_DB_ERRORS = (DBAPIError, sqlcipher3.dbapi2.Error)
# How SQLCipher's page check names a page that fails ("HMAC verification failed for page 55").
_FAILED_PAGE = re.compile(r"page (\d+)")


def _silence_sqlcipher_log() -> None:
    # SQLCipher writes decryption failures (a wrong passphrase) to stderr by default; we
    # report those ourselves in one calm line.
    global _quiet_cipher_log
    if _quiet_cipher_log:
        return
    con = sqlcipher3.connect(":memory:")
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
    finally:
        con.close()
    _quiet_cipher_log = True


def _url(path: Path, passphrase: str, *, create: bool) -> URL:
    return URL.create(
        "sqlite+pysqlcipher",
        password=passphrase,
        database="file:" + urllib.parse.quote(str(path)),
        query={"mode": "rwc" if create else "rw", "uri": "true"},
    )


def _make_engine(path: Path, passphrase: str, *, create: bool) -> Engine:
    _silence_sqlcipher_log()
    # hide_parameters: an error message must never carry what a record says into a log.
    # A queue of connections any thread may borrow, one at a time. The dialect's default (one
    # connection per thread, at most five) closes some other thread's connection once a sixth
    # thread connects, perhaps mid-save; and each new connection costs a key derivation.
    engine = create_engine(
        _url(path, passphrase, create=create),
        hide_parameters=True,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_con, _record) -> None:  # noqa: ANN001 - DB-API connection
        cur = dbapi_con.cursor()
        try:
            # Reading the schema proves the key before anything can be written.
            cur.execute("SELECT count(*) FROM sqlite_master")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA temp_store = MEMORY")
            cur.execute("PRAGMA secure_delete = ON")
            cur.execute("PRAGMA synchronous = FULL")
        finally:
            cur.close()

    # pysqlite's own transaction handling defers BEGIN; take it over so that a
    # transaction really begins when SQLAlchemy says it does.
    @event.listens_for(engine, "connect")
    def _no_pysqlite_begin(dbapi_con, _record) -> None:  # noqa: ANN001
        dbapi_con.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@dataclass
class Database:
    """An open encrypted database: its engine and a session factory.

    The engine holds the key. :meth:`close` disposes of it and every pooled connection, and
    keeps no reference to it, so the key is gone from this object once closed.
    """

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.sessions.begin() as session:
            yield session

    @property
    def is_open(self) -> bool:
        return not isinstance(self.engine, _Closed)

    def close(self) -> None:
        engine = self.engine
        self.engine = _CLOSED  # type: ignore[assignment]
        self.sessions = _CLOSED  # type: ignore[assignment]
        if not isinstance(engine, _Closed):
            engine.dispose()

    def _pragma(self, sql: str) -> list[tuple]:
        # Outside any transaction: a checkpoint cannot run inside one.
        with self.engine.connect() as conn:
            cur = conn.connection.dbapi_connection.cursor()
            try:
                return cur.execute(sql).fetchall()
            except Exception as exc:
                problem = problem_from(exc, self.path.parent)
                if problem is None:
                    raise
                raise problem from None
            finally:
                cur.close()

    def checkpoint(self) -> None:
        """Move everything in the write-ahead log into the database file itself."""
        busy = self._pragma("PRAGMA wal_checkpoint(TRUNCATE)")[0][0]
        if busy:
            raise UserError("another program is using the database; close it and try again")

    def integrity(self) -> str:
        """SQLite's own check of every page: "ok", or what is wrong."""
        try:
            rows = [row[0] for row in self._pragma("PRAGMA integrity_check")]
        except Exception as exc:  # noqa: BLE001 - any failure to read is damage to report
            return str(getattr(exc, "orig", None) or exc)
        return "ok" if rows == ["ok"] else "; ".join(str(r) for r in rows[:3])

    def page_check(self) -> str:
        """SQLCipher's check of every page in the file against its HMAC: "ok", or which fail.

        It reads the file once and parses nothing, so it is quick (about a third of a
        second for 100,000 visit records on an idle machine, where SQLite's own check takes
        five times as long) and finds any changed bit. It does not look inside pages:
        :meth:`full_check` adds SQLite's own check for that.
        """
        try:
            rows = [str(row[0]) for row in self._pragma("PRAGMA cipher_integrity_check")]
        except Exception as exc:  # noqa: BLE001 - any failure to read is damage to report
            return str(getattr(exc, "orig", None) or exc)
        if not rows:
            return "ok"
        pages = [m.group(1) for row in rows if (m := _FAILED_PAGE.search(row))]
        if pages and len(pages) == len(rows):
            shown = ", ".join(pages[:5]) + (" and more" if len(pages) > 5 else "")
            if len(pages) == 1:
                return f"page {shown} of the file fails its check"
            return f"pages {shown} of the file fail their check"
        return "; ".join(rows[:3])

    def full_check(self) -> str:
        """Both checks, the page check first: "ok", or the first problem found."""
        pages = self.page_check()
        if pages != "ok":
            return pages
        return self.integrity()


def _check_key(engine: Engine, path: Path) -> None:
    try:
        with engine.connect() as conn:
            tables = conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    except DatabaseError as exc:
        engine.dispose()
        message = str(exc.orig) if exc.orig is not None else str(exc)
        if "not a database" in message or "encrypted" in message:
            if _size(path) % PAGE_SIZE:
                raise DatabaseDamaged(DAMAGED) from None
            raise WrongPassphrase(
                "that passphrase does not open this database; please try again"
            ) from None
        problem = problem_from(exc, path.parent)
        if problem is not None:
            raise problem from None
        raise UserError(f"the database could not be read ({message})") from None
    if not tables:
        # An existing file with nothing in it: emptied or cut short, never made by VisitDesk.
        engine.dispose()
        raise DatabaseDamaged(DAMAGED)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def open_database(path: Path, passphrase: str, *, upgrade: bool = True) -> Database:
    """Open an existing database, upgrading its schema first (after a backup copy)."""
    if not path.exists():
        raise DatabaseMissing(
            f"no VisitDesk database in {path.parent}; set one up with 'visitdesk init'"
        )
    if not passphrase:
        raise UserError("please type your passphrase")
    engine = _make_engine(path, passphrase, create=False)
    _check_key(engine, path)
    db = Database(path, engine, sessionmaker(engine, class_=_Session, expire_on_commit=False))
    if upgrade:
        from visitdesk.storage import migrate

        try:
            if known_damage(path) is not None and (
                migrate.current_revision(db) != migrate.head_revision()
            ):
                # An upgrade rewrites tables; never onto a file known to be damaged. (On a
                # file not yet known to be, the copy made first reads, and so checks,
                # every page.)
                raise DatabaseDamaged(DAMAGED)
            migrate.upgrade_if_needed(db)
        except DBAPIError as exc:
            db.close()
            problem = problem_from(exc, path.parent)
            if problem is None:
                raise
            raise problem from None
        except Exception:
            db.close()
            raise
    return db


def create_database(path: Path, passphrase: str) -> Database:
    """Create a new encrypted database at the newest schema. Refuses to touch an existing file."""
    if not passphrase:
        raise UserError("the passphrase must not be empty")
    if path.exists():
        raise UserError(f"a VisitDesk database already exists in {path.parent}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the data folder {path.parent}: {exc.strerror}") from None
    engine = _make_engine(path, passphrase, create=True)
    db = Database(path, engine, sessionmaker(engine, class_=_Session, expire_on_commit=False))
    from visitdesk.storage import migrate

    try:
        migrate.upgrade_to_head(db)
    except Exception as exc:
        db.close()
        for leftover in (path, *sidecars(path)):
            leftover.unlink(missing_ok=True)
        problem = problem_from(exc, path.parent) if isinstance(exc, DBAPIError) else None
        if problem is not None:
            raise problem from None
        raise
    return db


def sidecars(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and its index, which belong to the database file beside them."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


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
# by _temp_beside (".visitdesk.db.<random>.rekey"), and that copy's log and index.
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


# --- copies -------------------------------------------------------------------------------


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _fsync_file(path: Path) -> None:
    # Opened for writing: Windows refuses to flush a file opened only for reading.
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    # Makes a rename survive a power cut. Windows cannot open a folder this way.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace_file(source: Path, target: Path) -> None:
    """The one step that swaps a finished file into place (tests make it fail)."""
    os.replace(source, target)


def _temp_beside(target: Path, label: str) -> Path:
    try:
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=f".{label}"
        )
    except OSError as exc:
        raise _os_problem(exc, target) from None
    os.close(fd)
    return Path(name)


def _os_problem(exc: OSError, target: Path) -> UserError:
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


def _export_into(db: Database, temp: Path, passphrase: str | None) -> None:
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
    temp = _temp_beside(target, "part")
    try:
        try:
            _export_into(db, temp, passphrase)
        except _DB_ERRORS as exc:
            problem = problem_from(exc, target.parent)
            if isinstance(problem, DiskFull):
                raise DiskFull(
                    f"the disk is full, so {target.name} was not written; free "
                    "some space and try again"
                ) from None
            raise problem or UserError(f"{target.name} was not written") from None
        try:
            _fsync_file(temp)
            _replace_file(temp, target)
        except OSError as exc:
            raise _os_problem(exc, target) from None
        fsync_folder(target.parent)
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def export_copy(db: Database, target: Path, passphrase: str | None = None) -> None:
    """Write an encrypted copy of the whole database to a new file ``target``."""
    write_copy(db, target, passphrase)


def change_key(path: Path, old: str, new: str) -> None:
    """Give the database at ``path`` a new passphrase, safely.

    The whole database is exported into a new file under the new key, checked, flushed and
    then renamed over the old one. Until that rename the old file, under the old passphrase,
    is untouched; after it the new one is complete. Nobody else may have the database open.
    """
    db = open_database(path, old, upgrade=False)
    temp = _temp_beside(path, "rekey")
    try:
        try:
            db.checkpoint()
            try:
                _export_into(db, temp, new)
            except _DB_ERRORS as exc:
                raise problem_from(exc, path.parent) or UserError(
                    "the new passphrase could not be set"
                ) from None
        finally:
            db.close()
        check = open_database(temp, new, upgrade=False)
        try:
            state = check.integrity()
            check.checkpoint()
        finally:
            check.close()
        if state != "ok":
            raise UserError(
                "the copy under the new passphrase did not check out; nothing was changed"
            )
        try:
            _fsync_file(temp)
            _drop_empty_sidecars(path)
            _replace_file(temp, path)
        except OSError as exc:
            raise _os_problem(exc, path) from None
        fsync_folder(path.parent)
    finally:
        for leftover in (temp, *sidecars(temp), temp.with_name(temp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _drop_empty_sidecars(path: Path) -> None:
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
            _fsync_file(destination)
        fsync_folder(keep_in)
        kept = keep_in / path.name
        for leftover in sidecars(path):
            leftover.unlink(missing_ok=True)
    try:
        _replace_file(replacement, path)
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


def stamp_now() -> datetime:
    """The current local time to the second, as stored in the database."""
    return datetime.now().replace(microsecond=0)
