"""Migration 0020 moves every contact message into the inbox, and its downgrade puts them back.

Runs on SQLite, and on PostgreSQL (a fresh schema) when TEST_DATABASE_URL points there."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, select, text

from app import create_app
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from config import TestingConfig
from tests.test_migrations import _empty_database

USERS = (
    "INSERT INTO user_account (id, email, name, organisation, job_role, password_hash, role, session_token,"
    " is_active_account, created_at, email_verified_at)"
    " VALUES (1, 'sam@nhs.net', 'Sam', 'Trust A', 'Nurse', 'x', 'member', 't1', true, '2026-01-01', '2026-01-01'),"
    " (2, 'ria@nhs.net', 'Ria', 'Trust B', 'Doctor', 'x', 'member', 't2', true, '2026-01-01', '2026-01-01')"
)
MESSAGES = (
    "INSERT INTO contact_message (id, sender_id, recipient_id, subject, body, created_at, reply_body, replied_at)"
    " VALUES (5, 1, 2, 'Audit tool', 'Could we <b>share</b>?\n\nThanks', '2026-02-01 10:00:00+00', 'Yes, gladly', '2026-02-02 09:00:00+00'),"
    " (9, 2, 1, 'No answer yet', 'Hello there', '2026-03-01 10:00:00+00', NULL, NULL)"
)


def _run(tmp_path, database_url):
    url, schema = _empty_database(tmp_path, database_url)
    app = create_app(
        TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(tmp_path / "ix")}
    )
    return url, schema, app


def test_contact_messages_move_into_the_inbox_and_back(tmp_path, database_url):
    url, schema, app = _run(tmp_path, database_url)
    try:
        with app.app_context():
            upgrade(revision="0019")
            with db.engine.begin() as conn:
                conn.execute(text(USERS))
                conn.execute(text(MESSAGES))
            upgrade(revision="0020")
            conversations = db.session.scalars(select(Conversation).order_by(Conversation.id)).all()
            assert [(c.id, c.subject, c.created_by_id) for c in conversations] == [
                (5, "Audit tool", 1),
                (9, "No answer yet", 2),
            ]
            replied, waiting = conversations
            assert [
                (m.author_id, m.body)
                for m in db.session.scalars(
                    select(Message).where(Message.conversation_id == 5).order_by(Message.created_at)
                )
            ] == [(1, "Could we <b>share</b>?\n\nThanks"), (2, "Yes, gladly")]
            first = db.session.scalar(select(Message).where(Message.conversation_id == 5).order_by(Message.id))
            assert first.body_html == "<p>Could we &lt;b&gt;share&lt;/b&gt;?</p><p>Thanks</p>"
            members = {m.user_id: m for m in replied.members}
            assert set(members) == {1, 2} and not any(m.unread for m in members.values())
            # The recipient had replied, so under the old rule they saw the sender's address.
            assert members[1].share_email is True and members[2].share_email is False
            assert not any(m.share_email for m in waiting.members)
            assert replied.last_message_at.day == 2
            # New conversations are numbered after the moved ones (PostgreSQL's sequence moved on).
            now = replied.last_message_at
            fresh = Conversation(subject="New", created_by_id=1, created_at=now, last_message_at=now)
            db.session.add(fresh)
            db.session.commit()
            assert fresh.id > 9
            db.session.add(ConversationMember(conversation_id=fresh.id, user_id=1))
            db.session.add(ConversationMember(conversation_id=fresh.id, user_id=2))
            db.session.add(Message(conversation_id=fresh.id, author_id=2, body="After", body_html="<p>After</p>"))
            db.session.commit()
            fresh_id = fresh.id
            db.session.remove()

            downgrade(revision="0019")
            db.engine.dispose()
        engine = create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, sender_id, recipient_id, subject, body, reply_body FROM contact_message ORDER BY id")
            ).all()
        engine.dispose()
        assert [tuple(r) for r in rows] == [
            (5, 1, 2, "Audit tool", "Could we <b>share</b>?\n\nThanks", "Yes, gladly"),
            (9, 2, 1, "No answer yet", "Hello there", None),
            (fresh_id, 2, 1, "New", "After", None),
        ]
    finally:
        if schema:
            engine = create_engine(database_url)
            with engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()
