"""'Peers for you' ranks by where people work first, with reason lines that name what is shared;
and the directory filters return the people they should (fixtures with a known right answer)."""

import re

from app.directory.services.peers import suggestions
from app.directory.services.profiles import own_profile
from tests.directory.conftest import ics, term

CORNWALL = "cornwall-and-the-isles-of-scilly"
MINE = [("topic", "menopause"), ("topic", "musculoskeletal-health")]
MANY = MINE + [("topic", "burnout-and-mental-health"), ("topic", "sleep-and-fatigue"), ("topic", "stigma")]


def _solo_nurse(make_user, make_profile, **fields):
    """The member from the issue: a solo OH nurse in a Cornish hospice, open to peer support."""
    user = make_user(email="solo.nurse@nhs.net")
    values = dict(
        display_name="Nia Hospice",
        ics=ics(CORNWALL),
        sector=term("sector", "hospice"),
        is_solo=True,
        open_peer_support=True,
        specialisms=MINE,
        professions=["oh-nurse"],
    )
    values.update(fields)
    make_profile(user=user, **values)
    return user


def _ranked(user):
    return [(s.view["display_name"], s.reason_text) for s in suggestions(user, own_profile(user))]


def test_the_solo_open_nurse_in_the_same_ics_ranks_first(app, make_user, make_profile):
    me = _solo_nurse(make_user, make_profile)
    # Twenty Londoners who share more topics and the profession: before, they filled the list.
    for n in range(20):
        make_profile(
            display_name=f"London Twin {n:02d}",
            ics=ics("north-central-london"),
            specialisms=MANY,
            professions=["oh-nurse"],
            open_peer_support=True,
        )
    make_profile(
        display_name="Kerensa Solo",
        ics=ics(CORNWALL),
        is_solo=True,
        open_peer_support=True,
        specialisms=[("topic", "menopause")],
        professions=["oh-nurse"],
    )
    make_profile(display_name="Devon Solo", ics=ics("devon"), is_solo=True, open_peer_support=True, specialisms=MINE)
    make_profile(display_name="Cornish Colleague", ics=ics(CORNWALL), professions=["oh-physician"])
    ranked = _ranked(me)
    assert len(ranked) == 20
    assert ranked[:3] == [
        (
            "Kerensa Solo",
            "both solo · same ICS: Cornwall and the Isles of Scilly · menopause · same profession: OH nurse"
            " · open to peer support",
        ),
        ("Devon Solo", "both solo · same region: South West · menopause, MSK · open to peer support"),
        ("Cornish Colleague", "same ICS: Cornwall and the Isles of Scilly"),
    ]
    assert ranked[3] == (
        "London Twin 00",
        "menopause, MSK · same profession: OH nurse · open to peer support",
    )


def test_location_outweighs_topics_and_the_region_counts_below_the_ics(app, make_user, make_profile):
    me = _solo_nurse(make_user, make_profile, is_solo=False, open_peer_support=False, specialisms=[])
    make_profile(display_name="A Far Twin", ics=ics("kent-and-medway"), specialisms=MANY, professions=["oh-nurse"])
    make_profile(display_name="B Same Region", ics=ics("somerset"))
    make_profile(display_name="C Same ICS", ics=ics(CORNWALL))
    make_profile(display_name="D Nothing", ics=ics("kent-and-medway"))
    assert _ranked(me) == [
        ("C Same ICS", "same ICS: Cornwall and the Isles of Scilly"),
        ("B Same Region", "same region: South West"),
        ("A Far Twin", "same profession: OH nurse"),
    ]


def test_solo_counts_only_between_solo_members_and_mentoring_counts_as_openness(app, make_user, make_profile):
    me = _solo_nurse(make_user, make_profile, ics=None, specialisms=[], professions=[], seeks_mentoring=True)
    make_profile(display_name="Solo Too", is_solo=True)
    make_profile(display_name="Mentor", offers_mentoring=True, max_mentees=2)
    make_profile(display_name="Peer Supporter", open_peer_support=True)
    make_profile(display_name="Nobody")
    assert _ranked(me) == [
        ("Solo Too", "both solo"),
        ("Mentor", "offers mentoring"),
        ("Peer Supporter", "open to peer support"),
    ]
    me_not_solo = own_profile(me)
    me_not_solo.is_solo = False
    assert [s.view["display_name"] for s in suggestions(me, me_not_solo)] == ["Mentor", "Peer Supporter"]


