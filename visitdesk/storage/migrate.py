"""Bring a database's schema up to date with Alembic, over the already-keyed connection.

The engine is handed to ``migrations/env.py`` through ``Config.attributes``, so the key is never
written to a file or a URL outside this process.
"""

from __future__ import annotations

import logging
from datetime import datetime

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from visitdesk import paths
from visitdesk.storage.database import Database, DatabaseTooNew, export_copy

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to(db: Database, revision: str) -> None:
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
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(db)
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
