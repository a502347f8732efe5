"""The hub's PostgreSQL connection and its schema, brought up to date by Alembic."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from visitdesk.errors import UserError

MIGRATIONS = Path(__file__).with_name("migrations")


def engine_for(url: str, *, pool_size: int = 20) -> Engine:
    """An engine for ``url``, which must name a PostgreSQL database (psycopg 3)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserError("the database must be a PostgreSQL URL: postgresql://...") from None
    if parsed.get_backend_name() != "postgresql":
        raise UserError("the hub keeps its data in PostgreSQL: give a postgresql:// URL")
    parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(
        parsed,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10},
    )


def migrate(engine: Engine) -> str:
    """Create or upgrade the hub's schema; returns the revision it is at."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            return MigrationContext.configure(
                connection, opts={"version_table": "hub_alembic_version"}
            ).get_current_revision()
    except OperationalError as exc:
        raise UserError(f"the hub's database cannot be reached: {_reason(exc)}") from None


def _reason(exc: OperationalError) -> str:
    text = str(exc.orig).strip().splitlines()
    return text[0] if text else "no answer"
