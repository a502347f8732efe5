"""A bundle is numbered in its sender's series for the one it is meant for: a worker's one
series to the team, a manager's one series for each worker's device.

Revision ID: h0002
Revises: h0001
"""

from alembic import op

revision = "h0002"
down_revision = "h0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # h0001 left the constraint to PostgreSQL's own name for it.
    op.drop_constraint("hub_bundles_origin_device_sequence_key", "hub_bundles", type_="unique")
    op.create_unique_constraint(
        "uq_hub_bundles_series", "hub_bundles", ["origin_device", "meant_for", "sequence"]
    )


def downgrade() -> None:
    op.drop_constraint("uq_hub_bundles_series", "hub_bundles", type_="unique")
    op.create_unique_constraint(
        "hub_bundles_origin_device_sequence_key", "hub_bundles", ["origin_device", "sequence"]
    )
