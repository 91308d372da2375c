"""The inbox list and a long conversation cost the same few queries however much they hold."""

from datetime import timedelta

from app.auth.models import utcnow
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from tests.kb.test_queries import count_queries

# Measured: the list 5 queries (sign-in, the page, its count, the header's inbox count, the
# members), the same for 3 or 123 conversations; a conversation with four others 15, the same for
# 3 or 400 messages (two block checks per other member: members are capped, messages are not).
CEILING = {"list": 5, "conversation": 15}


def _conversations(viewer, others, count, messages_each=1):
    start = utcnow() - timedelta(days=30)
    made = []
    for n in range(count):
        when = start + timedelta(minutes=n)
        conversation = Conversation(
            subject=f"Topic {n}", created_by_id=others[0].id, created_at=when, last_message_at=when
        )
        conversation.members = [ConversationMember(user_id=viewer.id, last_message_at=when)] + [
            ConversationMember(user_id=o.id, last_message_at=when, last_read_at=when) for o in others
        ]
        db.session.add(conversation)
        for m in range(messages_each):
            author = others[m % len(others)]
            db.session.add(
                Message(
                    conversation=conversation,
                    author_id=author.id,
                    body=f"Message {m}",
                    body_html=f"<p>Message {m}</p>",
                    created_at=when + timedelta(seconds=m),
                )
            )
        made.append(conversation)
    db.session.commit()
    return made


def _queries(client, path):
    client.get(path)  # warm caches (chrome, vocabularies)
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_inbox_list_queries_do_not_grow(client, auth, make_user, make_profile):
    viewer = make_user()
    others = [make_profile().user for _ in range(3)]
    _conversations(viewer, others, 3)
    auth.login(viewer)
    few = _queries(client, "/inbox/")
    _conversations(viewer, others, 120)
    many = _queries(client, "/inbox/")
    assert few == many <= CEILING["list"], (few, many)


def test_long_conversation_queries_do_not_grow(client, auth, make_user, make_profile):
    viewer = make_user()
    others = [make_profile().user for _ in range(4)]
    short, long = (_conversations(viewer, others, 1, messages_each=n)[0] for n in (3, 400))
    auth.login(viewer)
    few = _queries(client, f"/inbox/{short.id}")
    many = _queries(client, f"/inbox/{long.id}")
    earlier = _queries(client, f"/inbox/{long.id}?page=2")
    assert few == many <= CEILING["conversation"], (few, many)
    assert earlier <= CEILING["conversation"]
    page = client.get(f"/inbox/{long.id}").get_data(as_text=True)
    assert "Message 399" in page and "Message 379" not in page and "Earlier messages" in page
