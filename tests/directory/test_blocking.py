"""A block, whichever way it points, stops every way of reaching a member: no row, no email,
no address, a 403 page that says why."""

import pytest
from sqlalchemy import func, select

from app.directory.models import Block, Connection, MentoringPair
from app.extensions import db
from app.inbox.models import Conversation, Message
from tests.inbox.conftest import conversation_from

MESSAGE = {"subject": "Menopause clinic", "body": "Could we talk about your clinic?"}
WRITER_EMAIL = "writer@nhs.net"
TARGET_EMAIL = "target@nhs.net"


def _block(blocker, blocked):
    db.session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id))
    db.session.commit()


@pytest.fixture
def pair(make_user, make_profile):
    """A writer and a target who offers mentoring, each with a listed profile."""
    writer = make_user(email=WRITER_EMAIL, name="Wendy Writer")
    target = make_user(email=TARGET_EMAIL, name="Tariq Target")
    make_profile(user=writer)
    profile = make_profile(user=target, offers_mentoring=True, max_mentees=3)
    return writer, target, profile


# Each way of reaching the target: (name, prepare(writer, target) before the block, act(client, ...)).
# `act` runs signed in as the member who reaches out after the block and returns the response.
def _contact(client, writer, target, profile, ready):
    return client.post(f"/inbox/new?to={profile.slug}", data=MESSAGE)


def _contact_form(client, writer, target, profile, ready):
    return client.get(f"/inbox/new?to={profile.slug}")


def _reply_ready(writer, target):
    """The target wrote first, so the writer can reply (the issue's route)."""
    return conversation_from(target, writer)


def _reply(client, writer, target, profile, ready):
    return client.post(f"/inbox/{ready}", data={"body": "Here is my reply"})


def _connect(client, writer, target, profile, ready):
    return client.post(f"/directory/{profile.slug}/connect")


def _accept_ready(writer, target):
    """The target asked the writer to connect; accepting would email the target."""
    connection = Connection(requester_id=target.id, recipient_id=writer.id)
    db.session.add(connection)
    db.session.commit()
    return connection.id


def _accept(client, writer, target, profile, ready):
    return client.post(f"/directory/connections/{ready}/accept")


def _mentoring(client, writer, target, profile, ready):
    return client.post(f"/directory/{profile.slug}/mentoring", data={"message": "Would you mentor me?"})


def _mentoring_form(client, writer, target, profile, ready):
    return client.get(f"/directory/{profile.slug}/mentoring")


def _accept_mentee_ready(writer, target):
    """The target asked the writer (a mentor) for mentoring; accepting would email the target."""
    from app.directory.models import PractitionerProfile

    mine = db.session.scalar(select(PractitionerProfile).where(PractitionerProfile.user_id == writer.id))
    mine.offers_mentoring, mine.max_mentees = True, 3
    pair = MentoringPair(mentor_id=writer.id, mentee_id=target.id, message="Please")
    db.session.add(pair)
    db.session.commit()
    return pair.id


def _accept_mentee(client, writer, target, profile, ready):
    return client.post(f"/directory/mentoring/{ready}/accept")


ROUTES = [
    ("contact", None, _contact),
    ("contact form", None, _contact_form),
    ("reply to a message", _reply_ready, _reply),
    ("connection request", None, _connect),
    ("accept a connection", _accept_ready, _accept),
    ("mentoring request", None, _mentoring),
    ("mentoring form", None, _mentoring_form),
    ("accept a mentee", _accept_mentee_ready, _accept_mentee),
]


def _snapshot():
    return (
        db.session.scalar(select(func.count(Conversation.id))),
        db.session.scalar(select(func.count(Connection.id)).where(Connection.status == "accepted")),
        db.session.scalar(select(func.count(Connection.id)).where(Connection.status == "pending")),
        db.session.scalar(select(func.count(MentoringPair.id)).where(MentoringPair.status == "active")),
        db.session.scalar(select(func.count(MentoringPair.id)).where(MentoringPair.status == "pending")),
        db.session.scalar(select(func.count(Message.id))),
    )


@pytest.mark.parametrize("direction", ["target blocked writer", "writer blocked target"])
@pytest.mark.parametrize(("name", "prepare", "act"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_way_of_reaching_a_member_is_refused_across_a_block(
    client, auth, pair, mailbox, direction, name, prepare, act
):
    writer, target, profile = pair
    ready = prepare(writer, target) if prepare else None
    if direction == "target blocked writer":
        _block(target, writer)
        sentence = "This member is not accepting messages or requests from you"
    else:
        _block(writer, target)
        sentence = "You have blocked this member"
    before = _snapshot()
    auth.login(writer)
    response = act(client, writer, target, profile, ready)
    html = response.get_data(as_text=True)
    assert response.status_code == 403, name
    assert sentence in html
    assert TARGET_EMAIL not in html
    assert mailbox.to(TARGET_EMAIL) == []
    assert _snapshot() == before


@pytest.mark.parametrize(("name", "prepare", "act"), ROUTES, ids=[r[0] for r in ROUTES])
def test_without_a_block_each_route_works(client, auth, pair, mailbox, name, prepare, act):
    """The same routes succeed when no block stands between the two (so the refusals above mean something)."""
    writer, target, profile = pair
    ready = prepare(writer, target) if prepare else None
    auth.login(writer)
    response = act(client, writer, target, profile, ready)
    assert response.status_code in (200, 302), name
    if response.status_code == 302:
        assert len(mailbox.to(TARGET_EMAIL)) == 1


def test_blocking_ends_connection_and_mentoring_and_hides_addresses(client, auth, pair, mailbox):
    writer, target, profile = pair
    db.session.add(Connection(requester_id=writer.id, recipient_id=target.id, status="accepted"))
    db.session.add(MentoringPair(mentor_id=target.id, mentee_id=writer.id, status="active"))
    db.session.commit()
    replied = conversation_from(target, writer, share_email=True)
    auth.login(writer)
    client.post(f"/inbox/{replied}", data={"body": "Hello back"})
    assert TARGET_EMAIL in client.get(f"/directory/{profile.slug}").get_data(as_text=True)
    assert TARGET_EMAIL in client.get(f"/inbox/{replied}").get_data(as_text=True)
    auth.logout()
    auth.login(target)
    assert client.post(f"/directory/members/{writer.id}/block").status_code == 302
    auth.logout()
    auth.login(writer)
    assert db.session.scalar(select(func.count(Connection.id))) == 0
    assert db.session.scalar(select(MentoringPair.status)) == "ended"
    for path in (f"/directory/{profile.slug}", f"/directory/{profile.slug}.json", "/directory/network"):
        assert TARGET_EMAIL not in client.get(path).get_data(as_text=True), path
    page = client.get(f"/inbox/{replied}").get_data(as_text=True)
    assert TARGET_EMAIL not in page and "Hello back" in page
