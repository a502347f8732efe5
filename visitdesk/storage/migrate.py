"""Bring a database's schema up to date with Alembic, over the already-keyed connection.

The engine is handed to ``migrations/env.py`` through ``Config.attributes``, so the key is never
written to a file or a URL outside this process. Alembic is loaded only when a schema is to
change: the stored revision is read with one query, and the newest one from the revision
files' own ``revision`` and ``down_revision`` lines.
"""

from __future__ import annotations

import ast
import logging
from datetime import datetime
from typing import TYPE_CHECKING

from visitdesk import paths
from visitdesk.storage.copies import export_copy
from visitdesk.storage.errors import DatabaseTooNew

if TYPE_CHECKING:
    from alembic.config import Config

    from visitdesk.storage.database import Database

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


def known_revisions() -> dict[str, tuple[str, ...]]:
    """Every shipped revision and the revisions it follows, read from the files' top-level
    ``revision`` and ``down_revision`` assignments (never run)."""
    found: dict[str, tuple[str, ...]] = {}
    for script in sorted((paths.migrations_dir() / "versions").glob("*.py")):
        values: dict[str, object] = {}
        for node in ast.parse(script.read_bytes(), filename=script.name).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                values[target.id] = ast.literal_eval(value)
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        before = values.get("down_revision")
        found[revision] = (before,) if isinstance(before, str) else tuple(before or ())
    return found


def head_revision() -> str:
    """The newest revision shipped, without loading Alembic (it checks the same files)."""
    revisions = known_revisions()
    followed = {earlier for before in revisions.values() for earlier in before}
    heads = [revision for revision in revisions if revision not in followed]
    if len(heads) == 1:
        return heads[0]
    from alembic.script import ScriptDirectory  # not one clear head: ask Alembic itself

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database's schema is at, or None for an empty database."""
    with db.engine.connect() as conn:
        known = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).scalar()
        if not known:
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    if len(rows) > 1:
        from alembic.runtime.migration import MigrationContext  # several heads: Alembic says

        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    return rows[0] if rows else None


def upgrade_to(db: Database, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def upgrade_to_head(db: Database) -> None:
    upgrade_to(db, "head")


def upgrade_if_needed(db: Database) -> str | None:
    """Upgrade an older database after writing an encrypted backup beside it.

    The backup takes the database's own key, so it opens with the same passphrase. Returns
    the backup's path as text when an upgrade happened, else None.
    """
    current = current_revision(db)
    if current == head_revision():
        return None
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current == head:
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseTooNew(
            "this database was made by a newer VisitDesk; please update VisitDesk to open it"
        )
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = db.path.with_name(f"{db.path.name}.before-upgrade-{current or 'empty'}-{stamp}")
    export_copy(db, backup)
    log.info("upgrading database schema from %s to %s (backup written)", current, head)
    upgrade_to_head(db)
    return str(backup)
