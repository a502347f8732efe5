"""An unlocked VisitDesk: the open database plus who is using it. Every use case takes one.

Passing this explicitly (rather than a global) keeps tests independent of each other. A
workspace can be locked (the key and every connection dropped) and unlocked again with the
passphrase; widgets keep the same workspace throughout.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from visitdesk import paths
from visitdesk.errors import UserError, WrongPassphrase
from visitdesk.names import clean_name, passphrase_problem, user_words
from visitdesk.services.changes import NOTHING, Changes
from visitdesk.storage.database import (
    Database,
    DatabaseDamaged,
    change_key,
    create_database,
    damaged_message,
    open_database,
    stamp_now,
)

# SQLAlchemy, the models and the audit trail are imported in the functions that use them: the
# unlock dialog imports this module, and should not wait for them (the database module loads
# them itself when a database is opened).
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from visitdesk.storage.models import Installation

log = logging.getLogger(__name__)

IDLE_LOCK_KEY = "idle_lock_minutes"
IDLE_LOCK_DEFAULT = 15
# Settings kept as whole numbers: (what it is, lowest, highest, default). An unreadable or
# out-of-range value counts as the default.
NUMBER_SETTINGS = {
    IDLE_LOCK_KEY: ("minutes without use before the app locks itself", 1, 240, IDLE_LOCK_DEFAULT),
    "backups_kept": ("how many start-up backups to keep", 1, 100, 7),
}
# Failed unlocks cannot be written to the encrypted database (there is no key yet), so they
# are counted in this small plain file, which holds a number and nothing else, and written to
# the audit trail at the next successful unlock.
FAILED_UNLOCKS_NAME = "failed-unlocks"
# A re-key builds the new copy in a file beside the database, ".visitdesk.db.<random>.rekey"
# (storage.database.change_key), and removes it once the copy is in place or given up. One
# untouched for longer than this was left by a re-key that was killed, and means nothing now.
REKEY_PATTERN = f".{paths.DATABASE_NAME}.*.rekey"
REKEY_STALE_SECONDS = 600


class PassphraseJustChanged(WrongPassphrase):
    """The passphrase did not open the database because it was being changed meanwhile."""


@dataclass(frozen=True)
class Identity:
    """Who this installation belongs to."""

    device_id: str
    worker_name: str
    team: str
    role: str
    policy_id: str
    region: str
    authority_id: str = ""  # "" when the installation is judged by policy_id alone


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

    def audit(
        self,
        session,
        action: str,
        entity: str,
        entity_id: str = "",  # noqa: ANN001
        detail: str = "",
    ) -> None:
        from visitdesk.storage import audit

        audit.append(
            session,
            at=self.now(),
            actor=self.identity.worker_name,
            device_id=self.identity.device_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
        )

    def setting(self, key: str, default: str = "") -> str:
        from visitdesk.storage.models import Setting

        with self.db.sessions() as session:
            value = session.get(Setting, key)
            return value.value if value is not None else default

    def set_setting(self, key: str, value: str) -> Changes:
        from visitdesk.storage.models import Setting

        with self.db.transaction() as session:
            session.merge(Setting(key=key, value=value))
        return NOTHING  # a setting is never part of a record a view shows

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
                raise UserError(
                    "the database in this folder belongs to another installation; "
                    "restart VisitDesk to open it"
                )
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

    def change_passphrase(self, old: str, new: str, again: str | None = None) -> Changes:
        """Re-key the database; the workspace stays open under the new passphrase.

        The old passphrase keeps working until the new copy is complete and in place.
        """
        check_new_passphrase(
            old, new, again, user_inputs=(self.identity.worker_name, self.identity.team)
        )
        if self.locked:
            raise UserError("VisitDesk is locked; unlock it first")
        path = self.db.path
        try:
            probe = open_database(path, old, upgrade=False)
        except WrongPassphrase:
            raise WrongPassphrase(
                "the current passphrase is not right; nothing was changed"
            ) from None
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
        return NOTHING  # the records are the same records under a new key


def check_new_passphrase(
    old: str, new: str, again: str | None = None, *, user_inputs: Iterable[str] = ()
) -> None:
    """Refuse a new passphrase that is too short, too easy to guess, unchanged or typed
    differently twice. ``user_inputs``: the person's name and team, which it must not be
    made of."""
    if again is not None and new != again:
        raise UserError("the two new passphrases are different; nothing was changed")
    problem = passphrase_problem(new, user_words(*user_inputs), what="new passphrase")
    if problem:
        raise UserError(problem)
    if new == old:
        raise UserError("the new passphrase is the same as the old one; nothing was changed")


def change_passphrase(data_dir: Path, old: str, new: str) -> Changes:
    """Re-key the database in ``data_dir`` (the command line's way in)."""
    ws = open_workspace(data_dir, old)
    try:
        return ws.change_passphrase(old, new)
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
        paths.write_private(temp, str(failed_unlocks(data_dir) + 1))
        os.replace(temp, target)


def _record_failed_unlocks(db: Database, identity: Identity, data_dir: Path, at: datetime) -> None:
    count = failed_unlocks(data_dir)
    if not count:
        return
    from visitdesk.storage import audit

    s = "" if count == 1 else "s"
    with db.transaction() as session:
        audit.append(
            session,
            at=at,
            actor=identity.worker_name,
            device_id=identity.device_id,
            action="unlock_failures",
            entity="installation",
            detail=f"{count} failed attempt{s} since last unlock",
        )
    with contextlib.suppress(OSError):
        _failures_file(data_dir).unlink()


def _file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path``: a re-key puts a new one there, so this changes with it."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _rekey_under_way(data_dir: Path) -> bool:
    """True while a re-key's new copy is being written beside the database."""
    now = time.time()
    with contextlib.suppress(OSError):
        for temp in data_dir.glob(REKEY_PATTERN):
            with contextlib.suppress(OSError):
                if now - temp.stat().st_mtime < REKEY_STALE_SECONDS:
                    return True
    return False


def _open_counting(data_dir: Path, passphrase: str) -> Database:
    path = paths.database_path(data_dir)
    # A passphrase that was right a moment ago fails if another VisitDesk changes it during
    # this attempt (the file is replaced, or its new copy is being written); nobody guessed
    # wrong, so it is not counted as a failed unlock.
    before = _file_identity(path)
    rekeying = _rekey_under_way(data_dir)
    try:
        return open_database(path, passphrase)
    except WrongPassphrase:
        if rekeying or _rekey_under_way(data_dir) or _file_identity(path) != before:
            log.info("unlock failed while the passphrase was being changed; not counted")
            raise PassphraseJustChanged("the passphrase was just changed; try again") from None
        _note_failed_unlock(data_dir)
        raise
    except DatabaseDamaged:
        raise DatabaseDamaged(damaged_message(paths.latest_backup(data_dir))) from None


def _installation(session: Session) -> Installation | None:
    from sqlalchemy import select

    from visitdesk.storage.models import Installation

    return session.scalar(select(Installation).limit(1))


def _load_identity(db: Database) -> Identity:
    with db.sessions() as session:
        row = _installation(session)
    if row is None:
        raise UserError("this database has not been set up; run 'visitdesk init'")
    return Identity(
        row.device_id,
        row.worker_name,
        row.team,
        row.role,
        row.policy_id,
        row.region,
        row.authority_id or "",
    )


def open_workspace(data_dir: Path, passphrase: str) -> Workspace:
    """Unlock the database in ``data_dir``."""
    paths.make_private(data_dir)  # repairs a folder made before files were kept private
    db = _open_counting(data_dir, passphrase)
    try:
        identity = _load_identity(db)
        _record_failed_unlocks(db, identity, data_dir, stamp_now())
        return Workspace(db, data_dir, identity)
    except Exception:
        db.close()
        raise


def initialise(
    data_dir: Path,
    passphrase: str,
    *,
    name: str,
    role: str,
    policy_id: str | None = None,
    authority_id: str | None = None,
    team: str = "",
    region: str | None = None,
) -> Workspace:
    """Set up a new installation: database, device keys and who uses it.

    The standards are chosen by authority (its whole set of profiles, and its region unless
    ``region`` is given) or, for one profile, by ``policy_id``: that profile's authority
    when exactly one shipped authority holds it, else the profile alone.
    """
    from visitdesk.standards.authority import choose_standards
    from visitdesk.storage import audit
    from visitdesk.storage.models import REGIONS, ROLES, Installation
    from visitdesk.sync.identity import DeviceIdentity

    # Refuses an unknown authority or standard before any file is made.
    authority_id, policy_id, default_region = choose_standards(authority_id, policy_id)
    region = default_region if region is None else region

    name = clean_name(name, "name")
    team = clean_name(team, "team name", required=False)
    if role not in ROLES:
        raise UserError(f"role must be worker or manager, not {role!r}")
    if region not in REGIONS:
        raise UserError(f"region must be one of {', '.join(REGIONS)}, not {region!r}")
    problem = passphrase_problem(passphrase, user_words(name, team))
    if problem:
        raise UserError(problem)
    try:
        paths.ensure_private_folder(data_dir)
    except OSError as exc:
        raise UserError(f"cannot create the data folder {data_dir}: {exc.strerror}") from None
    identity = DeviceIdentity.generate()
    db = create_database(paths.database_path(data_dir), passphrase)
    now = stamp_now()
    try:
        with db.transaction() as session:
            session.add(
                Installation(
                    id=1,
                    device_id=identity.device_id,
                    worker_name=name,
                    team=team,
                    role=role,
                    policy_id=policy_id,
                    authority_id=authority_id,
                    region=region,
                    device_secret=identity.to_secret_bytes(),
                    created_at=now,
                )
            )
            audit.append(
                session,
                at=now,
                actor=name,
                device_id=identity.device_id,
                action="setup",
                entity="installation",
                detail=role,
            )
        paths.make_private(data_dir)  # the database and its log, whatever the umask was
        return Workspace(db, data_dir, _load_identity(db))
    except Exception:
        db.close()
        raise


def changes_of_settings() -> Changes:
    """What :func:`change_number_setting`, :func:`change_region` and :func:`rename` change in
    the records the window shows: nothing. A new region applies to children added from now
    on, and records keep the name they were written under."""
    return NOTHING


def change_number_setting(ws: Workspace, key: str, value: object) -> int:
    """Set one of :data:`NUMBER_SETTINGS`, checked against its range, and audit which one
    changed (one transaction). Returns the number now in force."""
    if key not in NUMBER_SETTINGS:
        raise UserError(f"there is no setting called {key!r}")
    from visitdesk.storage.models import Setting

    what, low, high, _default = NUMBER_SETTINGS[key]
    number: int | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = None
    if number is None or not low <= number <= high:
        raise UserError(f"{what} must be a whole number from {low} to {high}, not {value!r}")
    if ws.locked:
        raise UserError("VisitDesk is locked; unlock it first")
    if ws.number_setting(key) == number and ws.setting(key, ""):
        return number
    with ws.db.transaction() as session:
        session.merge(Setting(key=key, value=str(number)))
        ws.audit(session, "change_setting", "installation", detail=key)
    return number


def change_region(ws: Workspace, region: str) -> Identity:
    """The nation whose bank holidays new children's working days are counted by."""
    from visitdesk.storage.models import REGIONS

    if region not in REGIONS:
        raise UserError(f"region must be one of {', '.join(REGIONS)}, not {region!r}")
    if ws.locked:
        raise UserError("VisitDesk is locked; unlock it first")
    if region == ws.identity.region:
        return ws.identity
    with ws.db.transaction() as session:
        row = _installation(session)
        if row is None or row.device_id != ws.identity.device_id:
            raise UserError(
                "the database in this folder belongs to another installation; "
                "restart VisitDesk to open it"
            )
        row.region = region
        ws.audit(session, "change_setting", "installation", detail="region")
    ws.identity = dataclasses.replace(ws.identity, region=region)
    return ws.identity


def rename(ws: Workspace, *, name: str | None = None, team: str | None = None) -> Identity:
    """Change the name and team this installation goes by (None leaves one as it is).

    One transaction, audited by which of the two changed, never by what they say. Records
    already written keep the name they were written under; the team sees the new name only
    from a new card (``syncing.export_card``). Returns the identity now in use.
    """
    if ws.locked:
        raise UserError("VisitDesk is locked; unlock it first")
    old = ws.identity
    new_name = old.worker_name if name is None else clean_name(name, "name")
    new_team = old.team if team is None else clean_name(team, "team name", required=False)
    changed = [
        what
        for what, before, after in (
            ("name", old.worker_name, new_name),
            ("team", old.team, new_team),
        )
        if before != after
    ]
    if not changed:
        return old
    with ws.db.transaction() as session:
        row = _installation(session)
        if row is None or row.device_id != old.device_id:
            raise UserError(
                "the database in this folder belongs to another installation; "
                "restart VisitDesk to open it"
            )
        row.worker_name, row.team = new_name, new_team
        ws.audit(session, "rename", "installation", detail=" and ".join(changed))
    ws.identity = dataclasses.replace(old, worker_name=new_name, team=new_team)
    log.info("the installation's %s changed", " and ".join(changed))
    return ws.identity
