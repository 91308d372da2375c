"""Factories for spaces tests: spaces with members, threads and replies, saved directly."""

import pytest

from app.content import render_markdown
from app.extensions import db
from app.models_base import utcnow
from app.spaces.models import Reply, Space, SpaceMember, Thread
from app.spaces.services.spaces import recount_members
from app.spaces.services.threads import recount_space, recount_thread


@pytest.fixture
def make_space():
    """Factory: a saved space; `managers` and `members` become active members."""
    counter = {"n": 0}

    def factory(name=None, policy="open", managers=(), members=(), invited=(), pending=(), **fields):
        counter["n"] += 1
        n = counter["n"]
        name = name or f"Test space {n}"
        space = Space(
            slug=fields.pop("slug", name.lower().replace(" ", "-")),
            name=name,
            purpose=fields.pop("purpose", f"A place to talk about {name}"),
            description_md="About",
            description_html="<p>About</p>",
            join_policy=policy,
            created_by_id=managers[0].id if managers else None,
            last_activity_at=utcnow(),
            **fields,
        )
        db.session.add(space)
        db.session.flush()
        for user in managers:
            db.session.add(SpaceMember(space_id=space.id, user_id=user.id, role="manager", status="active"))
        for user in members:
            db.session.add(SpaceMember(space_id=space.id, user_id=user.id, status="active"))
        for user in invited:
            db.session.add(SpaceMember(space_id=space.id, user_id=user.id, status="invited"))
        for user in pending:
            db.session.add(SpaceMember(space_id=space.id, user_id=user.id, status="pending"))
        db.session.flush()
        recount_members(space.id)
        db.session.commit()
        return space

    return factory


@pytest.fixture
def make_thread():
    """Factory: a saved thread in `space` (None: Ask the community) with `replies` plain replies."""

    def factory(
        space, author, title="How do you run a menopause clinic?", kind="question", replies=0, repliers=(), **fields
    ):
        body = fields.pop("body", "We are a small hospice. What worked for you?")
        thread = Thread(
            space_id=space.id if space else None,
            kind=kind,
            title=title,
            body_md=body,
            body_html=render_markdown(body),
            author_id=author.id,
            last_activity_at=utcnow(),
            **fields,
        )
        db.session.add(thread)
        db.session.flush()
        people = list(repliers) or [author]
        db.session.add_all(
            [
                Reply(
                    thread_id=thread.id,
                    author_id=people[n % len(people)].id,
                    body_md=f"Reply number {n + 1}",
                    body_html=f"<p>Reply number {n + 1}</p>",
                )
                for n in range(replies)
            ]
        )
        db.session.flush()
        recount_thread(thread.id)
        recount_space(thread.space_id)
        db.session.commit()
        db.session.refresh(thread)
        return thread

    return factory
