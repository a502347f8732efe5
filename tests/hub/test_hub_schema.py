"""The hub's Alembic scripts build exactly the schema its models describe, on PostgreSQL, and
upgrade a hub made by the first release without losing what it holds."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.command import upgrade
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from visitdesk.hub.database import MIGRATIONS, engine_for, migrate
from visitdesk.hub.models import HubBase


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def test_the_migrated_schema_matches_the_models(hub_database_url) -> None:
    engine = engine_for(hub_database_url, pool_size=1)
    try:
        migrate(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "version_table": "hub_alembic_version"}
            )
            assert compare_metadata(context, HubBase.metadata) == []
    finally:
        engine.dispose()


def test_a_first_release_hub_is_upgraded_with_its_bundles_kept(hub_database_url) -> None:
    engine = engine_for(hub_database_url, pool_size=1)
    try:
        with engine.begin() as connection:
            upgrade(_config(connection), "h0001")
            connection.execute(
                text(
                    "INSERT INTO hub_devices VALUES ('w1', 'worker', 'W', 'T', 'f', '', '', now(), "
                    "NULL)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO hub_bundles (origin_device, sequence, kind, meant_for, manifest, "
                    "payload, high_water, audit_high_water, records, received_at) VALUES "
                    "('w1', 1, 'records', 'team', '{}', '', 0, 0, 0, now())"
                )
            )
        assert migrate(engine) == "h0002"
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM hub_bundles")).scalar() == 1
    finally:
        engine.dispose()
