"""event venues get a postcode (shown with an OpenStreetMap link and written into calendars)

Revision ID: 0018
Revises: 0014
Create Date: 2026-11-29 16:00:00

The brief numbers this revision after 0013; it follows 0014 here because this branch carries the
spaces migration, and Alembic needs one head. The integrator re-chains the revisions on main.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("postcode", sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("postcode")
