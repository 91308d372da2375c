"""The demo directory: over 150 profiles in every region, privacy choices, a network; idempotent."""

from sqlalchemy import func, select

from app.directory.models import Connection, MentoringPair, PractitionerProfile
from app.extensions import db
from app.taxonomy.models import Region


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
    again = runner.invoke(args=["seed", "demo"])
    assert "directory-profiles: 0 created" in again.output
    assert db.session.scalar(select(func.count(PractitionerProfile.id))) == len(profiles)
