"""Inbox fixtures: listed profiles to write to (from the directory's fixtures) and a starter."""

import pytest
from sqlalchemy import select

from app.auth.models import utcnow
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from tests.directory.conftest import make_profile  # noqa: F401

MESSAGE = {"subject": "Menopause clinic", "body": "Could we talk about your **clinic**?"}


@pytest.fixture
def start(client, auth):
    """Start a conversation as `sender` with the owners of `profiles`; return the Conversation."""

    def starter(sender, *profiles, **fields):
        auth.login(sender)
        query = "&".join(f"to={p.slug}" for p in profiles)
        response = client.post(f"/inbox/new?{query}", data={**MESSAGE, **fields})
        assert response.status_code == 302, response.get_data(as_text=True)
        auth.logout()
        return db.session.scalar(select(Conversation).order_by(Conversation.id.desc()))

    return starter


def conversation_from(sender, recipient, share_email=False):
    """A conversation `sender` started with `recipient`, written straight to the database."""
    now = utcnow()
    conversation = Conversation(subject="Hello", created_by_id=sender.id, created_at=now, last_message_at=now)
    db.session.add(conversation)
    db.session.add(ConversationMember(conversation=conversation, user_id=sender.id, share_email=share_email))
    db.session.add(ConversationMember(conversation=conversation, user_id=recipient.id, last_message_at=now))
    db.session.add(Message(conversation=conversation, author_id=sender.id, body="Hi", body_html="<p>Hi</p>"))
    db.session.commit()
    return conversation.id


def add_messages(conversation, count):
    """`count` more messages ("More 0" ...) from the conversation's starter, written straight in."""
    for n in range(count):
        db.session.add(
            Message(
                conversation_id=conversation.id,
                author_id=conversation.created_by_id,
                body=f"More {n}",
                body_html=f"<p>More {n}</p>",
            )
        )
    db.session.commit()
