"""extraction outcome: why a file's text is not searchable

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 13:05:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("search_extracted_text", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), server_default="ok", nullable=False))
        batch_op.add_column(sa.Column("reason", sa.String(length=200), nullable=True))
    # Rows written before limits existed: a recorded parser error means the file was not read.
    op.execute(
        "UPDATE search_extracted_text SET status = 'failed', "
        "reason = 'it could not be read (it may be damaged or protected by a password)' "
        "WHERE error IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("search_extracted_text", schema=None) as batch_op:
        batch_op.drop_column("reason")
        batch_op.drop_column("status")
