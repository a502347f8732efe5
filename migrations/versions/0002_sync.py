"""sync: peers, bundle log, team audit, change tracking

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 23:22:14.476221
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "bundle_log",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("peer_device_id", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundle_log")),
    )
    with op.batch_alter_table("bundle_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bundle_log_peer_device_id"), ["peer_device_id"], unique=False
        )

    op.create_table(
        "peers",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("card", sa.LargeBinary(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("last_sent_sequence", sa.Integer(), nullable=False),
        sa.Column("acked_sequence", sa.Integer(), nullable=False),
        sa.Column("acked_high_water", sa.Integer(), nullable=False),
        sa.Column("acked_audit_seq", sa.Integer(), nullable=False),
        sa.Column("last_received_sequence", sa.Integer(), nullable=False),
        sa.Column("received_high_water", sa.Integer(), nullable=False),
        sa.Column("received_audit_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_peers")),
    )
    op.create_table(
        "team_audit_events",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "seq", name=op.f("pk_team_audit_events")),
    )
    with op.batch_alter_table("addenda", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_seq", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_addenda_change_seq"), ["change_seq"], unique=False)

    with op.batch_alter_table("authorisation_tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_seq", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(
            batch_op.f("ix_authorisation_tasks_change_seq"), ["change_seq"], unique=False
        )

    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_seq", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_children_change_seq"), ["change_seq"], unique=False)

    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("change_seq", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_plans_change_seq"), ["change_seq"], unique=False)

    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("synced_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("change_seq", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_index(batch_op.f("ix_visits_change_seq"), ["change_seq"], unique=False)

    # Records made before sync existed have never been sent: mark them as changed once so the
    # first bundle carries them.
    for table in ("children", "plans", "visits", "addenda", "authorisation_tasks"):
        op.execute(f"UPDATE {table} SET change_seq = 1")


def downgrade() -> None:

    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_change_seq"))
        batch_op.drop_column("change_seq")
        batch_op.drop_column("synced_hash")

    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_change_seq"))
        batch_op.drop_column("change_seq")

    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_children_change_seq"))
        batch_op.drop_column("change_seq")

    with op.batch_alter_table("authorisation_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authorisation_tasks_change_seq"))
        batch_op.drop_column("change_seq")

    with op.batch_alter_table("addenda", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_addenda_change_seq"))
        batch_op.drop_column("change_seq")

    op.drop_table("team_audit_events")
    op.drop_table("peers")
    with op.batch_alter_table("bundle_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bundle_log_peer_device_id"))

    op.drop_table("bundle_log")
