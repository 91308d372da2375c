"""Record index changes for registered models inside the transaction that makes them.

A `before_flush` listener adds a SearchOutbox row for every registered object that is new,
changed or deleted, so the change and the record of it commit (or roll back) together. An
`after_commit` hook then asks the search service to apply pending rows; if the process dies
first, the rows stay and the next process (or `flask search apply`) applies them.
"""

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.search.models import SearchOutbox
from app.search.registry import RelatedRows, related_for_model, type_for_model

_TOUCHED = "search_touched"
_WRITTEN = "search_outbox_written"


def touch(obj):
    """Mark `obj` for re-indexing in the current transaction (after changing related rows)."""
    from app.extensions import db

    searchable = type_for_model(type(obj))
    if searchable is None or obj.id is None:
        return
    queue_change(db.session, searchable.kind, obj.id)


def queue_change(session, kind, object_id):
    """Record that (kind, object_id) must be re-read into the index after this commit."""
    session.add(SearchOutbox(kind=kind, object_id=object_id))
    session.info[_WRITTEN] = True


@event.listens_for(Session, "before_flush")
def _record_changes(session, flush_context, instances):
    pending = session.info.setdefault(_TOUCHED, set())
    deleted = set(session.deleted)
    for obj in list(session.new) + list(session.dirty) + list(deleted):
        searchable = type_for_model(type(obj))
        if searchable is not None:
            pending.add((searchable.kind, obj))
        for related in related_for_model(type(obj)):
            if obj in deleted:
                # Read now: once the row is gone, so may be the rows its parents were found by.
                pending.update((related.kind, _Id(i)) for i in _related_ids(session, related, obj))
            else:
                pending.add((related, obj))  # read after the flush, when new rows have their ids


class _Id(int):
    """An object id already known (stands in for an object in the pending set)."""

    @property
    def id(self):
        return int(self)


def _related_ids(session, related, obj):
    """The ids of the objects a changed related row names."""
    with session.no_autoflush:
        return {int(i) for i in related.parents(obj) or () if i is not None}


@event.listens_for(Session, "after_flush")
def _write_outbox(session, flush_context):
    pending = session.info.pop(_TOUCHED, None)
    if not pending:
        return
    rows = set()
    for kind, obj in pending:
        if isinstance(kind, RelatedRows):
            rows.update((kind.kind, object_id) for object_id in _related_ids(session, kind, obj))
        elif obj.id is not None:
            rows.add((kind, obj.id))
    for kind, object_id in rows:
        session.add(SearchOutbox(kind=kind, object_id=object_id))
    if rows:
        session.info[_WRITTEN] = True


@event.listens_for(Session, "after_commit")
def _apply_after_commit(session):
    """The change is committed: index it now, from a fresh session (never this one).

    Releasing a savepoint fires this hook too; nothing is visible to other sessions yet, so
    the mark waits for the outer commit."""
    if session.in_nested_transaction() or not session.info.pop(_WRITTEN, False):
        return
    from flask import current_app, has_app_context

    if not has_app_context():
        return  # a script outside the app: `flask search apply` or the next request picks it up
    app = current_app._get_current_object()
    app.extensions["search"].apply_after_commit(app)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, previous_transaction):
    """A failed flush's pending changes are void either way; but a savepoint rolled back (a
    duplicate caught with `begin_nested`) leaves the outer transaction's outbox rows to commit."""
    session.info.pop(_TOUCHED, None)
    if not previous_transaction.nested:
        session.info.pop(_WRITTEN, None)
