"""Inbox use cases: start a conversation, reply, read, leave, share an email address, report.

Each public function that writes owns its single commit. Nobody sees a conversation they are not
in (404); moderators see a conversation only once a member has reported it. The limit of new
conversations a day is counted in the database, so it holds across workers and restarts.
"""

import math
from datetime import timedelta

from flask import abort
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.access import messageable_member, reach_refusal
from app.auth.models import User
from app.auth.names import public_name
from app.content import render_markdown
from app.extensions import db
from app.inbox import notify
from app.inbox.models import Conversation, ConversationMember, Message, aware
from app.models_base import utcnow
from app.notifications.counts import register_counter
from app.notifications.counts import unread_count as header_count
from app.routing import paginate_within
from app.web import UserError

DAILY_LIMIT = 10  # new conversations a member may start in 24 hours
MAX_RECIPIENTS = 10
PER_PAGE = 20


class InboxError(UserError):
    """A refusal a member caused; shown in the page, beside `field` when given."""


def started_today(user_id):
    """Conversations `user_id` started in the last 24 hours."""
    since = utcnow() - timedelta(days=1)
    return db.session.scalar(
        select(func.count(Conversation.id)).where(
            Conversation.created_by_id == user_id, Conversation.created_at >= since
        )
    )


def find_recipients(sender, handles):
    """([(handle, member)], [InboxError]) for `handles`, in order and without repeats: an error for
    a handle naming nobody who can be messaged or the sender (400), or someone across a block (403)."""
    found, errors = [], []
    for handle in handles:
        user = messageable_member(handle)
        if user is None:
            errors.append(
                InboxError(
                    f'We could not find a listed member called "{handle[:80]}". Use the web address of their '
                    "directory profile, or the Send a message link on it",
                    field="add",
                )
            )
        elif user.id == sender.id:
            errors.append(InboxError("You cannot send a message to yourself", field="add"))
        elif (refusal := reach_refusal(sender.id, user.id)) is not None:
            errors.append(InboxError(f"{public_name(user)}: {refusal}", field="add", status=403))
        elif all(user.id != other.id for _, other in found):
            found.append((handle, user))
    if len(found) > MAX_RECIPIENTS:
        errors.append(InboxError(f"A conversation can include up to {MAX_RECIPIENTS} other members", field="add"))
        found = found[:MAX_RECIPIENTS]
    return found, errors


def start(sender, recipients, subject, body, share_email=False):
    """Start a conversation with `recipients` (from find_recipients) and email them; at most
    DAILY_LIMIT new conversations in 24 hours (429 past it)."""
    if not recipients:
        raise InboxError("Add at least one member to send your message to", field="add")
    # Two requests at once must not both pass the count. PostgreSQL: lock the sender's row.
    # SQLite: the insert comes before the count, and its write lock makes the next one wait.
    db.session.execute(select(User.id).where(User.id == sender.id).with_for_update())
    now = utcnow()
    conversation = Conversation(subject=subject, created_by_id=sender.id, created_at=now, last_message_at=now)
    db.session.add(conversation)
    db.session.flush()
    if started_today(sender.id) > DAILY_LIMIT:
        db.session.rollback()
        raise InboxError(
            f"You have started {DAILY_LIMIT} conversations in the last 24 hours, which is the limit. "
            "Try again tomorrow, or reply in a conversation you already have",
            field="body",
            status=429,
        )
    db.session.add(
        ConversationMember(
            conversation=conversation,
            user_id=sender.id,
            joined_at=now,
            last_read_at=now,
            last_message_at=now,
            share_email=bool(share_email),
        )
    )
    for user in recipients:
        db.session.add(
            ConversationMember(conversation=conversation, user_id=user.id, joined_at=now, last_message_at=now)
        )
    message = Message(conversation=conversation, author=sender, body=body, body_html=render_markdown(body))
    message.created_at = now
    db.session.add(message)
    db.session.flush()
    notify.message_posted(conversation, message)
    db.session.commit()
    return conversation


def membership(user, conversation_id):
    """(conversation, the member's row) for a member who has not left; 404 for anyone else."""
    conversation = db.session.get(Conversation, conversation_id)
    member = conversation.member(user.id) if conversation is not None else None
    if member is None or member.left_at is not None:
        abort(404)
    return conversation, member


def refusals(conversation, user_id):
    """For each other member: the sentence for a block between them and `user_id`, or None."""
    return {m.user_id: reach_refusal(user_id, m.user_id) for m in conversation.members if m.user_id != user_id}


def reply_refusal(conversation, user_id, refusals):
    """Why `user_id` cannot reply here (a sentence), or None when they can."""
    if conversation.hidden:
        return "A moderator has closed this conversation. You cannot reply to it"
    others = conversation.others(user_id)
    if not others:
        return "Everyone else has left this conversation, so there is no one to reply to"
    if all(refusals.get(m.user_id) for m in others):
        return refusals[others[0].user_id]
    return None


def new_message_ids(member, messages):
    """The ids of `messages` from others that arrived after the member last read the conversation."""
    read = member.last_read_at
    return {
        m.id for m in messages if m.author_id != member.user_id and (read is None or aware(m.created_at) > aware(read))
    }


