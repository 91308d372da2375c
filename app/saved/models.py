"""A member's saved items: private bookmarks on items of any registered kind."""

from app.extensions import db
from app.models_base import ItemRef, created_column, user_fk


class SavedItem(ItemRef, db.Model):
    """One member saved one item (once); only they ever see it."""

    __tablename__ = "saved_item"
    __table_args__ = (
        db.UniqueConstraint("user_id", "kind", "object_id"),
        db.Index("ix_saved_item_user_created", "user_id", "created_at"),
    )

    user_id = user_fk(ondelete="CASCADE", nullable=False, index=False)
    created_at = created_column()
