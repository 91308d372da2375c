"""Moderation read models: the queues a moderator works through (bounded queries)."""

from flask import g
from sqlalchemy import func, literal, select
from sqlalchemy.exc import SQLAlchemyError

from app.comments.services import hidden_comments
from app.extensions import db
from app.publishing.registry import model_for, models
from app.publishing.services import overdue

QUEUE_LIMIT = 100


def queues():
    """Submitted items, overdue reviews and hidden comments, each capped."""
    submitted, late = [], []
    for model in models():
        stmt = (
            select(model)
            .where(model.status == "submitted")
            .options(db.joinedload(model.author))
            .order_by(model.submitted_at, model.id)
            .limit(QUEUE_LIMIT)
        )
        submitted.extend(db.session.scalars(stmt).all())
        late.extend(overdue(model, limit=QUEUE_LIMIT))
    submitted.sort(key=lambda item: (item.submitted_at is None, item.submitted_at))
    late.sort(key=lambda item: item.review_due)
    comments = hidden_comments(QUEUE_LIMIT)
    targets = _targets(comments)
    return {
        "submitted": submitted,
        "overdue": late,
        "hidden": [(c, targets.get((c.kind, c.object_id))) for c in comments],
    }


def waiting_count():
    """How many submitted items wait for review, across every type: one query on the indexed
    status columns, made at most once a request (the header and the account page share it)."""
    if "_moderation_waiting" not in g:
        counts = [
            select(func.count()).select_from(model).where(model.status == "submitted").scalar_subquery()
            for model in models()
        ]
        total = literal(0)
        for count in counts:
            total = total + count
        g._moderation_waiting = int(db.session.scalar(select(total)) or 0) if counts else 0
    return g._moderation_waiting


def waiting_text():
    """The header link's text, e.g. "Moderation (3 waiting)"; just "Moderation" when the database
    cannot answer (the header of an error page must still render)."""
    try:
        return f"Moderation ({waiting_count()} waiting)"
    except SQLAlchemyError:
        db.session.rollback()
        return "Moderation"


def _targets(comments):
    """The items the comments are on, one query per content type."""
    found = {}
    for model in models():
        ids = {c.object_id for c in comments if c.kind == model.kind}
        if ids:
            for item in db.session.scalars(select(model).where(model.id.in_(ids))):
                found[(model.kind, item.id)] = item
    return found


def get_item(kind, object_id):
    """An item of any publishable type by kind and id, or None."""
    model = model_for(kind)
    return db.session.get(model, object_id) if model else None
