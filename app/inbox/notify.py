"""Telling members about a new private message: the one place the inbox reaches out.

`message_posted(conversation, message)` is called in the transaction that writes the message;
the emails go only if it commits. Notifications (another feature's work) can re-point this
function at their own records and preferences without the inbox changing.
"""

from app.auth.access import reach_refusal
from app.auth.names import public_name
from app.mail import link_to, queue_email


def recipients(conversation, author_id):
    """The members a message from `author_id` reaches: still in the conversation, not the
    author, with an account that is switched on, and no block between them and the author
    (either way)."""
    return [
        m for m in conversation.others(author_id) if m.user.is_active and reach_refusal(author_id, m.user_id) is None
    ]


def message_posted(conversation, message, reached=None):
    """Email each member the message reaches (`reached`, or worked out here); never the
    author's email address."""
    author = message.author
    for member in reached if reached is not None else recipients(conversation, message.author_id):
        queue_email(
            member.user.email,
            f"New message from {public_name(author)}: {conversation.subject}",
            "inbox_message",
            recipient=member.user,
            author=author,
            conversation=conversation,
            message=message,
            link=link_to("inbox.conversation", conversation_id=conversation.id),
        )
