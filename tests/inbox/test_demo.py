"""The demo shows the loop: the demo member has conversations (one unread, one of three people)
and saved items of every kind (a discussion thread too); seeding again adds nothing."""

from sqlalchemy import func, select

from app.auth.models import User
from app.demo.auth import DEMO_PASSWORD
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from app.saved.models import SavedItem


def _state():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Conversation, ConversationMember, Message, SavedItem)
    )


def test_seed_demo_gives_the_demo_member_conversations_and_saved_items(runner, client, auth):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    demo = db.session.scalar(select(User).where(User.email.like("member@%")))
    rows = db.session.scalars(select(ConversationMember).where(ConversationMember.user_id == demo.id)).all()
    assert len(rows) == 3
    assert sum(row.unread for row in rows) == 1
    assert any(len(row.conversation.members) == 3 for row in rows)
    kinds = set(db.session.scalars(select(SavedItem.kind).where(SavedItem.user_id == demo.id)))
    assert kinds == {"case_study", "resource", "event", "profile", "thread"}
    before = _state()
    again = runner.invoke(args=["seed", "demo"])
    assert "inbox-and-saved: 0 created" in again.output
    assert _state() == before
    auth.login(demo.email, password=DEMO_PASSWORD)
    assert "Inbox (1 new)" in client.get("/inbox/").get_data(as_text=True)
    saved = client.get("/saved/").get_data(as_text=True)
    assert "Profiles (2)" in saved and "Case studies (2)" in saved and "Discussions (1)" in saved
