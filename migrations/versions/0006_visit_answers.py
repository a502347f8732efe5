"""answers to visit fields added after the visits table's columns

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 17:00:00.000000

* ``visits.answers``: the answers to every field the field catalogue adds from now on, as one
  JSON object keyed by field name (empty while there are none). A new field is then a
  catalogue entry, with no migration of its own.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answers", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("answers")
