"""Encrypted backups: one at every start of the app, one whenever asked, and restoring one.

A backup is a whole encrypted copy of the database made by SQLCipher's own export (never a
copy of the live file), under the passphrase in use when it was made. Restoring checks the
backup in a temporary file first and only then renames it into place, keeping the database
it replaces, so a failure at any point leaves a working database behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from visitdesk import paths
from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.fileio import check_export_target
from visitdesk.services.workspace import Workspace
from visitdesk.storage import audit, changes
from visitdesk.storage.database import (
    Database,
    DatabaseDamaged,
    DatabaseMissing,
    DiskFull,
    fsync_folder,
    open_database,
    sidecars,
    stamp_now,
    swap_in,
    write_copy,
)
from visitdesk.storage.models import (
    Addendum,
    AuthorisationTask,
    BundleLog,
    Child,
    Installation,
    Plan,
    Visit,
)

log = logging.getLogger(__name__)

BACKUPS_DIR = "backups"
SUFFIX = ".vdbackup"
PREFIX = "visitdesk-"
KEPT_KEY = "backups_kept"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / BACKUPS_DIR


def list_backups(data_dir: Path) -> list[Path]:
    """The start-up backups in the data folder, oldest first."""
    folder = backups_dir(data_dir)
    try:
        found = [p for p in folder.iterdir()
                 if p.is_file() and p.name.startswith(PREFIX) and p.name.endswith(SUFFIX)]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name)


def latest_backup(data_dir: Path) -> Path | None:
    found = list_backups(data_dir)
    return found[-1] if found else None


def backups_kept(ws: Workspace) -> int:
    """How many start-up backups to keep (setting backups_kept; 1 to 100, else 7)."""
    return ws.number_setting(KEPT_KEY)


def make_backup(ws: Workspace, out: Path, *, reason: str = "on request",
                overwrite: bool = False) -> Path:
    """Write an encrypted backup of the whole database to ``out``, a new file unless
    ``overwrite``; a backup asked for by the user never goes inside the data folder."""
    out = Path(out)
    check_export_target(out, protected=(ws.data_dir,), overwrite=overwrite, what="backup")
    return _write_backup(ws, out, reason, replace=overwrite)


def _write_backup(ws: Workspace, out: Path, reason: str, *, replace: bool = False) -> Path:
    write_copy(ws.db, out, replace=replace)
    with ws.db.transaction() as session:
        ws.audit(session, "backup", "database", detail=reason)
    log.info("backup made (%s)", reason)
    return out


def startup_backup(ws: Workspace) -> Path:
    """The backup made each time the app is unlocked at start; keeps the newest few."""
    folder = backups_dir(ws.data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"the backups folder could not be made ({exc.strerror or exc})") \
            from None
    stamp = ws.now().strftime("%Y%m%d-%H%M%S")
    out = folder / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while out.exists():
        n += 1
        out = folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    _write_backup(ws, out, "at start")
    prune(ws.data_dir, backups_kept(ws))
    return out


def prune(data_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` start-up backups; returns what was deleted."""
    found = list_backups(data_dir)
    gone = found[:-keep] if keep > 0 else []
    for old in gone:
        with contextlib.suppress(OSError):
            old.unlink()
    return gone


# --- what a database holds ------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    """How far a database's records have got, to tell an older copy from a newer one."""

    device_id: str
    worker_name: str
    change_seq: int
    bundles: int
    latest: datetime | None
    visits: int
    audit_seq: int

    def newer_than(self, other: Freshness) -> bool:
        if self.change_seq > other.change_seq or self.bundles > other.bundles:
            return True
        if self.latest is not None and (other.latest is None or self.latest > other.latest):
            return True
        return self.visits > other.visits

    def describe(self) -> str:
        when = f"last change {self.latest:%-d %b %Y %H:%M}" if self.latest else "no records"
        s = "" if self.visits == 1 else "s"
        return f"{self.visits} visit record{s}, {when}"


def freshness(session: Session) -> Freshness:
    row = session.scalar(select(Installation).limit(1))
    if row is None:
        raise UserError("this database has not been set up")
    candidates = [
        session.scalar(select(func.max(Child.updated_at))),
        session.scalar(select(func.max(Plan.updated_at))),
        session.scalar(select(func.max(Visit.updated_at))),
        session.scalar(select(func.max(Addendum.created_at))),
        session.scalar(select(func.max(AuthorisationTask.decided_at))),
        session.scalar(select(func.max(BundleLog.at))),
    ]
    from visitdesk.storage.models import AuditEvent

    return Freshness(
        device_id=row.device_id, worker_name=row.worker_name,
        change_seq=changes.current(session),
        bundles=session.scalar(select(func.count()).select_from(BundleLog)) or 0,
        latest=max((c for c in candidates if c is not None), default=None),
        visits=session.scalar(select(func.count()).select_from(Visit)) or 0,
        audit_seq=session.scalar(select(func.max(AuditEvent.seq))) or 0,
    )


# --- restoring ------------------------------------------------------------------------------


FORCE_HINT = "to replace it anyway add --force (it is kept in the backups folder)"


