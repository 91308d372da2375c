"""co-author invitations

Co-authors are now invited and must accept before they are named or may edit. Existing rows
in case_study_coauthor are untouched, so everyone already a co-author stays accepted.

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-29 13:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_study_coauthor_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_study_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_study_id"],
            ["case_study.id"],
            name=op.f("fk_case_study_coauthor_invitation_case_study_id_case_study"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_study_coauthor_invitation")),
        sa.UniqueConstraint(
            "case_study_id", "email", name=op.f("uq_case_study_coauthor_invitation_case_study_id_email")
        ),
    )
    with op.batch_alter_table("case_study_coauthor_invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_study_coauthor_invitation_email"), ["email"], unique=False)


def downgrade():
    with op.batch_alter_table("case_study_coauthor_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_study_coauthor_invitation_email"))
    op.drop_table("case_study_coauthor_invitation")
