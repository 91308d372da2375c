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


def created_column(index=False):
    """The moment a row was written, filled in by the database session (UTC)."""
    return db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow, index=index)


class ItemRef:
    """A row about one item of any registered type, named by its kind and id (no foreign key,
    since the item may live in any feature's table)."""

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)
    object_id = db.Column(db.Integer, nullable=False)
