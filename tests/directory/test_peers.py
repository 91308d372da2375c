"""'Peers for you': what it must never use or show, and the page (the ranking: test_peers_ranking.py)."""

from app.directory.models import Block, Connection
from app.directory.services.peers import suggestions
from app.directory.services.profiles import own_profile
from app.extensions import db
from tests.directory.conftest import ics

MINE = [("topic", "menopause"), ("topic", "burnout-and-mental-health"), ("topic", "prevention-and-health-surveillance")]


def _me(make_user, make_profile, **fields):
    user = make_user(email="me@nhs.net")
    fields.setdefault("ics", ics("west-yorkshire"))
    make_profile(user=user, specialisms=MINE, professions=["oh-nurse"], listed=False, **fields)
    return user


def _ranked(user):
    return [(s.view["display_name"], s.reason_text) for s in suggestions(user, own_profile(user))]


def test_hidden_fields_of_a_candidate_earn_nothing_and_are_not_revealed(app, make_user, make_profile):
    me = _me(make_user, make_profile)
    make_profile(
        display_name="Private Twin",
        specialisms=MINE,
        ics=ics("west-yorkshire"),
        professions=["oh-nurse"],
        hidden=("specialisms", "ics", "region", "professions"),
    )
    assert _ranked(me) == []


def test_excludes_self_unlisted_blocked_and_connected(app, make_user, make_profile):
    me = _me(make_user, make_profile)
    make_profile(display_name="Unlisted", listed=False, specialisms=MINE)
    blocked = make_profile(display_name="Blocked By Me", specialisms=MINE)
    blocker = make_profile(display_name="Blocked Me", specialisms=MINE)
    connected = make_profile(display_name="Already Peer", specialisms=MINE)
    make_profile(display_name="Candidate", specialisms=MINE)
    db.session.add_all(
        [
            Block(blocker_id=me.id, blocked_id=blocked.user_id),
            Block(blocker_id=blocker.user_id, blocked_id=me.id),
            Connection(requester_id=connected.user_id, recipient_id=me.id, status="accepted"),
        ]
    )
    db.session.commit()
    assert [name for name, _ in _ranked(me)] == ["Candidate"]


def test_peers_page(client, auth, make_user, make_profile):
    me = make_user()
    auth.login(me)
    assert "Create your profile" in client.get("/directory/peers").get_data(as_text=True)
    make_profile(user=me, specialisms=MINE, listed=False)
    make_profile(display_name="Peer Person", specialisms=MINE[:2])
    page = client.get("/directory/peers").get_data(as_text=True)
    assert "Peer Person" in page and "Why:</strong> burnout and mental health, menopause" in page
