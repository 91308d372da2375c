"""Telling members about a new private message: the one place the inbox reaches out.

`message_posted(conversation, message)` is called in the transaction that writes the message:
each member it reaches gets a notification (type "message"), and the message email when their
notification settings say "immediately" (the default); nothing goes unless it commits.
"""

from flask import url_for

from app.auth.access import reach_refusal
from app.auth.names import public_name
from app.mail import link_to
from app.notifications import notify


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
        link = link_to("inbox.conversation", conversation_id=conversation.id)
        notify(
            [member.user],
            "message",
            f"message:{message.id}",
            f"New message from {public_name(author)}: {conversation.subject}",
            url_for("inbox.conversation", conversation_id=conversation.id),
            actor=author,
            email=(
                "inbox_message",
                {
                    "recipient": member.user,
                    "author": author,
                    "conversation": conversation,
                    "message": message,
                    "link": link,
                },
            ),
        )
