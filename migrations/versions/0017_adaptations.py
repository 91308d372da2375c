"""adaptations: a case study or resource may name the original it was adapted from

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 16:00:00.000000

Search and the lists group adaptations under their original instead of listing near-identical
items as equals. Deleting an original leaves its adaptations standing on their own (SET NULL).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TABLES = ("case_study", "resource")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("adapted_from_id", sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_adapted_from_id"), ["adapted_from_id"], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_adapted_from_id_{table}"),
                table,
                ["adapted_from_id"],
                ["id"],
                ondelete="SET NULL",
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_adapted_from_id_{table}"), type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_adapted_from_id"))
            batch_op.drop_column("adapted_from_id")
