"""onboarding: when a member hid their finished "Get started" steps

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29 16:00:00.000000

New members are led through three steps (confirm email, list a profile, follow topics or join a
space) on their account and home pages until they finish and hide them. Accounts that exist
before this revision joined before the steps did, so they count as having hidden them already:
nobody who has used the site for months is told to "get started".
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("onboarding_dismissed_at", sa.DateTime(timezone=True), nullable=True))
    accounts = sa.table("user_account", sa.column("onboarding_dismissed_at"), sa.column("created_at"))
    op.execute(sa.update(accounts).values(onboarding_dismissed_at=accounts.c.created_at))


def downgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("onboarding_dismissed_at")
