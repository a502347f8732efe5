"""The hub's first schema: devices, bundles, deliveries, nonces, audit trail.

Revision ID: h0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "h0001"
down_revision = None
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "hub_devices",
        sa.Column("device_id", sa.String(32), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("team", sa.String(200), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("signing_key", sa.LargeBinary, nullable=False),
        sa.Column("card", sa.LargeBinary, nullable=False),
        sa.Column("enrolled_at", _WHEN, nullable=False),
        sa.Column("revoked_at", _WHEN, nullable=True),
    )
    op.create_table(
        "hub_bundles",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "origin_device", sa.String(32), sa.ForeignKey("hub_devices.device_id"), nullable=False
        ),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("meant_for", sa.String(32), nullable=False),
        sa.Column("manifest", sa.Text, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("high_water", sa.BigInteger, nullable=False),
        sa.Column("audit_high_water", sa.BigInteger, nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("received_at", _WHEN, nullable=False),
        sa.UniqueConstraint("origin_device", "sequence"),
    )
    op.create_table(
        "hub_deliveries",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("bundle_id", sa.BigInteger, sa.ForeignKey("hub_bundles.id"), nullable=False),
        sa.Column(
            "recipient", sa.String(32), sa.ForeignKey("hub_devices.device_id"), nullable=False
        ),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("done_at", _WHEN, nullable=True),
        sa.UniqueConstraint("bundle_id", "recipient"),
    )
    op.create_index("ix_hub_deliveries_waiting", "hub_deliveries", ["recipient", "done_at", "id"])
    op.create_table(
        "hub_nonces",
        sa.Column("device_id", sa.String(32), primary_key=True),
        sa.Column("nonce", sa.String(32), primary_key=True),
        sa.Column("seen_at", _WHEN, nullable=False, index=True),
    )
    op.create_table(
        "hub_audit",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.Column("device_id", sa.String(32), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for table in ("hub_audit", "hub_nonces", "hub_deliveries", "hub_bundles", "hub_devices"):
        op.drop_table(table)
