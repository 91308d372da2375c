"""'Peers for you': the ranking, its reasons, and what it must never use or show."""

from app.directory.models import Block, Connection
from app.directory.services.peers import reasons_for, suggestions
from app.directory.services.profiles import own_profile
from app.extensions import db
from tests.directory.conftest import ics

MINE = [("topic", "menopause"), ("topic", "burnout-and-mental-health"), ("seqohs_service", "prevention")]


def _me(make_user, make_profile, **fields):
    user = make_user(email="me@nhs.net")
    fields.setdefault("ics", ics("west-yorkshire"))
    make_profile(user=user, specialisms=MINE, professions=["oh-nurse"], listed=False, **fields)
    return user


def _ranked(user):
    return [(s.view["display_name"], s.reason_text) for s in suggestions(user, own_profile(user))]


def test_ranking_order_and_reasons(app, make_user, make_profile):
    me = _me(make_user, make_profile)
    make_profile(display_name="Three Shared Same ICS", specialisms=MINE, ics=ics("west-yorkshire"))
    make_profile(display_name="Three Shared Far", specialisms=MINE, ics=ics("devon"))
    make_profile(display_name="Same ICS Only", ics=ics("west-yorkshire"))
    make_profile(display_name="Same Region Only", ics=ics("south-yorkshire"))
    make_profile(display_name="Solo Peer Support", ics=ics("devon"), is_solo=True, open_peer_support=True)
    make_profile(display_name="Same Profession", ics=ics("devon"), professions=["oh-nurse"])
    make_profile(display_name="Nothing In Common", ics=ics("devon"))
    assert _ranked(me) == [
        ("Three Shared Same ICS", "shares 3 specialisms · same ICS"),
        ("Three Shared Far", "shares 3 specialisms"),
        ("Same ICS Only", "same ICS"),
        ("Same Region Only", "same region"),
        ("Solo Peer Support", "solo practitioner open to peer support"),
        ("Same Profession", "same profession"),
    ]


def test_one_shared_specialism_is_singular(app, make_user, make_profile):
    me = _me(make_user, make_profile)
    make_profile(display_name="One", specialisms=[("topic", "menopause")], ics=ics("devon"))
    assert _ranked(me) == [("One", "shares 1 specialism")]


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


def test_reasons_text():
    assert reasons_for(3, 1, 1, 0, 0) == ["shares 3 specialisms", "same ICS"]
    assert reasons_for(0, 0, 1, 1, 1) == ["same region", "solo practitioner open to peer support", "same profession"]


def test_peers_page(client, auth, make_user, make_profile):
    me = make_user()
    auth.login(me)
    assert "Create your profile" in client.get("/directory/peers").get_data(as_text=True)
    make_profile(user=me, specialisms=MINE, listed=False)
    make_profile(display_name="Peer Person", specialisms=MINE[:2])
    page = client.get("/directory/peers").get_data(as_text=True)
    assert "Peer Person" in page and "shares 2 specialisms" in page
