"""The SQLCipher engine under SQLAlchemy: the keyed URL, the pragmas every connection gets,
and the session class that turns storage failures into plain messages.

Loaded only when a database is opened, so the app can ask for the passphrase without it.
"""

from __future__ import annotations

import urllib.parse
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
from visitdesk.storage.errors import DAMAGED, DatabaseDamaged, problem_from
from visitdesk.storage.files import PAGE_SIZE, file_size

_quiet_cipher_log = False
# What SQLite raises, through SQLAlchemy or (for pragmas and exports) straight from the driver.
DB_ERRORS = (DBAPIError, sqlcipher3.dbapi2.Error)


class ReportingSession(Session):
    """A session whose storage failures reach the caller as one plain message."""

    def __exit__(self, type_: Any, value: Any, traceback: Any) -> None:
        super().__exit__(type_, value, traceback)
        if isinstance(value, DBAPIError):
            problem = problem_from(value)
            if problem is not None:
                raise problem from None


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=ReportingSession, expire_on_commit=False)


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


def make_engine(path: Path, passphrase: str, *, create: bool) -> Engine:
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


def check_key(engine: Engine, path: Path) -> None:
    """Prove the passphrase opens the file at ``path`` by reading its schema; disposes of
    the engine and raises a plain message if not."""
    try:
        with engine.connect() as conn:
            tables = conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    except DatabaseError as exc:
        engine.dispose()
        message = str(exc.orig) if exc.orig is not None else str(exc)
        if "not a database" in message or "encrypted" in message:
            if file_size(path) % PAGE_SIZE:
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
