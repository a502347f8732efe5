"""An unlocked VisitDesk: the open database plus who is using it. Every use case takes one.

Passing this explicitly (rather than a global) keeps tests independent of each other. A
workspace can be locked (the key and every connection dropped) and unlocked again with the
passphrase; widgets keep the same workspace throughout.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from visitdesk import paths
from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.storage import audit
from visitdesk.storage.database import (
    Database,
    DatabaseDamaged,
    change_key,
    create_database,
    damaged_message,
    open_database,
    stamp_now,
)
from visitdesk.storage.models import REGIONS, ROLES, Installation, Setting

log = logging.getLogger(__name__)

IDLE_LOCK_KEY = "idle_lock_minutes"
IDLE_LOCK_DEFAULT = 15
# Settings kept as whole numbers: (what it is, lowest, highest, default). An unreadable or
# out-of-range value counts as the default.
NUMBER_SETTINGS = {
    IDLE_LOCK_KEY: ("minutes without use before the app locks itself", 1, 240, IDLE_LOCK_DEFAULT),
    "backups_kept": ("how many start-up backups to keep", 1, 100, 7),
}
MIN_PASSPHRASE = 8
# Failed unlocks cannot be written to the encrypted database (there is no key yet), so they
# are counted in this small plain file, which holds a number and nothing else, and written to
# the audit trail at the next successful unlock.
FAILED_UNLOCKS_NAME = "failed-unlocks"


@dataclass(frozen=True)
class Identity:
    """Who this installation belongs to."""

    device_id: str
    worker_name: str
    team: str
    role: str
    policy_id: str
    region: str


@dataclass
class Workspace:
    db: Database
    data_dir: Path
    identity: Identity
    clock: Callable[[], datetime] = field(default=stamp_now)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    @property
    def is_manager(self) -> bool:
        return self.identity.role == "manager"

    def audit(self, session, action: str, entity: str, entity_id: str = "",  # noqa: ANN001
              detail: str = "") -> None:
        audit.append(session, at=self.now(), actor=self.identity.worker_name,
                     device_id=self.identity.device_id, action=action, entity=entity,
                     entity_id=entity_id, detail=detail)

    def setting(self, key: str, default: str = "") -> str:
        with self.db.sessions() as session:
            value = session.get(Setting, key)
            return value.value if value is not None else default

    def set_setting(self, key: str, value: str) -> None:
        with self.db.transaction() as session:
            session.merge(Setting(key=key, value=value))

    def close(self) -> None:
        self.db.close()

    # --- locking ----------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return not self.db.is_open

    def lock(self) -> None:
        """Drop the key: dispose of the engine and every pooled connection."""
        self.db.close()
        log.info("locked")

    def unlock(self, passphrase: str) -> None:
        """Open the database again with the passphrase; wrong ones are counted, then audited."""
        if not self.locked:
            return
        db = _open_counting(self.data_dir, passphrase)
        try:
            identity = _load_identity(db)
            if identity.device_id != self.identity.device_id:
                raise UserError("the database in this folder belongs to another installation; "
                                "restart VisitDesk to open it")
            _record_failed_unlocks(db, identity, self.data_dir, self.now())
        except Exception:
            db.close()
            raise
        self.db = db
        self.identity = identity
        log.info("unlocked")

    def number_setting(self, key: str) -> int:
        """One of :data:`NUMBER_SETTINGS`, its default if unset or out of range."""
        _what, low, high, default = NUMBER_SETTINGS[key]
        try:
            value = int(self.setting(key, str(default)))
        except ValueError:
            return default
        return value if low <= value <= high else default

    def idle_lock_minutes(self) -> int:
        """Minutes without use before the app locks itself (setting idle_lock_minutes)."""
        return self.number_setting(IDLE_LOCK_KEY)

    def change_passphrase(self, old: str, new: str, again: str | None = None) -> None:
        """Re-key the database; the workspace stays open under the new passphrase.

        The old passphrase keeps working until the new copy is complete and in place.
        """
        check_new_passphrase(old, new, again)
        if self.locked:
            raise UserError("VisitDesk is locked; unlock it first")
        path = self.db.path
        try:
            probe = open_database(path, old, upgrade=False)
        except WrongPassphrase:
            raise WrongPassphrase("the current passphrase is not right; nothing was changed") \
                from None
        probe.close()
        self.db.close()
        try:
            change_key(path, old, new)
        finally:
            # Whatever happened, open again: under the new passphrase if it took, else the old.
            try:
                self.db = open_database(path, new)
            except WrongPassphrase:
                self.db = open_database(path, old)
        with self.db.transaction() as session:
            self.audit(session, "change_passphrase", "installation")
        log.info("passphrase changed")


def check_new_passphrase(old: str, new: str, again: str | None = None) -> None:
    """Refuse a new passphrase that is too short, unchanged or typed differently twice."""
    if again is not None and new != again:
        raise UserError("the two new passphrases are different; nothing was changed")
    if len(new) < MIN_PASSPHRASE:
        raise UserError(f"the new passphrase must be at least {MIN_PASSPHRASE} characters long")
    if new == old:
        raise UserError("the new passphrase is the same as the old one; nothing was changed")


def change_passphrase(data_dir: Path, old: str, new: str) -> None:
    """Re-key the database in ``data_dir`` (the command line's way in)."""
    ws = open_workspace(data_dir, old)
    try:
        ws.change_passphrase(old, new)
    finally:
        ws.close()


# --- failed unlocks -------------------------------------------------------------------------


def _failures_file(data_dir: Path) -> Path:
    return data_dir / FAILED_UNLOCKS_NAME


def failed_unlocks(data_dir: Path) -> int:
    try:
        return max(0, int(_failures_file(data_dir).read_text(encoding="ascii").strip() or 0))
    except (OSError, ValueError):
        return 0


def _note_failed_unlock(data_dir: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only folder must not hide the real message
        target = _failures_file(data_dir)
        temp = target.with_name(target.name + ".part")
        temp.write_text(str(failed_unlocks(data_dir) + 1), encoding="ascii")
        os.replace(temp, target)


def _record_failed_unlocks(db: Database, identity: Identity, data_dir: Path,
                           at: datetime) -> None:
    count = failed_unlocks(data_dir)
    if not count:
        return
    s = "" if count == 1 else "s"
    with db.transaction() as session:
        audit.append(session, at=at, actor=identity.worker_name, device_id=identity.device_id,
                     action="unlock_failures", entity="installation",
                     detail=f"{count} failed attempt{s} since last unlock")
    with contextlib.suppress(OSError):
        _failures_file(data_dir).unlink()


def _open_counting(data_dir: Path, passphrase: str) -> Database:
    try:
        return open_database(paths.database_path(data_dir), passphrase)
    except WrongPassphrase:
        _note_failed_unlock(data_dir)
        raise
    except DatabaseDamaged:
        from visitdesk.services.backup import latest_backup

        raise DatabaseDamaged(damaged_message(latest_backup(data_dir))) from None


def _load_identity(db: Database) -> Identity:
    with db.sessions() as session:
        row = session.scalar(select(Installation).limit(1))
    if row is None:
        raise UserError("this database has not been set up; run 'visitdesk init'")
    return Identity(row.device_id, row.worker_name, row.team, row.role, row.policy_id, row.region)


def open_workspace(data_dir: Path, passphrase: str) -> Workspace:
    """Unlock the database in ``data_dir``."""
    db = _open_counting(data_dir, passphrase)
    try:
        identity = _load_identity(db)
        _record_failed_unlocks(db, identity, data_dir, stamp_now())
        return Workspace(db, data_dir, identity)
    except Exception:
        db.close()
        raise


def initialise(data_dir: Path, passphrase: str, *, name: str, role: str, policy_id: str,
               team: str = "", region: str = "england-and-wales") -> Workspace:
    """Set up a new installation: database, device keys and who uses it."""
    from visitdesk.standards import load_policy
    from visitdesk.sync.identity import DeviceIdentity

    name = name.strip()
    if not name:
        raise UserError("please give your name")
    if role not in ROLES:
        raise UserError(f"role must be worker or manager, not {role!r}")
    if region not in REGIONS:
        raise UserError(f"region must be one of {', '.join(REGIONS)}, not {region!r}")
    load_policy(policy_id)  # refuses an unknown standard before any file is made
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"the passphrase must be at least {MIN_PASSPHRASE} characters long")
    identity = DeviceIdentity.generate()
    db = create_database(paths.database_path(data_dir), passphrase)
    now = stamp_now()
    try:
        with db.transaction() as session:
            session.add(Installation(
                id=1, device_id=identity.device_id, worker_name=name, team=team.strip(),
                role=role, policy_id=policy_id, region=region,
                device_secret=identity.to_secret_bytes(), created_at=now,
            ))
            audit.append(session, at=now, actor=name, device_id=identity.device_id,
                         action="setup", entity="installation", detail=role)
        return Workspace(db, data_dir, _load_identity(db))
    except Exception:
        db.close()
        raise
