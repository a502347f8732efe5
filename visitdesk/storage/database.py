"""Open, create and re-key the encrypted database (SQLCipher through SQLAlchemy).

The file is encrypted from its first byte. A wrong passphrase is found before anything is
written, and a database that does not exist is never created by opening it. Copies (backups,
a new passphrase) are written with SQLCipher's own export into a temporary file, flushed to
disk and renamed into place, so a failure part-way leaves the file that was there before.

Importing this module loads neither SQLAlchemy nor the driver: the engine
(:mod:`visitdesk.storage.engine`) and the migrations are loaded when a database is first
opened. The names the database's parts had here before they moved are still found here.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from visitdesk.errors import UserError
from visitdesk.storage import files
from visitdesk.storage.clock import stamp_now
from visitdesk.storage.errors import (
    DAMAGED,
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseTooNew,
    DiskFull,
    StorageReadOnly,
    damaged_message,
    problem_from,
)
from visitdesk.storage.files import (
    DAMAGE_SUFFIX,
    PAGE_SIZE,
    clear_damage,
    damage_marker,
    fsync_folder,
    known_damage,
    note_damage,
    remove_rekey_leftovers,
    sidecars,
    swap_in,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "DAMAGED",
    "DAMAGE_SUFFIX",
    "PAGE_SIZE",
    "Database",
    "DatabaseDamaged",
    "DatabaseLocked",
    "DatabaseMissing",
    "DatabaseTooNew",
    "DiskFull",
    "StorageReadOnly",
    "change_key",
    "clear_damage",
    "create_database",
    "damage_marker",
    "damaged_message",
    "fsync_folder",
    "known_damage",
    "note_damage",
    "open_database",
    "problem_from",
    "remove_rekey_leftovers",
    "sidecars",
    "stamp_now",
    "swap_in",
]

# How SQLCipher's page check names a page that fails ("HMAC verification failed for page 55").
_FAILED_PAGE = re.compile(r"page (\d+)")

# Names that live in modules needing SQLAlchemy, found here on first use (PEP 562) so that
# importing this module stays cheap.
_LAZY = {
    "write_copy": ("visitdesk.storage.copies", "write_copy"),
    "export_copy": ("visitdesk.storage.copies", "export_copy"),
    "_export_into": ("visitdesk.storage.copies", "export_into"),
    "_make_engine": ("visitdesk.storage.engine", "make_engine"),
}
_temp_beside = files.temp_beside


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    import importlib

    return getattr(importlib.import_module(module), attribute)


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


def _opened(path: Path, passphrase: str, *, create: bool) -> Database:
    from visitdesk.storage import engine

    made = engine.make_engine(path, passphrase, create=create)
    if not create:
        engine.check_key(made, path)
    return Database(path, made, engine.session_factory(made))


def open_database(path: Path, passphrase: str, *, upgrade: bool = True) -> Database:
    """Open an existing database, upgrading its schema first (after a backup copy)."""
    if not path.exists():
        raise DatabaseMissing(
            f"no VisitDesk database in {path.parent}; set one up with 'visitdesk init'"
        )
    if not passphrase:
        raise UserError("please type your passphrase")
    db = _opened(path, passphrase, create=False)
    if upgrade:
        from sqlalchemy.exc import DBAPIError

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
    db = _opened(path, passphrase, create=True)
    from sqlalchemy.exc import DBAPIError

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


def change_key(path: Path, old: str, new: str) -> None:
    """Give the database at ``path`` a new passphrase, safely.

    The whole database is exported into a new file under the new key, checked, flushed and
    then renamed over the old one. Until that rename the old file, under the old passphrase,
    is untouched; after it the new one is complete. Nobody else may have the database open.
    """
    db = open_database(path, old, upgrade=False)
    from visitdesk.storage import copies
    from visitdesk.storage.engine import DB_ERRORS

    temp = files.temp_beside(path, "rekey")
    try:
        try:
            db.checkpoint()
            try:
                copies.export_into(db, temp, new)
            except DB_ERRORS as exc:
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
            files.fsync_file(temp)
            files.drop_empty_sidecars(path)
            files.replace_file(temp, path)
        except OSError as exc:
            raise files.os_problem(exc, path) from None
        fsync_folder(path.parent)
    finally:
        for leftover in (temp, *sidecars(temp), temp.with_name(temp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
