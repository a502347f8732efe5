"""hand-off to the case system: when each record was entered there, and by whom

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 04:00:00.000000

* ``case_system_entries``: one row per visit record once someone says it has been keyed into
  the authority's case system: the day it was entered (``entered_on``; null when the mark was
  taken back), who entered it (``entered_by``, a name as the worker gives it), when the mark
  was made and by which device (``marked_at``, ``marked_device``: on a manager's
  installation the worker's enrolled device whose signed bundle carried it). Kept apart
  from the record, so marking a completed or authorised record changes nothing it says.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_system_entries",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("entered_by", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.Column("marked_device", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("change_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name="fk_case_system_entries_visit_id_visits"
        ),
        sa.PrimaryKeyConstraint("visit_id", name="pk_case_system_entries"),
    )
    with op.batch_alter_table("case_system_entries", schema=None) as batch_op:
        batch_op.create_index("ix_case_system_entries_change_seq", ["change_seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_system_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_case_system_entries_change_seq")
    op.drop_table("case_system_entries")
