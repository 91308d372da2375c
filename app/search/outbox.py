"""Record index changes for registered models inside the transaction that makes them.

A `before_flush` listener adds a SearchOutbox row for every registered object that is new,
changed or deleted, so the change and the record of it commit (or roll back) together. An
`after_commit` hook then asks the search service to apply pending rows; if the process dies
first, the rows stay and the next process (or `flask search apply`) applies them.
"""

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.search.models import SearchOutbox
from app.search.registry import type_for_model

_TOUCHED = "search_touched"


def touch(obj):
    """Mark `obj` for re-indexing in the current transaction (after changing related rows)."""
    from app.extensions import db

    searchable = type_for_model(type(obj))
    if searchable is None or obj.id is None:
        return
    db.session.add(SearchOutbox(kind=searchable.kind, object_id=obj.id))


@event.listens_for(Session, "before_flush")
def _record_changes(session, flush_context, instances):
    pending = session.info.setdefault(_TOUCHED, set())
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        searchable = type_for_model(type(obj))
        if searchable is not None:
            pending.add((searchable.kind, obj))


@event.listens_for(Session, "after_flush")
def _write_outbox(session, flush_context):
    pending = session.info.pop(_TOUCHED, None)
    if not pending:
        return
    rows = {(kind, obj.id) for kind, obj in pending if obj.id is not None}
    for kind, object_id in rows:
        session.add(SearchOutbox(kind=kind, object_id=object_id))


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(_TOUCHED, None)
