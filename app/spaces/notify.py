"""Spaces in the loop: spaces and threads can be followed, and what happens in them notifies.

- A new thread tells the followers of its space and of its topics (`new_content`), and its author
  follows it; a reply tells the thread's followers (`reply`), and its author follows the thread
  (unless they turned that off in their notification settings).
- An @mention, an accepted answer, a request to join a space and its answer tell the member
  concerned (`mention`, `answer_accepted`, `join_request`).
A private space's threads reach only those who may see the space (`_audience`).
"""

from flask import url_for
from sqlalchemy import select

from app.auth.models import User
from app.auth.names import public_name
from app.extensions import db
from app.following.registry import FollowableKind, FollowView, register
from app.following.services import follow_quietly
from app.notifications import fan_out, notify, register_audience
from app.notifications.preferences import auto_follows
from app.spaces.access import SEEING_STATUSES, can_view_space, can_view_thread, visible_thread_clause
from app.spaces.models import Space, SpaceMember, Thread


def _space_audience(space_id, user_ids):
    """Who among `user_ids` may see the space: everyone for an open space; for a private one its
    (invited) members and site moderators."""
    space = db.session.get(Space, space_id)
    if space is None:
        return set()
    if not space.is_private:
        return set(user_ids)
    members = db.session.scalars(
        select(SpaceMember.user_id).where(
            SpaceMember.space_id == space_id, SpaceMember.status.in_(SEEING_STATUSES), SpaceMember.user_id.in_(user_ids)
        )
    )
    moderators = db.session.scalars(select(User.id).where(User.id.in_(user_ids), User.role.in_(("moderator", "admin"))))
    return {*members, *moderators}


def _thread_audience(thread_id, user_ids):
    thread = db.session.get(Thread, thread_id)
    if thread is None or thread.awaiting_moderation or thread.is_hidden:
        return set()
    return _space_audience(thread.space_id, user_ids) if thread.space_id else set(user_ids)


def register_followables():
    register(
        FollowableKind.for_model(
            "space",
            "Space",
            "Spaces",
            Space,
            shown_to=lambda space, user: can_view_space(space, user),
            view=lambda space: FollowView(space.name, url_for("spaces.detail", slug=space.slug)),
        )
    )
    register(
        FollowableKind.for_model(
            "thread",
            "Thread",
            "Threads",
            Thread,
            shown_to=lambda thread, user: can_view_thread(thread, user),
            view=lambda thread: FollowView(thread.title, url_for("spaces.thread", thread_id=thread.id)),
        )
    )
    register_audience("space", _space_audience)
    register_audience("thread", _thread_audience)


def _thread_url(thread, reply=None):
    """The thread's address; at `reply` on whichever page holds it when the link is followed."""
    if reply is None:
        return url_for("spaces.thread", thread_id=thread.id)
    return url_for("spaces.thread", thread_id=thread.id, reply=reply.id) + f"#reply-{reply.id}"


def _auto_follow(user_id, thread):
    if auto_follows(user_id):
        follow_quietly(user_id, "thread", thread.id)


def thread_started(thread, author):
    """In the transaction that makes a thread visible: its author follows it, and the followers of
    its space and topics hear of it."""
    _auto_follow(author.id, thread)
    where = thread.space.name if thread.space is not None else "Ask the community"
    audience = [("topic", term.id) for term in thread.terms]
    if thread.space_id:
        audience.append(("space", thread.space_id))
    audience.append(("member", author.id))
    fan_out(
        audience,
        "new_content",
        f"thread:{thread.id}",
        f"New {'question' if thread.is_question else 'discussion'} in {where}: {thread.title}",
        _thread_url(thread),
        actor=author,
        target=("thread", thread.id),
    )


def reply_posted(thread, reply, author):
    """In the transaction that makes a reply visible: its author follows the thread, and the
    thread's followers hear of it."""
    _auto_follow(author.id, thread)
    fan_out(
        [("thread", thread.id)],
        "reply",
        f"reply:{reply.id}",
        f"{public_name(author)} replied in “{thread.title}”",
        _thread_url(thread, reply),
        actor=author,
        target=("thread", thread.id),
    )


def mentioned(thread, reply, author, user):
    """Tell `user` they were mentioned (the caller checked they may see the thread)."""
    notify(
        [user],
        "mention",
        f"mention:{thread.id}:{reply.id if reply else 0}:{user.id}",
        f"{public_name(author)} mentioned you in “{thread.title}”",
        _thread_url(thread, reply),
        actor=author,
        target=("thread", thread.id),
    )


def answer_accepted(thread, reply, actor):
    """Tell the author of `reply` it is the accepted answer."""
    if reply.author_id is None:
        return
    notify(
        [reply.author_id],
        "answer_accepted",
        f"accepted:{thread.id}:{reply.id}",
        f"Your answer to “{thread.title}” was accepted",
        _thread_url(thread, reply),
        actor=actor,
        target=("thread", thread.id),
    )


def join_requested(space, requester, managers, request_id):
    """Tell the space's managers that `requester` asked to join (`request_id`: the membership row)."""
    notify(
        managers,
        "join_request",
        f"join-request:{request_id}",
        f"{public_name(requester)} asked to join {space.name}",
        url_for("spaces.members", slug=space.slug, status="pending"),
        actor=requester,
    )


def join_decided(space, user, approved, request_id):
    """Tell `user` how their request to join (membership row `request_id`) was answered."""
    notify(
        [user],
        "join_request",
        f"join-outcome:{request_id}",
        f"Your request to join {space.name} " + ("has been approved" if approved else "was not approved"),
        url_for("spaces.detail", slug=space.slug) if approved else url_for("spaces.index"),
    )


register_followables()


def unanswered_in_my_spaces(user, limit=5):
    """Questions nobody has answered yet in the spaces the member belongs to (one query)."""
    mine = select(SpaceMember.space_id).where(SpaceMember.user_id == user.id, SpaceMember.status == "active")
    stmt = (
        select(Thread)
        .where(
            visible_thread_clause(user),
            Thread.space_id.in_(mine),
            Thread.kind == "question",
            Thread.accepted_reply_id.is_(None),
            Thread.reply_count == 0,
            Thread.author_id != user.id,
        )
        .order_by(Thread.created_at.desc())
        .limit(limit)
    )
    return db.session.scalars(stmt).all()
