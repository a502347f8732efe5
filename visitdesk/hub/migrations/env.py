"""Alembic environment for the hub's PostgreSQL schema (run by ``visitdesk-hub init``)."""

from alembic import context

from visitdesk.hub.models import HubBase

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("the hub's migrations run through visitdesk.hub.database.migrate")

context.configure(
    connection=connection, target_metadata=HubBase.metadata, version_table="hub_alembic_version"
)
with context.begin_transaction():
    context.run_migrations()
