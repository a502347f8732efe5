"""Open, create and upgrade the encrypted database (SQLCipher through SQLAlchemy).

The file is encrypted from its first byte. A wrong passphrase is found before anything is
written, and a database that does not exist is never created by opening it.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.storage import changes as _changes  # noqa: F401 - registers change stamping

log = logging.getLogger(__name__)

_quiet_cipher_log = False


class DatabaseMissing(UserError):
    """There is no database in the data folder yet."""


class DatabaseTooNew(UserError):
    """The database was made by a newer VisitDesk."""


def _silence_sqlcipher_log() -> None:
    # SQLCipher writes decryption failures (a wrong passphrase) to stderr by default; we
    # report those ourselves in one calm line.
    global _quiet_cipher_log
    if _quiet_cipher_log:
        return
    import sqlcipher3

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
    engine = create_engine(_url(path, passphrase, create=create), hide_parameters=True)

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
    """An open encrypted database: its engine and a session factory."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _check_key(engine: Engine, path: Path) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DatabaseError as exc:
        engine.dispose()
        message = str(exc.orig) if exc.orig is not None else str(exc)
        if "not a database" in message or "encrypted" in message:
            raise WrongPassphrase(
                "that passphrase does not open this database; please try again"
            ) from None
        if isinstance(exc, OperationalError) and "unable to open" in message:
            raise UserError(f"cannot open the database at {path}: {message}") from None
        raise UserError(f"the database could not be read ({message})") from None


def open_database(path: Path, passphrase: str, *, upgrade: bool = True) -> Database:
    """Open an existing database, upgrading its schema first (after a backup copy)."""
    if not path.exists():
        raise DatabaseMissing(
            f"no VisitDesk database in {path.parent}; set one up with 'visitdesk init'"
        )
    engine = _make_engine(path, passphrase, create=False)
    _check_key(engine, path)
    db = Database(path, engine, sessionmaker(engine, expire_on_commit=False))
    if upgrade:
        from visitdesk.storage import migrate

        try:
            migrate.upgrade_if_needed(db, passphrase)
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
    db = Database(path, engine, sessionmaker(engine, expire_on_commit=False))
    from visitdesk.storage import migrate

    try:
        migrate.upgrade_to_head(db)
    except Exception:
        db.close()
        for leftover in (path, *_sidecars(path)):
            leftover.unlink(missing_ok=True)
        raise
    return db


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def export_copy(db: Database, target: Path, passphrase: str) -> None:
    """Write an encrypted copy of the whole database to ``target`` with the given passphrase.

    Uses SQLCipher's own export, so the copy is consistent and never plain text on disk.
    """
    if target.exists():
        raise UserError(f"{target} already exists")
    quoted_key = "'" + passphrase.replace("'", "''") + "'"
    quoted_path = "'" + str(target).replace("'", "''") + "'"
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        cur = raw.cursor()
        try:
            cur.execute(f"ATTACH DATABASE {quoted_path} AS backup KEY {quoted_key}")
            try:
                cur.execute("SELECT sqlcipher_export('backup')")
                cur.execute("PRAGMA backup.user_version")
            finally:
                cur.execute("DETACH DATABASE backup")
        finally:
            cur.close()


def stamp_now() -> datetime:
    """The current local time to the second, as stored in the database."""
    return datetime.now().replace(microsecond=0)
