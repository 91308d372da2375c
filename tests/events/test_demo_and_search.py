"""Demo data (a year of events, idempotent) and the search registration."""

from datetime import timedelta

from sqlalchemy import func, select

from app.auth.models import utcnow
from app.demo import auth as auth_demo
from app.demo import events as demo
from app.demo.registry import rng_for
from app.events.models import Event, EventFeedback, EventRegistration
from app.events.searchable import all_events, event_document
from app.extensions import db
from app.search.registry import TYPES
from app.taxonomy.models import Term
from app.taxonomy.services import regions, terms


def _seed():
    for step in (auth_demo.STEP, demo.STEP):
        created = sum(1 for item in step.plan(rng_for(step.name)) if step.apply(item))
        db.session.commit()
    return created


def test_demo_events_cover_a_year_with_attendance_feedback_and_waiting_lists(app):
    assert _seed() >= 30
    now = utcnow()
    past = db.session.scalar(select(func.count(Event.id)).where(Event.ends_at < now))
    future = db.session.scalar(select(func.count(Event.id)).where(Event.starts_at > now))
    assert past >= 10 and future >= 10
    assert db.session.scalar(select(func.count(EventFeedback.id))) > 0
    assert db.session.scalar(select(func.count()).where(EventRegistration.attended.is_(True))) > 0
    assert db.session.scalar(select(func.count()).where(EventRegistration.status == "waiting")) > 0
    for event in db.session.scalars(select(Event)):
        confirmed = db.session.scalar(
            select(func.count()).where(EventRegistration.event_id == event.id, EventRegistration.status == "confirmed")
        )
        assert event.confirmed_count == confirmed
        assert event.capacity is None or confirmed <= event.capacity
    first = db.session.scalar(select(func.min(Event.starts_at)))
    assert now - first.replace(tzinfo=now.tzinfo) > timedelta(days=120)
    assert _seed() == 0  # running again changes nothing


def test_event_search_documents(make_event):
    topic = db.session.get(Term, terms("topic")[0].id)
    public = make_event(title="Menopause cafe", region_id=regions()[0].id, summary="Tea and talk")
    public.terms = [topic]
    db.session.commit()
    document = event_document(public)
    assert document.title == "Menopause cafe" and document.visibility == "public"
    assert document.url == f"/events/{public.slug}" and document.upcoming is True
    assert document.facets["topic"] == [topic.name] and document.facets["when"] == ["Upcoming"]
    assert document.facets["region"] == [regions()[0].name]
    members = make_event(audience="members")
    assert event_document(members).visibility == "members"
    assert event_document(make_event(status="draft")) is None
    assert event_document(make_event(status="cancelled")) is None
    now = utcnow()
    past = make_event(starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3, hours=-2))
    assert event_document(past).upcoming is False and event_document(past).facets["when"] == ["Past"]
    assert TYPES["event"].model is Event
    assert {e.id for e in all_events()} == {public.id, members.id, past.id}
