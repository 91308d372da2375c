"""Saved items in a member's data export (deletion needs nothing: ON DELETE CASCADE)."""

from sqlalchemy import select

from app.extensions import db
from app.saved.models import SavedItem
from app.saved.registry import kind_for
from app.signals import member_exporting


@member_exporting.connect
def saved_export(user):
    """What the member saved: the kind, the item's title and address while they can still see it."""
    rows = db.session.scalars(
        select(SavedItem).where(SavedItem.user_id == user.id).order_by(SavedItem.created_at, SavedItem.id)
    ).all()
    views = {}
    for kind in {row.kind for row in rows}:
        saveable = kind_for(kind)
        if saveable is not None:
            views[kind] = saveable.load([row.object_id for row in rows if row.kind == kind], user)
    items = []
    for row in rows:
        view = views.get(row.kind, {}).get(row.object_id)
        items.append(
            {
                "kind": row.kind,
                "title": view.title if view else None,
                "url": view.url if view else None,
                "saved_at": row.created_at.isoformat(),
            }
        )
    return "saved_items", items
