"""outgoing email: each message a row, written with the change that caused it, sent by a job

Revision ID: 0014_jobs
Revises: 0020
Create Date: 2026-11-29 16:40:00.000000

Email used to be held in memory until the commit and then sent; a process that died, or an
SMTP server that was down, lost it. Now each message is a row committed with the change that
caused it, sent after the commit by a job and, if refused, tried again with a doubling delay.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_jobs"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outgoing_email",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_email")),
    )
    with op.batch_alter_table("outgoing_email", schema=None) as batch_op:
        batch_op.create_index("ix_outgoing_email_due", ["sent_at", "next_attempt_at"], unique=False)


def downgrade():
    with op.batch_alter_table("outgoing_email", schema=None) as batch_op:
        batch_op.drop_index("ix_outgoing_email_due")
    op.drop_table("outgoing_email")
