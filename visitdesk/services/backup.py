"""Encrypted backups: one at every start of the app, one whenever asked, and restoring one.

A backup is a whole encrypted copy of the database made by SQLCipher's own export (never a
copy of the live file), under the passphrase in use when it was made. Restoring checks the
backup in a temporary file first and only then renames it into place, keeping the database
it replaces, so a failure at any point leaves a working database behind.

Before a byte is copied, the file to restore is looked at: it must be an ordinary file (never a
device or a pipe, which could be read for ever), whole database pages, no larger than
:data:`visitdesk.limits.MAX_BACKUP_FILE`, encrypted from its first byte, and there must be room
for the copy. Copies left by a restore that was interrupted are removed by
:func:`remove_leftovers`.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from visitdesk import limits, paths
from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.fileio import check_export_target
from visitdesk.services.changes import Changes
from visitdesk.services.workspace import Workspace
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
)

# SQLAlchemy and the models are imported where a database is read: the app clears what an
# interrupted restore left (remove_leftovers) before it asks for the passphrase.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# The backups folder's layout is the data folder's (visitdesk.paths); the names stay here too.
BACKUPS_DIR = paths.BACKUPS_DIR
SUFFIX = paths.BACKUP_SUFFIX
PREFIX = paths.BACKUP_PREFIX
KEPT_KEY = "backups_kept"
RESTORE_PREFIX = paths.RESTORE_PREFIX  # the copy of a backup being checked, beside the database
# What an unencrypted SQLite database starts with. A VisitDesk backup is encrypted from its
# first byte, so a file that starts like this is not one (and must never replace one).
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
# Room wanted on the disk beyond the copy itself, for its log while it is checked.
SPARE_SPACE = 16 * limits.MIB
# A start-up backup is written in the background while the app is open, so a half-written one
# is only taken for a leftover once nothing has been written to it for this long.
STALE_PART_SECONDS = 600


backups_dir = paths.backups_dir
list_backups = paths.list_backups
latest_backup = paths.latest_backup


def backups_kept(ws: Workspace) -> int:
    """How many start-up backups to keep (setting backups_kept; 1 to 100, else 7)."""
    return ws.number_setting(KEPT_KEY)


def make_backup(
    ws: Workspace, out: Path, *, reason: str = "on request", overwrite: bool = False
) -> Path:
    """Write an encrypted backup of the whole database to ``out``, a new file unless
    ``overwrite``; a backup asked for by the user never goes inside the data folder."""
    out = Path(out)
    check_export_target(out, protected=(ws.data_dir,), overwrite=overwrite, what="backup")
    return _write_backup(ws, out, reason, replace=overwrite)


def _write_backup(ws: Workspace, out: Path, reason: str, *, replace: bool = False) -> Path:
    from visitdesk.storage.copies import write_copy

    write_copy(ws.db, out, replace=replace)
    with ws.db.transaction() as session:
        ws.audit(session, "backup", "database", detail=reason)
    log.info("backup made (%s)", reason)
    return out


def startup_backup(ws: Workspace, *, reason: str = "at start") -> Path:
    """The backup made each time the app is unlocked at start (or asked for with File > Back
    up now), in the data folder's backups; keeps the newest few."""
    folder = backups_dir(ws.data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"the backups folder could not be made ({exc.strerror or exc})") from None
    stamp = ws.now().strftime("%Y%m%d-%H%M%S")
    out = folder / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while out.exists():
        n += 1
        out = folder / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    _write_backup(ws, out, reason)
    prune(ws.data_dir, backups_kept(ws))
    return out


