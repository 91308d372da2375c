"""The inbox's part of the member lifecycle: account deletion and the data export.

When an account goes, its places in conversations go with it (ON DELETE CASCADE) and its
messages stay for the others, shown as by a former member (SET NULL). A conversation nobody
else is left in has no reader, so it is deleted here with its messages.
"""

from sqlalchemy import delete, select
from sqlalchemy.orm import aliased, selectinload

from app.auth.names import public_name
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from app.signals import member_deleting, member_exporting


@member_deleting.connect
def forget_lonely_conversations(user):
    """Delete the conversations in which the member is the last one with an account."""
    other = aliased(ConversationMember)
    lonely = (
        select(ConversationMember.conversation_id)
        .where(ConversationMember.user_id == user.id)
        .where(
            ~select(other.id)
            .where(other.conversation_id == ConversationMember.conversation_id, other.user_id != user.id)
            .exists()
        )
    )
    db.session.execute(delete(Conversation).where(Conversation.id.in_(lonely)))


def _when(value):
    return value.isoformat() if value else None


@member_exporting.connect
def inbox_export(user):
    """Every conversation the member is or was in, with its messages as the member saw them."""
    rows = db.session.scalars(
        select(ConversationMember)
        .options(selectinload(ConversationMember.conversation))
        .where(ConversationMember.user_id == user.id)
        .order_by(ConversationMember.joined_at)
    ).all()
    conversations = []
    for row in rows:
        conversation = row.conversation
        messages = db.session.scalars(
            select(Message)
            .options(selectinload(Message.author))
            .where(Message.conversation_id == conversation.id)
            .order_by(Message.created_at, Message.id)
        ).all()
        conversations.append(
            {
                "subject": conversation.subject,
                "members": [
                    {
                        "name": "you" if m.user_id == user.id else public_name(m.user),
                        "email": m.user.email if m.user_id == user.id or m.share_email else None,
                        "left_at": _when(m.left_at),
                    }
                    for m in conversation.members
                ],
                "you_share_your_email": row.share_email,
                "you_left_at": _when(row.left_at),
                "messages": [
                    {
                        "from": "you"
                        if m.author_id == user.id
                        else (public_name(m.author) if m.author else "a former member"),
                        "body": m.body,
                        "sent_at": _when(m.created_at),
                    }
                    for m in messages
                ],
            }
        )
    return "inbox", {"conversations": conversations}
