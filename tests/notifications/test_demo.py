"""The demo shows the loop: the demo member follows a topic, a space, a thread and members, and has
notifications (four unread) about them; seeding again adds nothing."""

from sqlalchemy import func, select

from app.auth.models import User
from app.demo.auth import DEMO_PASSWORD
from app.extensions import db
from app.following.models import Follow
from app.notifications.models import Notification


def _state():
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (Follow, Notification))


def test_seed_demo_gives_the_demo_member_follows_and_notifications(runner, client, auth):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    demo = db.session.scalar(select(User).where(User.email.like("member@%")))
    kinds = set(db.session.scalars(select(Follow.kind).where(Follow.user_id == demo.id)))
    assert kinds == {"topic", "space", "thread", "member"}
    unread = db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == demo.id, Notification.read_at.is_(None))
    )
    assert unread == 4
    before = _state()
    again = runner.invoke(args=["seed", "demo"])
    assert "following-and-notifications: 0 created" in again.output
    assert _state() == before
    auth.login(demo.email, password=DEMO_PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert "Notifications (4)" in home and "New since your last visit" in home
    following = client.get("/following/").get_data(as_text=True)
    assert "Topics (1)" in following and "Members (" in following