def backup_now(ws: Workspace) -> Path:
    """A backup in the backups folder now, as at start (File > Back up now)."""
    return startup_backup(ws, reason="on request")


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
    from sqlalchemy import func, select

    from visitdesk.storage import changes
    from visitdesk.storage.models import (
        Addendum,
        AuditEvent,
        AuthorisationTask,
        BundleLog,
        Child,
        Installation,
        Plan,
        Visit,
    )

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
    return Freshness(
        device_id=row.device_id,
        worker_name=row.worker_name,
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


def _not_a_backup(source: Path, why: str) -> UserError:
    return UserError(f"{_shown(source)} is not a VisitDesk backup ({why}); choose another")


def _shown(path: Path) -> str:
    # A path may hold a line break or bytes that are not text; a one-line message may not.
    return "".join(char if char.isprintable() else "?" for char in str(path))


def open_backup_file(source: Path) -> tuple[BinaryIO, int]:
    """Open the file to restore, refusing (``UserError``) anything that cannot be a backup.

    Looked at before anything is read: an ordinary file (a device such as /dev/zero or a pipe
    is refused without blocking), whole database pages, within the size limit. Then its first
    bytes: a plain SQLite database is not an encrypted backup. Returns the open file and its
    size; nothing has been copied.
    """
    try:
        handle, size = limits.open_file_within(
            source, limits.MAX_BACKUP_FILE, what="VisitDesk backup"
        )
    except limits.FileRefused as refused:
        problem = refused.problem
        if problem is limits.FileProblem.MISSING:
            raise UserError(f"the file {_shown(source)} could not be found") from None
        if problem is limits.FileProblem.FOLDER:
            raise UserError(
                f"{_shown(source)} is a folder; choose the backup file inside it"
            ) from None
        if problem is limits.FileProblem.NOT_A_FILE:
            raise _not_a_backup(source, "it is not an ordinary file") from None
        if problem is limits.FileProblem.TOO_LARGE:
            raise _not_a_backup(
                source, f"it is larger than {limits.size_text(limits.MAX_BACKUP_FILE)}"
            ) from None
        if problem is limits.FileProblem.NOT_ALLOWED:
            raise UserError(
                f"VisitDesk is not allowed to read {_shown(source)}; copy it "
                "somewhere you can open and try again"
            ) from None
        raise UserError(f"{_shown(source)} could not be read ({refused.detail})") from None
    try:
        page = limits.BACKUP_PAGE_SIZE
        if size == 0:
            raise _not_a_backup(source, "it is empty")
        if size < page or size % page:
            # A database is whole pages; anything else was cut short or is something else.
            raise DatabaseDamaged(
                "this backup is damaged or is not a VisitDesk backup "
                f"({_shown(source)} is not whole database pages, so it may "
                "have been cut short); choose another"
            )
        try:
            start = handle.read(len(PLAIN_SQLITE_HEADER))
        except OSError as exc:
            raise UserError(
                f"{_shown(source)} could not be read ({exc.strerror or 'read error'})"
            ) from None
        if start == PLAIN_SQLITE_HEADER:
            raise _not_a_backup(
                source, "it is an unencrypted database, and VisitDesk backups are always encrypted"
            )
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    return handle, size


def _check_room(data_dir: Path, size: int) -> None:
    try:
        free = shutil.disk_usage(data_dir).free
    except OSError:
        return  # cannot tell: the copy itself will report a full disk
    if free < size + SPARE_SPACE:
        raise DiskFull(
            f"there is not enough room on the disk to restore this backup (it needs "
            f"{limits.size_text(size + SPARE_SPACE)}); free some space and try again"
        )


def _copy_exactly(handle: BinaryIO, temp: Path, size: int) -> None:
    """Copy ``size`` bytes from the open backup into ``temp``, and refuse a file that changed."""
    copied = 0
    with open(temp, "wb") as out:
        while copied < size:
            chunk = handle.read(min(limits.READ_CHUNK, size - copied))
            if not chunk:
                break
            out.write(chunk)
            copied += len(chunk)
        more = handle.read(1)
        out.flush()
        os.fsync(out.fileno())
    if copied != size or more:
        raise UserError(
            "the backup file changed while it was being read; "
            "wait until it has finished copying and try again"
        )


def prepare_restore(data_dir: Path, source: Path, passphrase: str) -> PreparedRestore:
    """Copy the backup beside the database and prove it opens and is whole.

    The caller holds the data folder's instance lock (as every restore does), so copies left
    by an earlier restore that was interrupted can be removed first.
    """
    source = Path(source)
    handle, size = open_backup_file(source)
    with handle:
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            remove_leftovers(data_dir, lock_held=True)
            _check_room(data_dir, size)
            fd, name = tempfile.mkstemp(dir=data_dir, prefix=RESTORE_PREFIX, suffix=".db")
            os.close(fd)
        except OSError as exc:
            raise _write_problem(exc, data_dir) from None
        temp = Path(name)
        prepared = PreparedRestore(data_dir, source, temp)
        try:
            try:
                # Copied from the file already opened and checked, never by its name again.
                _copy_exactly(handle, temp, size)
            except OSError as exc:
                raise _write_problem(exc, data_dir) from None
            _check_copy(prepared, passphrase)
        except BaseException:
            prepared.discard()
            raise
    return prepared


def _check_copy(prepared: PreparedRestore, passphrase: str) -> None:
    try:
        db = open_database(prepared.temp, passphrase)
    except WrongPassphrase:
        raise WrongPassphrase(
            "that passphrase does not open this backup (a backup opens "
            "with the passphrase in use when it was made)"
        ) from None
    except DatabaseDamaged:
        raise DatabaseDamaged(
            "this backup is damaged or is not a VisitDesk backup; choose another"
        ) from None
    try:
        if db.integrity() != "ok":
            raise DatabaseDamaged("this backup is damaged; choose another")
        with db.sessions() as session:
            prepared.backup = freshness(session)
        db.checkpoint()
    finally:
        db.close()


# --- what an interrupted restore or backup leaves behind -------------------------------------


def _leftover_names(data_dir: Path) -> list[Path]:
    now = time.time()
    found: list[Path] = []
    for folder, wanted in (
        (data_dir, _is_restore_leftover),
        (backups_dir(data_dir), _is_backup_leftover),
    ):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                ordinary = entry.is_file(follow_symlinks=False) or entry.is_symlink()
                if not (ordinary and wanted(entry.name)):
                    continue
                if (
                    wanted is _is_backup_leftover
                    and now - entry.stat(follow_symlinks=False).st_mtime < STALE_PART_SECONDS
                ):
                    continue  # perhaps being written now
            except OSError:
                continue
            found.append(Path(entry.path))
    return sorted(found)


def _is_restore_leftover(name: str) -> bool:
    # prepare_restore's copy (".restore-XXXX.db") and the log files SQLite keeps beside it.
    return name.startswith(RESTORE_PREFIX) and (
        name.endswith(".db") or name.endswith((".db-wal", ".db-shm", ".db-journal"))
    )


def _is_backup_leftover(name: str) -> bool:
    # A start-up backup being written: ".visitdesk-<stamp>.vdbackup.XXXX.part" and its journal.
    return (
        name.startswith("." + PREFIX)
        and SUFFIX + "." in name
        and (name.endswith(".part") or name.endswith(".part-journal"))
    )


def remove_leftovers(data_dir: Path, *, lock_held: bool = False) -> list[Path]:
    """Remove what an interrupted restore or start-up backup left in ``data_dir``.

    That is the ``.restore-*`` copies beside the database (with their log files) and
    half-written start-up backups in the backups folder untouched for
    :data:`STALE_PART_SECONDS`. Returns what was removed. A restore in progress holds the
    data folder's instance lock, so unless the caller says it holds that lock itself
    (``lock_held``), the lock is taken for the moment it takes; if another VisitDesk has the
    folder, nothing is touched.
    """
    if not lock_held:
        from visitdesk.storage.instance import InstanceLock

        lock = InstanceLock(data_dir)
        try:
            lock.acquire()
        except UserError:
            return []  # in use, perhaps by a restore: leave its files alone
        try:
            return remove_leftovers(data_dir, lock_held=True)
        finally:
            lock.release()
    removed: list[Path] = []
    for leftover in _leftover_names(data_dir):
        try:
            info = leftover.lstat()
            if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
                continue
            leftover.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("could not remove a leftover file (errno %s)", exc.errno)
            continue
        removed.append(leftover)
    if removed:
        log.info("removed %d file(s) left by an interrupted restore or backup", len(removed))
    return removed


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
            "cannot tell whether it holds newer records"
        )
    if found.device_id != backup.device_id:
        raise NewerData(f"this backup is from another installation ({backup.worker_name})")
    if found.newer_than(backup):
        raise NewerData(
            f"the database in place is newer than this backup (it has {found.describe()}; "
            f"the backup has {backup.describe()})"
        )


