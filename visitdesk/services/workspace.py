"""An unlocked VisitDesk: the open database plus who is using it. Every use case takes one.

Passing this explicitly (rather than a global) keeps tests independent of each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from visitdesk import paths
from visitdesk.errors import UserError
from visitdesk.storage import audit
from visitdesk.storage.database import Database, create_database, open_database, stamp_now
from visitdesk.storage.models import REGIONS, ROLES, Installation, Setting


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


def _load_identity(db: Database) -> Identity:
    with db.sessions() as session:
        row = session.scalar(select(Installation).limit(1))
    if row is None:
        raise UserError("this database has not been set up; run 'visitdesk init'")
    return Identity(row.device_id, row.worker_name, row.team, row.role, row.policy_id, row.region)


def open_workspace(data_dir: Path, passphrase: str) -> Workspace:
    """Unlock the database in ``data_dir``."""
    db = open_database(paths.database_path(data_dir), passphrase)
    try:
        return Workspace(db, data_dir, _load_identity(db))
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
    if len(passphrase) < 8:
        raise UserError("the passphrase must be at least 8 characters long")
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
