"""Factories for event tests: events with sensible defaults and registrations."""

from datetime import timedelta

import pytest

from app.auth.models import utcnow
from app.events.models import Event, EventRegistration
from app.extensions import db


@pytest.fixture
def make_event(app):
    """Factory: a published in-person event a week ahead with 10 places (override any field)."""
    counter = {"n": 0}

    def factory(**fields):
        counter["n"] += 1
        starts = fields.pop("starts_at", utcnow().replace(microsecond=0) + timedelta(days=7))
        values = dict(
            slug=f"test-event-{counter['n']}",
            title=f"Test event {counter['n']}",
            summary="A test event",
            event_type="network_meeting",
            format="in_person",
            venue="Leeds General Infirmary",
            address="Great George Street, Leeds",
            starts_at=starts,
            ends_at=fields.pop("ends_at", starts + timedelta(hours=2)),
            capacity=10,
            status="published",
            description_md="About the event",
            description_html="<p>About the event</p>",
        )
        values.update(fields)
        event = Event(**values)
        db.session.add(event)
        db.session.commit()
        return event

    return factory


@pytest.fixture
def register(app):
    """Register a user through the service (as the route does)."""
    from app.events.services import registration

    def do(event, user, **kwargs):
        return registration.register(event.id, user.id, **kwargs)

    return do


def registrations(event):
    return db.session.query(EventRegistration).filter_by(event_id=event.id).order_by(EventRegistration.position).all()
