"""The search outbox: index changes recorded in the same transaction as the content change."""

from app.auth.models import utcnow
from app.extensions import db


class SearchOutbox(db.Model):
    """One pending index change. Applied after commit; deleted once applied."""

    __tablename__ = "search_outbox"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)
    object_id = db.Column(db.Integer, nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow)
    __table_args__ = (db.Index("ix_search_outbox_kind_object", "kind", "object_id"),)
