"""Replies: post (with a quote), edit (history kept), delete one's own, vote helpful, accept an answer.

Counters change by single UPDATE statements (`helpful_count + 1`, a recount of the thread),
never by reading a number and writing it back, so two members voting at once both count.
"""

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models_base import utcnow
from app.spaces import notify
from app.spaces.models import HelpfulVote, Mention, Reply, ReplyRevision, Thread, ThreadRead
from app.spaces.services import posting
from app.spaces.services.threads import recount_space, recount_thread
from app.web import UserError


def _touch_thread(thread, when):
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(last_activity_at=when))
    recount_thread(thread.id)
    recount_space(thread.space_id)


def add_reply(thread, author, body, quoted_id=None, manages=False):
    """Reply to `thread`, optionally quoting one of its replies. Locked threads take replies only
    from those who manage them; past the rate limit the answer is 429."""
    if thread.locked and not manages:
        raise UserError("This thread is locked. No new replies can be added", status=403)
    posting.check_reply_rate(author)
    quoted = None
    if quoted_id is not None:
        quoted = db.session.get(Reply, quoted_id)
        if quoted is None or quoted.thread_id != thread.id or quoted.is_deleted or quoted.awaiting_moderation:
            raise UserError("The reply you quoted is no longer available. Remove the quote and try again")
    html, people = posting.render(body)
    now = utcnow()
    reply = Reply(
        thread_id=thread.id,
        author_id=author.id,
        body_md=body,
        body_html=html,
        quoted_reply_id=quoted.id if quoted else None,
        created_at=now,
        awaiting_moderation=posting.must_wait(author, html),
    )
    db.session.add(reply)
    db.session.flush()
    if not reply.awaiting_moderation:
        _touch_thread(thread, now)
        posting.record_mentions(thread, reply, author, people)
        notify.reply_posted(thread, reply, author)
    _read_own(thread, author, reply)
    db.session.commit()
    return reply


def _read_own(thread, user, reply):
    """Your own reply is never "new" to you."""
    marker = db.session.get(ThreadRead, (user.id, thread.id))
    if marker is None:
        db.session.add(ThreadRead(user_id=user.id, thread_id=thread.id, last_read_reply_id=reply.id))
    elif marker.last_read_reply_id < reply.id:
        marker.last_read_reply_id = reply.id


def edit_reply(reply, body):
    """Change the text of your own reply; the text it had is kept in its history."""
    if reply.is_deleted or reply.is_hidden:
        raise UserError("This reply can no longer be edited", status=403)
    if body == reply.body_md:
        return reply
    html, people = posting.render(body)
    db.session.add(
        ReplyRevision(
            reply_id=reply.id,
            body_md=reply.body_md,
            body_html=reply.body_html,
            written_at=reply.edited_at or reply.created_at,
        )
    )
    reply.body_md, reply.body_html, reply.edited_at = body, html, utcnow()
    if not reply.awaiting_moderation and reply.author is not None:
        already = set(db.session.scalars(select(Mention.mentioned_user_id).where(Mention.reply_id == reply.id)))
        posting.record_mentions(reply.thread, reply, reply.author, people, already=already)
    db.session.commit()
    return reply


def delete_reply(reply):
    """Delete your own reply: its text and history go; "reply deleted" stays so the thread reads on."""
    if reply.is_deleted:
        return
    thread = reply.thread
    reply.deleted_at = utcnow()
    reply.body_md, reply.body_html = "", ""
    db.session.execute(delete(ReplyRevision).where(ReplyRevision.reply_id == reply.id))
    db.session.execute(delete(Mention).where(Mention.reply_id == reply.id))  # nothing is left to be told about
    if thread.accepted_reply_id == reply.id:
        thread.accepted_reply_id = None
    db.session.flush()
    recount_thread(thread.id)
    db.session.commit()


def revisions(reply):
    """The reply's earlier texts, newest first."""
    stmt = select(ReplyRevision).where(ReplyRevision.reply_id == reply.id).order_by(ReplyRevision.id.desc())
    return db.session.scalars(stmt.limit(50)).all()


def mark_helpful(reply, user):
    """Record that `user` found `reply` helpful: once per member, never on their own reply."""
    if reply.author_id == user.id:
        raise UserError("You cannot mark your own reply as helpful", status=403)
    if reply.is_deleted or reply.is_hidden or reply.awaiting_moderation:
        raise UserError("This reply can no longer be marked as helpful")
    try:
        with db.session.begin_nested():
            db.session.add(HelpfulVote(reply_id=reply.id, user_id=user.id))
    except IntegrityError:
        raise UserError("You have already marked this reply as helpful") from None
    db.session.execute(update(Reply).where(Reply.id == reply.id).values(helpful_count=Reply.helpful_count + 1))
    db.session.execute(
        update(Thread).where(Thread.id == reply.thread_id).values(helpful_count=Thread.helpful_count + 1)
    )
    db.session.commit()


def accept(thread, reply, actor=None):
    """Mark `reply` as the accepted answer to the question (or take the mark away if it has it)."""
    if not thread.is_question:
        raise UserError("Only a question has an accepted answer")
    if reply.thread_id != thread.id or reply.is_deleted or reply.is_hidden or reply.awaiting_moderation:
        raise UserError("This reply cannot be the accepted answer")
    accepted = thread.accepted_reply_id != reply.id
    thread.accepted_reply_id = reply.id if accepted else None
    if accepted:
        notify.answer_accepted(thread, reply, actor)
    db.session.commit()
    return accepted
