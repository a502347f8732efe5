"""households: which household a child lives in, since when, and visits made to a household

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 19:10:00.000000

* ``children.household_since``: the day the child joined their current household
  (``household_id``); null when not known or when the child is in no household.
* ``children.household_history``: the households the child lived in before, as a JSON list of
  ``{"household", "from", "until"}`` (empty while there are none).
* ``visits.household_visit``: an id shared by the records of one visit to several children of
  a household (null for a visit to one child).
* an index on ``visits.conflict_of``: a record's conflicting copy is found at once, not by
  reading every record (opening a record on a large caseload took seconds).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.add_column(sa.Column("household_since", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("household_history", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("household_visit", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_visits_household_visit", ["household_visit"], unique=False)
        batch_op.create_index("ix_visits_conflict_of", ["conflict_of"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_conflict_of")
        batch_op.drop_index("ix_visits_household_visit")
        batch_op.drop_column("household_visit")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_column("household_history")
        batch_op.drop_column("household_since")
