"""The header's unread counts, read together in one query per request.

Each feature with a count in the header (the inbox's new conversations, the notifications'
unread ones) registers `build(user) -> a SELECT of one number`; `unread_counts(user)` asks for
all of them in one statement (each a scalar subquery on its own index) and keeps the answer on
`g` for the rest of the request, so two header links cost one query.
"""

from flask import g
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.notifications.models import Notification

_COUNTERS = {}


def register_counter(name, build):
    """Add a header count: `build(user)` returns a SELECT of one number for that member."""
    _COUNTERS[name] = build


def _notifications(user):
    return select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))


register_counter("notifications", _notifications)


def unread_counts(user):
    """{name: count} for every registered counter, for `user`: one query per request."""
    cache = g.setdefault("unread_counts", {})
    if user.id not in cache:
        names = sorted(_COUNTERS)
        row = db.session.execute(select(*[_COUNTERS[n](user).scalar_subquery().label(n) for n in names])).one()
        cache[user.id] = dict(zip(names, row, strict=True))
    return cache[user.id]


def unread_count(user, name):
    """One of the counts, or None when the database cannot answer (an error page's header still renders)."""
    try:
        return unread_counts(user)[name]
    except SQLAlchemyError:
        db.session.rollback()
        return None