class NewerData(UserError):
    """The database in place holds newer records than the backup (or may do)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"{detail}; {FORCE_HINT}")
        self.detail = detail


@dataclass
class PreparedRestore:
    """A backup copied into the data folder, opened, upgraded and checked; not yet in place."""

    data_dir: Path
    source: Path
    temp: Path
    backup: Freshness = None  # type: ignore[assignment] - filled in once the copy is read

    def discard(self) -> None:
        for leftover in (self.temp, *sidecars(self.temp)):
            with contextlib.suppress(OSError):
                leftover.unlink()


def prepare_restore(data_dir: Path, source: Path, passphrase: str) -> PreparedRestore:
    """Copy the backup beside the database and prove it opens and is whole."""
    source = Path(source)
    if not source.exists():
        raise UserError(f"the file {source} could not be found")
    if source.is_dir():
        raise UserError(f"{source} is a folder; choose the backup file inside it")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=data_dir, prefix=".restore-", suffix=".db")
        os.close(fd)
    except OSError as exc:
        raise _write_problem(exc, data_dir) from None
    temp = Path(name)
    prepared = PreparedRestore(data_dir, source, temp)
    try:
        try:
            # A finished backup file is not a live database, so copying it is safe; the
            # original is never opened for writing.
            shutil.copyfile(source, temp)
            _fsync(temp)
        except OSError as exc:
            raise _write_problem(exc, data_dir) from None
        try:
            db = open_database(temp, passphrase)
        except WrongPassphrase:
            raise WrongPassphrase("that passphrase does not open this backup (a backup opens "
                                  "with the passphrase in use when it was made)") from None
        except DatabaseDamaged:
            raise DatabaseDamaged("this backup is damaged or is not a VisitDesk backup; "
                                  "choose another") from None
        try:
            if db.integrity() != "ok":
                raise DatabaseDamaged("this backup is damaged; choose another")
            with db.sessions() as session:
                prepared.backup = freshness(session)
            db.checkpoint()
        finally:
            db.close()
    except BaseException:
        prepared.discard()
        raise
    return prepared


@dataclass(frozen=True)
class CurrentState:
    """The database in place, as seen with the backup's passphrase."""

    exists: bool
    damaged: bool = False
    freshness: Freshness | None = None  # None: missing, damaged or another passphrase


def inspect_current(data_dir: Path, passphrase: str) -> CurrentState:
    path = paths.database_path(data_dir)
    if not path.exists():
        return CurrentState(exists=False)
    try:
        db = open_database(path, passphrase, upgrade=False)
    except DatabaseDamaged:
        return CurrentState(exists=True, damaged=True)
    except (WrongPassphrase, DatabaseMissing):
        return CurrentState(exists=True)
    try:
        if db.integrity() != "ok":
            return CurrentState(exists=True, damaged=True)
        with db.sessions() as session:
            found = freshness(session)
        db.checkpoint()  # its log goes into the file, so the kept copy is whole
        return CurrentState(exists=True, freshness=found)
    except DatabaseDamaged:
        return CurrentState(exists=True, damaged=True)
    finally:
        db.close()


def check_not_newer(backup: Freshness, current: CurrentState) -> None:
    """Refuse to put an older backup over newer records (or over another installation's)."""
    if not current.exists or current.damaged:
        return
    found = current.freshness
    if found is None:
        raise NewerData(
            "the database in place does not open with the backup's passphrase, so VisitDesk "
            "cannot tell whether it holds newer records")
    if found.device_id != backup.device_id:
        raise NewerData(f"this backup is from another installation ({backup.worker_name})")
    if found.newer_than(backup):
        raise NewerData(
            f"the database in place is newer than this backup (it has {found.describe()}; "
            f"the backup has {backup.describe()})")


def finish_restore(prepared: PreparedRestore, *, at: datetime | None = None) -> Path | None:
    """Put the prepared backup in place; returns where the replaced database was kept."""
    at = at or stamp_now()
    target = paths.database_path(prepared.data_dir)
    keep_in = backups_dir(prepared.data_dir) / f"replaced-{at:%Y%m%d-%H%M%S}"
    try:
        kept = swap_in(target, prepared.temp, keep_in)
    except OSError as exc:
        prepared.discard()
        raise _write_problem(exc, prepared.data_dir) from None
    fsync_folder(prepared.data_dir)
    log.info("backup restored")
    return kept


def record_restore(db: Database, prepared: PreparedRestore, at: datetime) -> None:
    """Note the restore at the end of the restored database's own audit trail."""
    with db.transaction() as session:
        row = session.scalar(select(Installation).limit(1))
        audit.append(session, at=at, actor=row.worker_name, device_id=row.device_id,
                     action="restore", entity="database",
                     detail=f"backup with {prepared.backup.describe()}")


@dataclass(frozen=True)
class Restored:
    backup: Freshness
    kept: Path | None


def restore(data_dir: Path, source: Path, passphrase: str, *, force: bool = False) -> Restored:
    """Replace the database in ``data_dir`` with the backup ``source`` (see module notes)."""
    prepared = prepare_restore(data_dir, source, passphrase)
    try:
        current = inspect_current(data_dir, passphrase)
        if not force:
            check_not_newer(prepared.backup, current)
    except BaseException:
        prepared.discard()
        raise
    kept = finish_restore(prepared)
    db = open_database(paths.database_path(data_dir), passphrase)
    try:
        record_restore(db, prepared, stamp_now())
    finally:
        db.close()
    return Restored(prepared.backup, kept)


def _fsync(path: Path) -> None:
    with open(path, "r+b") as handle:
        os.fsync(handle.fileno())


def _write_problem(exc: OSError, folder: Path) -> UserError:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull("the disk is full, so the backup was not restored; free some space "
                        "and try again")
    if exc.errno == errno.EROFS or isinstance(exc, PermissionError):
        return UserError(f"VisitDesk cannot write to its data folder {folder}; "
                         "ask your IT service desk")
    return UserError(f"the backup could not be restored ({exc.strerror or exc})")
