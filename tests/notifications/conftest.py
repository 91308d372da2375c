"""Notification fixtures: the features' own factories, a block, and reading a member's notifications."""

import pytest
from sqlalchemy import select

from app.directory.models import Block
from app.extensions import db
from app.following.models import Follow
from app.notifications.models import Notification
from tests.spaces.conftest import make_space, make_thread  # noqa: F401


def notifications_of(user, type_key=None):
    stmt = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    if type_key:
        stmt = stmt.where(Notification.type == type_key)
    return db.session.scalars(stmt).all()


def block(blocker, blocked):
    db.session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id))
    db.session.commit()


def follow(user, kind, object_id):
    db.session.add(Follow(user_id=user.id, kind=kind, object_id=object_id))
    db.session.commit()


@pytest.fixture
def people(make_user):
    """An author, a follower, a member who blocked the author, and an outsider."""

    class People:
        author = make_user(name="Ada Author")
        reader = make_user(name="Rita Reader")
        blocker = make_user(name="Bea Blocker")
        outsider = make_user(name="Otto Outsider")

    return People


def link_path(mailbox, message):
    """The first link of an email, as a path."""
    return mailbox.link(message)


from tests.directory.conftest import make_profile  # noqa: E402, F401
from tests.events.conftest import make_event  # noqa: E402, F401
from tests.kb.conftest import make_case_study, make_resource  # noqa: E402, F401


@pytest.fixture
def in_request(app):
    """A request context for services that build links with url_for, popped after the test (a
    context left pushed would outlive the test and be every later test's request)."""
    with app.test_request_context():
        yield
