"""`flask seed demo --scale N`: the demo grown to N items of each type, findable, and only once."""

import re

from sqlalchemy import func, select

from app.auth.models import User
from app.case_studies.models import CaseStudy
from app.directory.models import PractitionerProfile
from app.events.models import Event
from app.extensions import db
from app.resources.models import Resource
from app.spaces.models import Space, Thread

SCALE = 200


def _counts():
    models = (CaseStudy, Resource, Event, Thread, PractitionerProfile)
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def test_scale_grows_every_type_once_with_pages_and_search_to_match(runner, client):
    result = runner.invoke(args=["seed", "demo", "--scale", str(SCALE)])
    assert result.exit_code == 0, result.output
    assert _counts() == dict.fromkeys(_counts(), SCALE)
    users = db.session.scalar(select(func.count()).select_from(User))
    copy = db.session.scalar(select(CaseStudy).where(CaseStudy.slug.like("%-s199")))
    assert copy.status == "published" and copy.terms and copy.measures  # tags and measures come along
    originals = {c.title for c in db.session.scalars(select(CaseStudy)) if not re.search(r"-s\d+$", c.slug)}
    assert originals and copy.title not in originals  # ids are not 1.. on PostgreSQL: compare with every original
    # Every copied profile has an account of its own, with its own session token.
    profiles = db.session.scalars(select(PractitionerProfile)).all()
    assert len({p.user_id for p in profiles}) == SCALE
    tokens = db.session.scalars(select(User.session_token)).all()
    assert len(set(tokens)) == len(tokens)
    # A space's thread count includes its copied threads.
    space = db.session.scalar(select(Space).order_by(Space.thread_count.desc()))
    listed = select(func.count()).where(Thread.space_id == space.id, Thread.hidden_at.is_(None))
    assert space.thread_count <= db.session.scalar(listed) and space.thread_count > 5
    # The index was rebuilt: nothing missing, stale or extra, and a copy is found by its title.
    check = runner.invoke(args=["search", "check"])
    assert check.exit_code == 0, check.output
    published = select(CaseStudy).where(CaseStudy.visibility == "public", CaseStudy.status == "published")
    public = next(c for c in db.session.scalars(published.order_by(CaseStudy.id)) if re.search(r"-s\d+$", c.slug))
    assert client.get(f"/case-studies/{public.slug}").status_code == 200
    place = public.title.rsplit(": ", 1)[1].rsplit(" ", 1)[0]
    page = client.get("/search", query_string={"q": f"{public.title.split(':')[0]} {place}"}).get_data(as_text=True)
    assert public.slug in page
    again = runner.invoke(args=["seed", "demo", "--scale", str(SCALE)])
    assert again.exit_code == 0 and "none added" in again.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == users