def finish_restore(prepared: PreparedRestore, *, at: datetime | None = None) -> Path | None:
    """Put the prepared backup in place; returns where the replaced database was kept."""
    at = at or stamp_now()
    target = paths.database_path(prepared.data_dir)
    keep_in = backups_dir(prepared.data_dir) / f"{paths.REPLACED_PREFIX}{at:%Y%m%d-%H%M%S}"
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
    from sqlalchemy import select

    from visitdesk.storage import audit
    from visitdesk.storage.models import Installation

    with db.transaction() as session:
        row = session.scalar(select(Installation).limit(1))
        audit.append(
            session,
            at=at,
            actor=row.worker_name,
            device_id=row.device_id,
            action="restore",
            entity="database",
            detail=f"backup with {prepared.backup.describe()}",
        )


@dataclass(frozen=True)
class Restored:
    backup: Freshness
    kept: Path | None
    changes: Changes = Changes.everything()  # another copy of every record is in place


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


def _write_problem(exc: OSError, folder: Path) -> UserError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            "the disk is full, so the backup was not restored; free some space and try again"
        )
    if exc.errno == errno.EROFS or isinstance(exc, PermissionError):
        return UserError(
            f"VisitDesk cannot write to its data folder {folder}; ask your IT service desk"
        )
    return UserError(f"the backup could not be restored ({exc.strerror or exc})")


def clear_interrupted_work(data_dir: Path) -> list[Path]:
    """What a passphrase change or restore killed midway left behind: encrypted copies, never
    the database or its backups. Call it holding the data folder's instance lock."""
    from visitdesk.storage.database import remove_rekey_leftovers

    return remove_rekey_leftovers(data_dir) + remove_leftovers(data_dir, lock_held=True)
