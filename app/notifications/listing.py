"""Reading notifications: the page grouped by day, opening one, marking all read."""

from itertools import groupby

from flask import abort
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models_base import utcnow
from app.notifications.models import Notification
from app.templating import to_london

PER_PAGE = 30


def page(user, number=1, per_page=PER_PAGE):
    """(pagination, [(London date, [Notification])]) newest first."""
    stmt = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .options(joinedload(Notification.actor))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    pagination = db.paginate(stmt, page=number, per_page=per_page, error_out=False)
    days = [(day, list(rows)) for day, rows in groupby(pagination.items, key=lambda n: to_london(n.created_at).date())]
    return pagination, days


def open_one(user, notification_id):
    """Mark the member's notification read and return where it leads; 404 for anyone else's."""
    row = db.session.get(Notification, notification_id)
    if row is None or row.user_id != user.id:
        abort(404)
    if row.read_at is None:
        row.read_at = utcnow()
        db.session.commit()
    return row.url


def mark_all_read(user):
    """Mark every unread notification of the member read; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return result.rowcount


def latest_unread(user, types, limit=8):
    """The member's newest unread notifications of `types` (for the home page)."""
    return db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None), Notification.type.in_(types))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
