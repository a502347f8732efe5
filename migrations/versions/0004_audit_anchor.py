"""audit anchor: entry numbers never given twice, and a signed head where the trail ends

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 14:00:00.000000

The audit table is rebuilt with AUTOINCREMENT (SQLite cannot add it to an existing table),
keeping every entry and both protecting triggers. The new ``audit_head`` row records where
the trail ends now, signed by the device key; ``team_audit_heads`` records where other devices
say their trails end.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = "seq, id, at, actor, device_id, action, entity, entity_id, detail, prev_hash, hash"
_REFUSE = "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"


def _audit_table(name: str, *, autoincrement: bool) -> None:
    op.create_table(
        name,
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_events"),
        sa.UniqueConstraint("id", name="uq_audit_events_id"),
        sqlite_autoincrement=autoincrement,
    )


def _rebuild_audit_events(*, autoincrement: bool) -> None:
    """Copy every entry into a new table of the wanted kind, then put the triggers back."""
    bind = op.get_bind()
    before = bind.exec_driver_sql("SELECT count(*), COALESCE(max(seq), 0) FROM audit_events").one()
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    _audit_table("_audit_events_new", autoincrement=autoincrement)
    # Inserting the old numbers sets SQLite's counter (sqlite_sequence) to the highest.
    op.execute(
        f"INSERT INTO _audit_events_new ({_COLUMNS}) "
        f"SELECT {_COLUMNS} FROM audit_events ORDER BY seq"
    )
    op.drop_table("audit_events")
    op.rename_table("_audit_events_new", "audit_events")
    after = bind.exec_driver_sql("SELECT count(*), COALESCE(max(seq), 0) FROM audit_events").one()
    if tuple(after) != tuple(before):
        raise RuntimeError("the audit log did not copy whole; nothing was changed")
    op.execute(f"CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events {_REFUSE}")
    op.execute(f"CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events {_REFUSE}")


def upgrade() -> None:
    _rebuild_audit_events(autoincrement=True)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "team_audit_heads",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_team_audit_heads")),
    )

    # The head starts where the trail ends today, signed by this installation's key. A new,
    # empty database gets its head with its first entry.
    bind = op.get_bind()
    last = bind.exec_driver_sql(
        "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"
    ).first()
    if last is not None:
        from visitdesk.storage.audit import sign_head

        count = bind.exec_driver_sql("SELECT count(*) FROM audit_events").scalar()
        secret = bind.exec_driver_sql(
            "SELECT device_secret FROM installation ORDER BY id LIMIT 1"
        ).scalar()
        signature = b""
        if secret:
            try:
                signature = sign_head(bytes(secret), last.seq, last.hash, count)
            except ValueError:
                signature = b""  # no usable key: the check will say so
        bind.exec_driver_sql(
            "INSERT INTO audit_head (id, seq, hash, count, signature) VALUES (1, ?, ?, ?, ?)",
            (last.seq, last.hash, count, signature),
        )

    # The head only moves forward and is never removed, like the trail it describes.
    op.execute(f"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head {_REFUSE}")
    op.execute(
        "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head "
        "WHEN NEW.seq <= OLD.seq OR NEW.count <= OLD.count OR NEW.id != OLD.id "
        f"{_REFUSE}"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_head_forward_only")
    op.execute("DROP TRIGGER IF EXISTS audit_head_no_delete")
    op.drop_table("team_audit_heads")
    op.drop_table("audit_head")
    _rebuild_audit_events(autoincrement=False)
