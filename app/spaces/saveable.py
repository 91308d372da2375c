"""Members can save discussion threads for later (their Saved page, "Discussions").

A thread is saved and listed while the member may open it (`visible_thread_clause`, in SQL): a
private space's thread vanishes from the list of a member who left or was removed from the
space (it is not even "no longer available": the space's content is its members' alone) and
comes back if they rejoin; a thread that is hidden from them or deleted goes the same way. A
thread merged into another is saved as the thread it joined (`follow_merge`).
"""

from flask import url_for
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.saved.models import SavedItem
from app.saved.registry import SaveableKind, SavedView, register
from app.spaces.access import visible_thread_clause
from app.spaces.models import THREAD_KINDS, Thread


def _view(thread):
    where = thread.space.name if thread.space is not None else "Ask the community"
    replies = f"{thread.reply_count} {'reply' if thread.reply_count == 1 else 'replies'}"
    return SavedView(
        thread.title,
        url_for("spaces.thread", thread_id=thread.id),
        f"{THREAD_KINDS[thread.kind]} in {where}, {replies}",
    )


def visible_ids(user):
    """A select of the ids of every thread the member may open."""
    return select(Thread.id).where(visible_thread_clause(user))


def load(ids, user):
    """{id: SavedView} for the threads among `ids` the member may open, in one query."""
    if not ids:
        return {}
    stmt = select(Thread).where(Thread.id.in_(ids), visible_thread_clause(user)).options(joinedload(Thread.space))
    return {thread.id: _view(thread) for thread in db.session.scalars(stmt)}


KIND = "thread"


def follow_merge(source_id, target_id):
    """Members who saved a thread merged into another now have that one saved (once each); the
    caller commits."""
    saved = SavedItem.kind == KIND
    has_target = select(SavedItem.user_id).where(saved, SavedItem.object_id == target_id)
    db.session.execute(
        update(SavedItem)
        .where(saved, SavedItem.object_id == source_id, SavedItem.user_id.not_in(has_target))
        .values(object_id=target_id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(SavedItem).where(saved, SavedItem.object_id == source_id).execution_options(synchronize_session=False)
    )


register(SaveableKind(KIND, "Discussion", "Discussions", load, listed=visible_ids))
