"""writing aids: the personal dictionary, words ignored in one record, the next visit's plan

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:30:00.000000

* ``personal_words``: the words a person added to their dictionary, by owner (the name on
  their device card, so a worker's words reach their other installations through the team).
  A word taken out again keeps its row with ``removed`` set, so the removal travels too; the
  latest change to a word wins (``changed_at``).
* ``ignored_words``: words the worker chose to ignore in one record ("Ignore" on the spell
  check's menu). An aid to this installation only: never in a bundle or a print.
* ``children.next_visit_plan``: the plan for the child's next visit (004 I.14) as a JSON
  object of the plan's parts ("" while there is none). Starting a record carries it in.
* ``visits.visit_plan``: the plan carried into the record when it was started, kept with it
  (synced, printed, part of its content), in the same form ("" when there was none).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "personal_words",
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("word", sa.String(length=100), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("owner", "word", name="pk_personal_words"),
    )
    with op.batch_alter_table("personal_words", schema=None) as batch_op:
        batch_op.create_index("ix_personal_words_change_seq", ["change_seq"], unique=False)
    op.create_table(
        "ignored_words",
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("word", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name="fk_ignored_words_visit_id_visits"
        ),
        sa.PrimaryKeyConstraint("visit_id", "word", name="pk_ignored_words"),
    )
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("next_visit_plan", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visit_plan", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("visit_plan")
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_column("next_visit_plan")
    op.drop_table("ignored_words")
    with op.batch_alter_table("personal_words", schema=None) as batch_op:
        batch_op.drop_index("ix_personal_words_change_seq")
    op.drop_table("personal_words")
