"""authority, checks frozen at completion, plan meetings and holidays, visit outcome

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 15:00:00.000000

* ``installation.authority_id``: the authority whose standards judge this installation. An
  existing installation upgrades to the shipped authority that holds its profile; a profile
  no one authority holds (the looked-after regulations) is kept alone (empty authority).
* ``visits.completion_check``: the findings exactly as shown when the record was completed,
  with the standards and versions used (JSON; empty until completed).
* ``visits.outcome`` and ``visits.contact``: a visit the worker could not attend
  ("cancelled"), and contact by video or an agency while the family is on holiday.
* ``plans.meetings`` and ``plans.holidays``: the plan's meetings and recorded family
  holidays (JSON lists), kept on the plan so they travel and are owned as the plan is.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The shipped authorities as they stood when this migration was written: which one holds
# each profile. A migration keeps its own copy so later changes to the data files cannot
# change what an old database upgrades to.
_AUTHORITY_OF_PROFILE = {
    "getting-it-right-2018": "getting-it-right",
    "seen-alone-guidance": "getting-it-right",
    "leicestershire-cin-2024": "leicestershire",
    "visiting-policy-2019": "childrens-social-care-2019",
}


def upgrade() -> None:
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("authority_id", sa.String(length=64), nullable=False, server_default="")
        )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("contact", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("completion_check", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("meetings", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("holidays", sa.Text(), nullable=False, server_default=""))
    installation = sa.table(
        "installation", sa.column("policy_id", sa.String), sa.column("authority_id", sa.String)
    )
    for profile, authority in _AUTHORITY_OF_PROFILE.items():
        op.execute(
            installation.update()
            .where(installation.c.policy_id == profile)
            .values(authority_id=authority)
        )


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("holidays")
        batch_op.drop_column("meetings")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("completion_check")
        batch_op.drop_column("contact")
        batch_op.drop_column("outcome")
    with op.batch_alter_table("installation", schema=None) as batch_op:
        batch_op.drop_column("authority_id")
