"""ownership: which device a child belongs to, which device made a decision

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 12:10:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin_device", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("authorisation_tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("decided_device", sa.String(length=64), nullable=False,
                      server_default="")
        )
    # A child belongs to the device its records came from; a child with no records yet was
    # added here. Decisions already made keep an empty device: who made them is unknown.
    op.execute(
        "UPDATE children SET origin_device = COALESCE("
        "(SELECT v.origin_device FROM visits v WHERE v.child_id = children.id "
        "AND v.origin_device != '' ORDER BY v.created_at LIMIT 1), "
        "(SELECT device_id FROM installation LIMIT 1), '')"
    )


def downgrade() -> None:
    with op.batch_alter_table("authorisation_tasks", schema=None) as batch_op:
        batch_op.drop_column("decided_device")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_column("origin_device")
