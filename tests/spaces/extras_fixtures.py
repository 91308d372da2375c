"""Fixtures for the spaces-extras tests (search, feeds, events, recommendations, spaces for you):
spaces and memberships written straight to the database, and events from the events tests."""

import pytest

from app.extensions import db
from app.spaces.models import Space, SpaceMember
from tests.events.conftest import make_event  # noqa: F401  (re-exported fixture)


@pytest.fixture
def make_space(app):
    """Factory: a saved space (open by default); `members` and `managers` join it as active."""
    counter = {"n": 0}

    def factory(name=None, policy="open", members=(), managers=(), **fields):
        counter["n"] += 1
        n = counter["n"]
        space = Space(
            slug=fields.pop("slug", f"test-space-{n}"),
            name=name or f"Test space {n}",
            purpose=fields.pop("purpose", "A space for tests"),
            description_md="",
            description_html="",
            join_policy=policy,
            **fields,
        )
        db.session.add(space)
        db.session.flush()
        for user in members:
            db.session.add(SpaceMember(space_id=space.id, user_id=user.id, role="member", status="active"))
        for user in managers:
            db.session.add(SpaceMember(space_id=space.id, user_id=user.id, role="manager", status="active"))
        space.member_count = len(members) + len(managers)
        db.session.commit()
        return space

    return factory


@pytest.fixture
def world(make_user, make_space):
    """Anonymous aside: a member, a private space's member and manager, a moderator, and two spaces."""

    class World:
        member = make_user(name="Mo Member")
        insider = make_user(name="Ida Insider")
        manager = make_user(name="Mani Manager")
        moderator = make_user(role="moderator", name="Mod Erator")
        private = make_space("Hospice OH leads", policy="private", members=[insider], managers=[manager])
        open = make_space("Menopause champions", policy="open", members=[member])

    return World
