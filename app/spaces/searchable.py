"""Threads in the site search, as the "Discussion" type.

A thread's document holds its question or opening post, the accepted answer (for a
question) and the text of its visible replies, so a search finds a thread by what was said
in it. Its "Questions" facet says whether a question has an accepted answer. Threads hidden
by a moderator, waiting for a moderator or merged into another are not in the index.
Discussions are members' content: a thread is visible to verified members, and a private
space's threads only to that space's members ("group:space-<id>", see app/spaces/hooks.py).

The index follows every change without the services having to ask: a thread's own changes
(accepting an answer, hiding, locking, moving, merging) through its row, and a reply's
(new, edited, deleted, hidden, approved) through `register_related`; a space whose policy,
name or region changes, or which is deleted, re-indexes its threads and its events.
"""

import sqlalchemy as sa
from sqlalchemy import inspect, select

from app.content import plain_text
from app.extensions import db
from app.search import SearchableType, SearchDocument, register
from app.search.registry import register_related
from app.spaces.hooks import space_visibility
from app.spaces.models import Reply, Space, Thread

MAX_REPLIES = 1000  # the index keeps the first SEARCH_MAX_FIELD_CHARS of the text anyway
SUMMARY_CHARS = 300
ANSWERED, UNANSWERED = "Answered", "Not yet answered"
VOCABULARY_FACETS = {"topic": "topic", "framework_element": "element", "people_promise_theme": "theme"}
# The events table, read by name: the spaces feature does not import the events feature.
event_table = sa.table("event", sa.column("id", sa.Integer), sa.column("space_id", sa.Integer))


def is_indexed(thread):
    """Hidden, waiting and merged threads are found by no one."""
    return not (thread.is_hidden or thread.awaiting_moderation or thread.merged_into_id is not None)


def _shown(reply):
    return not (reply.is_deleted or reply.is_hidden or reply.awaiting_moderation)


def _replies_text(thread):
    """Plain text of the thread's visible replies, oldest first (the accepted answer apart)."""
    stmt = (
        select(Reply.body_html)
        .where(
            Reply.thread_id == thread.id,
            Reply.deleted_at.is_(None),
            Reply.hidden_at.is_(None),
            Reply.awaiting_moderation.is_(False),
            Reply.id != (thread.accepted_reply_id or 0),
        )
        .order_by(Reply.id)
        .limit(MAX_REPLIES)
    )
    return [plain_text(html) for html in db.session.scalars(stmt)]


def thread_document(thread):
    """The search document for a thread, or None when it must not be found."""
    if not is_indexed(thread):
        return None
    space = thread.space
    # Discussions are for members; a private space's only for its members.
    visibility = "members" if space is None or not space.is_private else space_visibility(space)
    opening = plain_text(thread.body_html)
    parts = [opening]
    accepted = thread.accepted_reply if thread.is_question else None
    if accepted is not None and _shown(accepted):
        parts.append(f"Accepted answer: {plain_text(accepted.body_html)}")
    parts.extend(_replies_text(thread))
    facets = {param: [] for param in VOCABULARY_FACETS.values()}
    for term in thread.terms:
        if term.vocabulary in VOCABULARY_FACETS:
            facets[VOCABULARY_FACETS[term.vocabulary]].append(term.name)
    if space is not None and space.region is not None:
        facets["region"] = [space.region.name]
    if thread.is_question:
        facets["state"] = [ANSWERED if accepted is not None and _shown(accepted) else UNANSWERED]
    where = space.name if space is not None else "Ask the community"
    summary = opening[:SUMMARY_CHARS] + ("…" if len(opening) > SUMMARY_CHARS else "")
    return SearchDocument(
        title=thread.title,
        url=f"/threads/{thread.id}",
        summary=f"{where}: {summary}" if summary else where,
        body="\n\n".join(part for part in parts if part),
        visibility=visibility,
        facets=facets,
        date=thread.created_at,
    )


def all_threads():
    """Every thread that may be searchable, for reindexing."""
    return db.session.query(Thread).filter(
        Thread.hidden_at.is_(None), Thread.awaiting_moderation.is_(False), Thread.merged_into_id.is_(None)
    )


def _reply_thread(reply):
    return [reply.thread_id]


def _matters(space):
    """A space's deletion, or a change to who may see it or how its content is described."""
    if space in db.session.deleted:
        return True
    state = inspect(space)
    return any(state.attrs[name].history.has_changes() for name in ("join_policy", "name", "region_id"))


def _space_threads(space):
    if space.id is None or not _matters(space):
        return []
    return db.session.scalars(select(Thread.id).where(Thread.space_id == space.id)).all()


def _space_events(space):
    if space.id is None or not _matters(space):
        return []
    return db.session.scalars(select(event_table.c.id).where(event_table.c.space_id == space.id)).all()


register(
    SearchableType(
        kind="thread",
        label="Discussion",
        model=Thread,
        to_document=thread_document,
        all_objects=all_threads,
        role="discussion",
    )
)
register_related(Reply, "thread", _reply_thread)
register_related(Space, "thread", _space_threads)
register_related(Space, "event", _space_events)
