"""A member follows an item of any registered followable kind (a topic, a region, a space, a
thread, a member...), named by its kind and id."""

from app.extensions import db
from app.models_base import ItemRef, created_column, user_fk


class Follow(ItemRef, db.Model):
    """One member follows one item (once). The (kind, object_id, user_id) index serves the
    follower count on an item's page and the fan-out to its followers in user order."""

    __tablename__ = "follow"
    __table_args__ = (
        db.UniqueConstraint("user_id", "kind", "object_id"),
        db.Index("ix_follow_item_user", "kind", "object_id", "user_id"),
    )

    user_id = user_fk(ondelete="CASCADE", nullable=False, index=False)
    created_at = created_column()
