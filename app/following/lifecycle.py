"""Follows in a member's data export; when a member is deleted, their own follows go by ON DELETE
CASCADE and the follows of them (kind "member", named by their id) go here."""

from sqlalchemy import delete

from app.extensions import db
from app.following.models import Follow
from app.following.services import FOLLOWS
from app.signals import member_deleting, member_exporting


@member_exporting.connect
def following_export(user):
    """What the member follows: the kind, the item's title and address while they can still see it."""
    return "following", FOLLOWS.export(user, "followed_at")


@member_deleting.connect
def following_delete(user):
    """Nobody follows a deleted member any more."""
    db.session.execute(delete(Follow).where(Follow.kind == "member", Follow.object_id == user.id))
