"""Comments on published items of every publishable type."""

from app.extensions import db
from app.models_base import ItemRef, created_column, user_fk


class Comment(ItemRef, db.Model):
    """A member's comment; moderators may hide it with a reason (it is kept, not deleted)."""

    __tablename__ = "comment"
    __table_args__ = (db.Index("ix_comment_object", "kind", "object_id"),)

    author_id = user_fk()
    body = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text, nullable=False)
    created_at = created_column()
    edited_at = db.Column(db.DateTime(timezone=True), nullable=True)
    hidden_at = db.Column(db.DateTime(timezone=True), nullable=True, index=True)
    hidden_reason = db.Column(db.String(500), nullable=True)
    hidden_by_id = user_fk(index=False)

    author = db.relationship("User", foreign_keys=[author_id])
    hidden_by = db.relationship("User", foreign_keys=[hidden_by_id])

    @property
    def is_hidden(self):
        return self.hidden_at is not None
