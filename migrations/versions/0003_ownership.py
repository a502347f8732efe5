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
            sa.Column("decided_device", sa.String(length=64), nullable=False, server_default="")
        )
    # A child belongs to the device its records came from, else the device whose audit trail
    # (as received by a manager) shows it adding the child. On a worker's installation a child
    # with neither was added here; on a manager's it is left unowned, and the first enrolled
    # worker whose bundle carries it claims it. Decisions already made keep an empty device:
    # who made them is unknown.
    op.execute(
        "UPDATE children SET origin_device = COALESCE("
        "(SELECT v.origin_device FROM visits v WHERE v.child_id = children.id "
        "AND v.origin_device != '' ORDER BY v.created_at LIMIT 1), "
        "(SELECT t.device_id FROM team_audit_events t WHERE t.entity = 'child' "
        "AND t.action = 'create' AND t.entity_id = children.id LIMIT 1), "
        "(SELECT device_id FROM installation WHERE role = 'worker' LIMIT 1), '')"
    )


def downgrade() -> None:
    with op.batch_alter_table("authorisation_tasks", schema=None) as batch_op:
        batch_op.drop_column("decided_device")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_column("origin_device")
