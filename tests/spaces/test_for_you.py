""" "Spaces for you": suggestions from the member's directory profile (region, profession,
roles, sector, specialisms, solo status), each with its reason, read through the
app.auth.spaces seam; joined, pending and invisible spaces are never suggested."""

# ruff: noqa: F811  (the fixtures imported below are parameters of the tests)
from sqlalchemy import event, select

from app.extensions import db
from app.spaces.for_you import spaces_for
from app.spaces.models import SpaceMember
from app.taxonomy.models import Region, Term
from tests.directory.conftest import make_profile  # noqa: F401  (fixture)
from tests.spaces.extras_fixtures import make_space  # noqa: F401  (fixture)


def term(vocabulary, slug):
    return db.session.scalar(select(Term).filter_by(vocabulary=vocabulary, slug=slug))


def region(slug):
    return db.session.scalar(select(Region).filter_by(slug=slug))


def solo_term():
    found = term("audience", "solo-practitioners")
    if found is None:  # the tests' database keeps seeded vocabularies, so this is there already
        found = Term(vocabulary="audience", slug="solo-practitioners", name="Solo practitioners")
        db.session.add(found)
        db.session.commit()
    return found


def test_solo_practitioner_in_the_south_west_gets_the_reason_line(app, make_user, make_space, make_profile):
    south_west = region("south-west")
    solo = make_space("Solo OHWB practitioners", terms=[solo_term()])
    network = make_space("South West OHWB network", region_id=south_west.id)
    make_space("London OHWB network", region_id=region("london").id)
    both = make_space("Solo in the South West", terms=[solo_term()], region_id=south_west.id)
    profile = make_profile(is_solo=True, region=south_west)
    suggestions = spaces_for(profile.user, limit=10)
    assert suggestions == [
        (both, "for solo practitioners · your region: South West"),
        (solo, "for solo practitioners"),
        (network, "your region: South West"),
    ]


def test_roles_professions_sector_and_interests_are_matched_and_named(app, make_space, make_profile):
    guardians = make_space("Health and Wellbeing Guardians", terms=[term("held_role", "health-and-wellbeing-guardian")])
    nurses = make_space(
        "OH nurses in primary and social care",
        terms=[term("profession", "oh-nurse"), term("sector", "primary-care")],
    )
    menopause = make_space("Menopause champions", terms=[term("topic", "menopause"), term("topic", "stigma")])
    make_space("TRiM practitioners", terms=[term("topic", "trauma-informed-care")])
    profile = make_profile(
        roles=["health-and-wellbeing-guardian"],
        professions=["oh-nurse"],
        specialisms=[("topic", "menopause"), ("topic", "stigma")],
        sector=term("sector", "primary-care"),
    )
    reasons = dict(spaces_for(profile.user, limit=10))
    assert reasons == {
        guardians: "your role: Health and Wellbeing Guardian",
        nurses: "your profession: OH nurse · your sector: Primary care",
        menopause: "your interests: Menopause, Stigma",
    }
    assert list(dict(spaces_for(profile.user, limit=2))) == [nurses, guardians]


def test_joined_pending_and_private_spaces_are_not_suggested(app, make_user, make_space, make_profile):
    menopause = term("topic", "menopause")
    profile = make_profile(specialisms=[("topic", "menopause")])
    joined = make_space("Joined", terms=[menopause], members=[profile.user])
    pending = make_space("Pending", terms=[menopause])
    db.session.add(SpaceMember(space_id=pending.id, user_id=profile.user.id, status="pending"))
    db.session.commit()
    make_space("Private", policy="private", terms=[menopause])
    invited = make_space("Invited private", policy="private", terms=[menopause])
    db.session.add(SpaceMember(space_id=invited.id, user_id=profile.user.id, status="invited"))
    db.session.commit()
    fresh = make_space("Fresh", terms=[menopause])
    names = [space.name for space, _ in spaces_for(profile.user, limit=10)]
    assert names == ["Fresh", "Invited private"] or names == ["Invited private", "Fresh"]
    assert joined.name not in names and "Private" not in names and fresh.name in names


def test_no_profile_or_nothing_matching_means_no_suggestions(app, make_user, make_space, make_profile):
    make_space("Menopause champions", terms=[term("topic", "menopause")])
    assert spaces_for(make_user(), limit=4) == []
    assert spaces_for(make_profile().user, limit=4) == []


def test_suggestions_cost_a_fixed_number_of_queries(app, make_space, make_profile):
    menopause = term("topic", "menopause")
    profile = make_profile(specialisms=[("topic", "menopause")], is_solo=True, region=region("london"))
    statements = []

    def count(*args):
        statements.append(args)

    def measure():
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            spaces_for(profile.user, limit=4)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    make_space("One", terms=[menopause])
    few = measure()
    for n in range(30):
        make_space(f"Many {n}", terms=[menopause, solo_term()], region_id=region("london").id)
    assert measure() == few


def test_spaces_index_shows_spaces_for_you_with_reasons(client, auth, make_space, make_profile):
    make_space("Menopause champions", terms=[term("topic", "menopause")])
    profile = make_profile(specialisms=[("topic", "menopause")])
    auth.login(profile.user)
    html = client.get("/spaces/").get_data(as_text=True)
    assert "Spaces for you" in html and "your interest: Menopause" in html
