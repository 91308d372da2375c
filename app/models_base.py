"""Foundation for every model: the clock and the column helpers that many tables share.

Shared services and features import these from here (never from one another), so a model
module needs nothing above the foundation layer to define its timestamps and account links.
"""

from datetime import UTC, datetime

from app.extensions import db


def utcnow():
    """Timezone-aware now, stored as UTC."""
    return datetime.now(UTC)


def user_fk(ondelete="SET NULL", nullable=True, index=True):
    """A foreign key to the account table; by default content outlives the account that wrote it."""
    return db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete=ondelete), nullable=nullable, index=index)
