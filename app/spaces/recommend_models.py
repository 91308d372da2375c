"""Resources and case studies a space's managers recommend, shown as cards on the space page."""

from app.extensions import db
from app.models_base import ItemRef, created_column, user_fk


class SpaceRecommendation(ItemRef, db.Model):
    """One recommended item (a publishable type's kind and id) in one space."""

    __tablename__ = "space_recommendation"
    __table_args__ = (db.UniqueConstraint("space_id", "kind", "object_id"),)

    space_id = db.Column(db.Integer, db.ForeignKey("space.id", ondelete="CASCADE"), nullable=False, index=True)
    note = db.Column(db.String(300), nullable=False, default="")
    added_by_id = user_fk(index=False)
    created_at = created_column()

    space = db.relationship("Space")
    added_by = db.relationship("User", foreign_keys=[added_by_id])
