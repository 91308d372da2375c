"""Saving items, taking them off the list, and the member's Saved page."""

from flask import abort
from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.routing import paginate_within
from app.saved.models import SavedItem
from app.saved.registry import kind_for, kinds

PER_PAGE = 20


def _visible_or_404(user, kind, object_id):
    """The registered kind, when the item exists and the member may see it; 404 otherwise."""
    saveable = kind_for(kind)
    if saveable is None or object_id not in saveable.load([object_id], user):
        abort(404)
    return saveable


def _row(user, kind, object_id):
    return db.session.scalar(
        select(SavedItem).where(SavedItem.user_id == user.id, SavedItem.kind == kind, SavedItem.object_id == object_id)
    )


def save(user, kind, object_id):
    """Save an item the member can see (saving twice keeps one); 404 for unknown or hidden items."""
    saveable = _visible_or_404(user, kind, object_id)
    if _row(user, kind, object_id) is None:
        db.session.add(SavedItem(user_id=user.id, kind=kind, object_id=object_id))
        try:
            db.session.commit()
        except IntegrityError:  # saved at the same moment in another tab: one row is enough
            db.session.rollback()
    return saveable


def remove(user, kind, object_id):
    """Take an item off the member's list (even if they can no longer see it); 404 if it is not on it."""
    if kind_for(kind) is None:
        abort(404)
    row = _row(user, kind, object_id)
    if row is None:
        abort(404)
    db.session.delete(row)
    db.session.commit()


def is_saved(user, kind, object_id):
    """True when the member has saved the item."""
    return _row(user, kind, object_id) is not None


def _listed(user):
    """SQL condition on SavedItem: a registered kind, and an item its kind still lists to the member."""
    where = []
    for saveable in kinds():
        same_kind = SavedItem.kind == saveable.kind
        if saveable.listed is not None:
            same_kind = and_(same_kind, SavedItem.object_id.in_(saveable.listed(user)))
        where.append(same_kind)
    return or_(false(), *where)


def counts(user):
    """{kind: how many the member has saved} for registered kinds, counting only what is listed (one query)."""
    rows = db.session.execute(
        select(SavedItem.kind, func.count(SavedItem.id))
        .where(SavedItem.user_id == user.id, _listed(user))
        .group_by(SavedItem.kind)
    ).all()
    return dict(rows)


def saved_page(user, kind=None, page=1, per_page=PER_PAGE):
    """(pagination, [(SavedItem, SavedView or None)]) newest first; one query per kind on the page."""
    stmt = select(SavedItem).where(SavedItem.user_id == user.id, _listed(user))
    if kind is not None:
        stmt = stmt.where(SavedItem.kind == kind)
    pagination = paginate_within(stmt.order_by(SavedItem.created_at.desc(), SavedItem.id.desc()), page, per_page)
    views = {}
    for saveable in kinds():
        ids = [row.object_id for row in pagination.items if row.kind == saveable.kind]
        if ids:
            views[saveable.kind] = saveable.load(ids, user)
    return pagination, [(row, views.get(row.kind, {}).get(row.object_id)) for row in pagination.items]
