"""Follows in a member's data export; when a member is deleted, their own follows go by ON DELETE
CASCADE and the follows of them (kind "member", named by their id) go here."""

from sqlalchemy import delete, select

from app.extensions import db
from app.following.models import Follow
from app.following.registry import kind_for
from app.signals import member_deleting, member_exporting


@member_exporting.connect
def following_export(user):
    """What the member follows: the kind, the item's title and address while they can still see it."""
    rows = db.session.scalars(
        select(Follow).where(Follow.user_id == user.id).order_by(Follow.created_at, Follow.id)
    ).all()
    views = {}
    for kind in {row.kind for row in rows}:
        followable = kind_for(kind)
        if followable is not None:
            views[kind] = followable.load([row.object_id for row in rows if row.kind == kind], user)
    items = []
    for row in rows:
        view = views.get(row.kind, {}).get(row.object_id)
        items.append(
            {
                "kind": row.kind,
                "title": view.title if view else None,
                "url": view.url if view else None,
                "followed_at": row.created_at.isoformat(),
            }
        )
    return "following", items


@member_deleting.connect
def following_delete(user):
    """Nobody follows a deleted member any more."""
    db.session.execute(delete(Follow).where(Follow.kind == "member", Follow.object_id == user.id))