def test_topics_read_as_words_and_abbreviations_and_count_up_to_three(app, make_user, make_profile):
    me = _solo_nurse(make_user, make_profile, ics=None, is_solo=False, open_peer_support=False, specialisms=MANY)
    make_profile(display_name="Five Shared", specialisms=MANY)
    make_profile(display_name="Three Shared", specialisms=MANY[:3])
    make_profile(display_name="Two Shared", specialisms=[("topic", "infection-prevention-and-control")] + MINE)
    found = {s.view["display_name"]: s for s in suggestions(me, own_profile(me))}
    assert found["Five Shared"].score == found["Three Shared"].score > found["Two Shared"].score
    assert found["Two Shared"].reason_text == "menopause, MSK"
    assert found["Five Shared"].reason_text == "burnout and mental health, menopause, MSK, sleep and fatigue, stigma"


def test_hidden_location_earns_nothing_but_a_shown_ics_tells_the_region(app, make_user, make_profile):
    me = _solo_nurse(make_user, make_profile, is_solo=False, open_peer_support=False, specialisms=[], professions=[])
    make_profile(display_name="Hidden ICS", ics=ics(CORNWALL), hidden=("ics",))
    make_profile(display_name="Hidden Both", ics=ics(CORNWALL), hidden=("ics", "region"))
    make_profile(display_name="Devon No Region", ics=ics("devon"), hidden=("region",))
    assert _ranked(me) == [
        ("Devon No Region", "same region: South West"),
        ("Hidden ICS", "same region: South West"),
    ]


def test_peers_page_shows_the_reason_line(client, auth, make_user, make_profile):
    me = _solo_nurse(make_user, make_profile)
    make_profile(display_name="Kerensa Solo", ics=ics(CORNWALL), is_solo=True, specialisms=MINE)
    auth.login(me)
    page = client.get("/directory/peers")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Kerensa Solo" in html
    assert "both solo · same ICS: Cornwall and the Isles of Scilly · menopause, MSK" in html


def _names(html):
    return set(re.findall(r'class="nhsuk-card__link" href="[^"]+">([^<]+)</a>', html))


def test_region_and_profession_filters_find_the_right_people(client, auth, make_user, make_profile):
    me = _solo_nurse(make_user, make_profile)
    make_profile(display_name="Sw Nurse Devon", ics=ics("devon"), professions=["oh-nurse"])
    make_profile(display_name="Sw Nurse Region Only", region=ics("dorset").region, professions=["oh-nurse"])
    # The region is hidden but the ICS is shown, and an ICS lies in one region: the card says
    # "Gloucestershire", so a South West filter that left her out would be wrong.
    make_profile(
        display_name="Sw Nurse Ics Shown", ics=ics("gloucestershire"), professions=["oh-nurse"], hidden=("region",)
    )
    make_profile(display_name="Sw Nurse Two Professions", ics=ics("somerset"), professions=["oh-physician", "oh-nurse"])
    make_profile(display_name="Sw Nurse Hidden", ics=ics("devon"), professions=["oh-nurse"], hidden=("region", "ics"))
    make_profile(display_name="Sw Nurse Unlisted", ics=ics("devon"), professions=["oh-nurse"], listed=False)
    make_profile(display_name="Sw Physician", ics=ics("devon"), professions=["oh-physician"])
    make_profile(display_name="London Nurse", ics=ics("north-central-london"), professions=["oh-nurse"])
    auth.login(me)
    page = client.get("/directory/?region=south-west&profession=oh-nurse")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    expected = {
        "Nia Hospice",
        "Sw Nurse Devon",
        "Sw Nurse Region Only",
        "Sw Nurse Ics Shown",
        "Sw Nurse Two Professions",
    }
    assert _names(html) == expected
    assert "5 practitioners" in html
    assert "South West (5)" in html and "OH nurse (5)" in html
    cornwall = client.get(f"/directory/?ics={CORNWALL}&sector=hospice&solo=1").get_data(as_text=True)
    assert _names(cornwall) == {"Nia Hospice"} and "Hospice (1)" in cornwall