def messages_page(conversation, page=None, per_page=PER_PAGE):
    """One page of the conversation's messages, oldest first; the newest page when `page` is None."""
    if page is None:
        total = db.session.scalar(select(func.count(Message.id)).where(Message.conversation_id == conversation.id))
        page = max(math.ceil(total / per_page), 1)
    stmt = (
        select(Message)
        .options(joinedload(Message.author))
        .where(Message.conversation_id == conversation.id)
        .order_by(Message.created_at, Message.id)
    )
    return paginate_within(stmt, page, per_page)  # a page past the end is the newest page


def mark_read(member):
    """The member has now read everything in the conversation."""
    if member.unread:
        member.last_read_at = utcnow()
        db.session.commit()


def reply(user, conversation_id, body):
    """Add a message from `user` and email the members it reaches. Refused when a moderator has
    closed the conversation, when everyone else has left, or across a block with everyone left."""
    conversation, member = membership(user, conversation_id)
    refusal = reply_refusal(conversation, user.id, refusals(conversation, user.id))
    if refusal is not None:
        raise InboxError(refusal, field="body", status=403)
    reached = notify.recipients(conversation, user.id)
    now = utcnow()
    message = Message(conversation=conversation, author=user, body=body, body_html=render_markdown(body))
    message.created_at = now
    db.session.add(message)
    conversation.last_message_at = now
    member.last_read_at = member.last_message_at = now
    for other in reached:
        other.last_message_at = now
    db.session.flush()
    notify.message_posted(conversation, message, reached)
    db.session.commit()
    return message


def leave(user, conversation_id):
    """Leave a conversation: it leaves the member's inbox and nothing more reaches them from it."""
    _conversation, member = membership(user, conversation_id)
    member.left_at = utcnow()
    db.session.commit()


def share_email(user, conversation_id, share):
    """Show (or stop showing) the member's email address to the others in this conversation."""
    _conversation, member = membership(user, conversation_id)
    member.share_email = bool(share)
    db.session.commit()


def report(user, conversation_id, reason, details):
    """Report the conversation to moderators (again, if an earlier report was dismissed)."""
    conversation, _member = membership(user, conversation_id)
    if conversation.report_status in ("open", "hidden"):
        return conversation
    conversation.report_status = "open"
    conversation.reported_by_id = user.id
    conversation.report_reason = reason
    conversation.report_details = details or ""
    conversation.reported_at = utcnow()
    conversation.resolved_by_id = conversation.resolved_at = None
    db.session.commit()
    return conversation


def conversations(user, page=1, per_page=PER_PAGE):
    """The member's conversations (not left), latest activity first, with their members loaded."""
    stmt = (
        select(ConversationMember)
        .options(joinedload(ConversationMember.conversation).selectinload(Conversation.members))
        .where(ConversationMember.user_id == user.id, ConversationMember.left_at.is_(None))
        .order_by(ConversationMember.last_message_at.desc(), ConversationMember.id.desc())
    )
    return paginate_within(stmt, page, per_page)


def unread_select(user):
    """How many of the member's conversations have a message they have not read: one indexed
    SELECT, read with the other header counts (app.notifications.counts)."""
    return select(func.count(ConversationMember.id)).where(
        ConversationMember.user_id == user.id,
        ConversationMember.left_at.is_(None),
        ConversationMember.last_message_at.is_not(None),
        or_(
            ConversationMember.last_read_at.is_(None),
            ConversationMember.last_message_at > ConversationMember.last_read_at,
        ),
    )


def unread_count(user):
    """How many of the member's conversations have something new."""
    return db.session.scalar(unread_select(user))


register_counter("inbox", unread_select)

REPORT_STATUSES = ("open", "dismissed", "hidden")


def reports(status="open", page=1, per_page=PER_PAGE):
    """Reported conversations with `status`, latest report first (moderators only)."""
    stmt = (
        select(Conversation)
        .options(selectinload(Conversation.reported_by))
        .where(Conversation.report_status == status)
        .order_by(Conversation.reported_at.desc(), Conversation.id.desc())
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def reported(conversation_id):
    """A conversation a member has reported; 404 for every other conversation."""
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None or conversation.report_status is None:
        abort(404)
    return conversation


def resolve(moderator, conversation_id, action):
    """Dismiss an open report, or close the conversation for everyone; 404 unless a report is open."""
    conversation = reported(conversation_id)
    if conversation.report_status != "open":
        abort(404)
    now = utcnow()
    conversation.report_status = "hidden" if action == "hide" else "dismissed"
    conversation.resolved_by_id, conversation.resolved_at = moderator.id, now
    if action == "hide":
        for member in conversation.members:
            member.last_read_at = now  # nothing in a closed conversation is waiting to be read
    db.session.commit()
    return conversation


def inbox_link_text():
    """The header link's text for this request's member: "Inbox" or "Inbox (2 new)"; just "Inbox"
    when the database cannot answer (the header of an error page must still render)."""
    count = header_count(current_user, "inbox")
    return f"Inbox ({count} new)" if count else "Inbox"
