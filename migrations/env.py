"""Alembic environment: runs over the connection VisitDesk hands in (already keyed)."""

from alembic import context

from visitdesk.storage.models import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "VisitDesk migrations run through the application (visitdesk.storage.migrate), "
        "which supplies the encrypted connection"
    )

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
