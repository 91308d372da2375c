"""Events in the loop: booked members hear of changes, cancellations and places that came free;
followers of an event's topics, region, space or organiser hear of a newly published event.
An event in a private space reaches only those who may see the space."""

from sqlalchemy import select

from app.auth.models import User
from app.auth.spaces import may_see_space
from app.events.models import Event
from app.extensions import db
from app.models_base import utcnow
from app.notifications import fan_out, notify, register_audience


def _audience(event_id, user_ids):
    event = db.session.get(Event, event_id)
    if event is None or not event.is_published:
        return set()
    if event.space_id is None:
        return set(user_ids)
    users = db.session.scalars(select(User).where(User.id.in_(user_ids)))
    return {user.id for user in users if may_see_space(user, event.space_id)}


register_audience("event", _audience)


def _path(event):
    return f"/events/{event.slug}"


def booked_changed(event, registration, cancelled, email):
    """Tell one booked member the event changed or was cancelled (`email`: the feature's own)."""
    what = "cancelled" if cancelled else "changed"
    notify(
        [registration.user],
        "event_changed",
        f"event-{what}:{event.id}:{event.sequence or 0}",
        f"Event {'cancelled' if cancelled else 'details changed'}: {event.title}",
        _path(event),
        target=("event", event.id) if not cancelled else (None, None),
        email=email,
    )


def promoted(registration, email):
    """Tell a member a place came free for them."""
    event = registration.event
    notify(
        [registration.user],
        "waitlist",
        f"event-promoted:{registration.id}:{int(utcnow().timestamp())}",
        f"A place is now yours: {event.title}",
        _path(event),
        target=("event", event.id),
        email=email,
    )


def published(event, actor_id=None):
    """In the transaction that publishes an event: its followers' fan-out."""
    audience = [(term.vocabulary, term.id) for term in event.terms]
    audience += [("region", event.region_id), ("space", event.space_id), ("member", event.created_by_id)]
    fan_out(
        audience,
        "new_content",
        f"event:{event.id}",
        f"New event: {event.title}",
        _path(event),
        actor=actor_id,
        target=("event", event.id),
    )
