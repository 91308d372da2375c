"""one reuse record per member per item; anonymous downloads counted once per visitor and hour

Revision ID: 0012
Revises: 0007
Create Date: 2026-11-24 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    # Repeated records by one member for one item collapse to their newest one.
    op.execute(
        "DELETE FROM reuse_record WHERE user_id IS NOT NULL AND id NOT IN ("
        " SELECT max_id FROM (SELECT MAX(id) AS max_id FROM reuse_record"
        " WHERE user_id IS NOT NULL GROUP BY kind, object_id, user_id) AS newest)"
    )
    with op.batch_alter_table("reuse_record", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_reuse_record_kind_object_id_user_id"), ["kind", "object_id", "user_id"]
        )
    with op.batch_alter_table("resource_download", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visitor_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_resource_download_resource_id_visitor_key"), ["resource_id", "visitor_key"]
        )


def downgrade():
    with op.batch_alter_table("resource_download", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_resource_download_resource_id_visitor_key"), type_="unique")
        batch_op.drop_column("visitor_key")
    with op.batch_alter_table("reuse_record", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_reuse_record_kind_object_id_user_id"), type_="unique")
