"""Directory fixtures: profiles built straight in the database, and vocabulary look-ups."""

import pytest
from sqlalchemy import select

from app.directory.models import VISIBLE_FIELDS, PractitionerProfile
from app.extensions import db
from app.taxonomy.models import IntegratedCareSystem, Region, Term
from tests.events.conftest import make_event  # noqa: F401  (fixtures for the name-rule tests)
from tests.kb.conftest import make_case_study  # noqa: F401


def term(vocabulary, slug):
    """A seeded vocabulary term."""
    found = db.session.scalar(select(Term).filter_by(vocabulary=vocabulary, slug=slug))
    assert found is not None, f"no {vocabulary} term {slug}"
    return found


def ics(slug):
    return db.session.scalar(select(IntegratedCareSystem).filter_by(slug=slug))


def region(slug):
    return db.session.scalar(select(Region).filter_by(slug=slug))


@pytest.fixture
def make_profile(app, make_user):
    """Factory: a user with a listed profile. Pass hidden=("organisation", ...) to hide fields."""
    counter = {"n": 0}

    def factory(user=None, hidden=(), listed=True, specialisms=(), professions=(), roles=(), **fields):
        counter["n"] += 1
        n = counter["n"]
        user = user or make_user(name=f"Member {n}")
        values = dict(
            display_name=f"Practitioner {n}",
            job_title="OH nurse",
            organisation="Test NHS Trust",
        )
        values.update(fields)
        profile = PractitionerProfile(user=user, slug=f"practitioner-{n}-{user.id}", listed=listed, **values)
        if profile.ics is not None and profile.region is None:
            profile.region = profile.ics.region
        profile.specialisms = [term(v, s) for v, s in specialisms]
        profile.professions = [term("profession", s) for s in professions]
        profile.roles = [term("held_role", s) for s in roles]
        for field in VISIBLE_FIELDS:
            setattr(profile, f"{field}_visibility", "hidden" if field in hidden else "members")
        db.session.add(profile)
        db.session.commit()
        return profile

    return factory
