"""The demo directory: over 150 profiles in every region, privacy choices, a network; idempotent."""

from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from app.auth.models import User
from app.directory.models import Connection, MentoringPair, PractitionerProfile
from app.directory.services import finder
from app.directory.services.peers import suggestions
from app.extensions import db
from app.taxonomy.models import IntegratedCareSystem, Region, Term


def test_seed_demo_builds_the_directory_once(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    profiles = db.session.scalars(select(PractitionerProfile)).all()
    assert len(profiles) >= 150
    listed = [p for p in profiles if p.listed]
    assert {p.region_id for p in listed} == set(db.session.scalars(select(Region.id)))
    assert any(p.is_solo for p in listed) and any(p.offers_mentoring for p in listed)
    assert any(p.organisation_visibility == "hidden" for p in profiles)
    assert any(not p.listed for p in profiles)
    assert db.session.scalar(select(func.count(Connection.id)).where(Connection.status == "accepted")) > 50
    assert db.session.scalar(select(func.count(MentoringPair.id)).where(MentoringPair.status == "active")) > 10
    _demo_finds_south_west_nurses_and_cornish_peers(profiles)
    again = runner.invoke(args=["seed", "demo"])
    assert "directory-profiles: 0 created" in again.output
    assert db.session.scalar(select(func.count(PractitionerProfile.id))) == len(profiles)


def _demo_finds_south_west_nurses_and_cornish_peers(profiles):
    """The issue's journey on the demo data: a solo OH nurse in a Cornish hospice looks for peers."""
    nurses = finder.find(MultiDict({"region": "south-west", "profession": "oh-nurse"}))
    assert nurses.total >= 3
    # Professions follow job titles, so a profession filter finds the people it names.
    for profile in profiles:
        if profile.job_title == "Occupational health nurse":
            assert [t.slug for t in profile.professions] == ["oh-nurse"], profile.display_name
    assert {"hospice", "voluntary-and-charity", "independent-provider"} <= {p.sector.slug for p in profiles if p.sector}
    cornwall = db.session.scalar(select(IntegratedCareSystem).filter_by(slug="cornwall-and-the-isles-of-scilly"))
    nurse_term = db.session.scalar(select(Term).filter_by(vocabulary="profession", slug="oh-nurse"))
    user = User(email="new.nurse@nhs.net", name="New Nurse", organisation="Hospice", job_role="OH nurse")
    user.set_password("a-long-password-2026")
    mine = PractitionerProfile(
        user=user,
        slug="new-nurse",
        display_name="New Nurse",
        ics=cornwall,
        region=cornwall.region,
        is_solo=True,
        open_peer_support=True,
    )
    mine.professions = [nurse_term]
    db.session.add(mine)
    db.session.flush()
    top = suggestions(user, mine)[0]
    assert top.view["ics"] == "Cornwall and the Isles of Scilly" and top.view["is_solo"]
    assert top.reason_text.startswith("both solo · same ICS: Cornwall and the Isles of Scilly")
    db.session.rollback()
