"""Events' part of the member lifecycle: the data-export section and account deletion.

The foreign keys do the rest when the account row goes: registrations and feedback keep their
anonymous counts (SET NULL); organiser roles and the calendar feed go (CASCADE).
"""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.events.models import CalendarFeed, EventFeedback, EventOrganiser, EventRegistration
from app.events.services.registration import withdraw_member
from app.extensions import db
from app.signals import member_deleting, member_exporting


def _iso(value):
    return value.isoformat() if value else None


@member_exporting.connect
def events_export(user):
    """The member's registrations, feedback, organiser roles and calendar feed, JSON-ready."""
    registrations = db.session.scalars(
        select(EventRegistration)
        .options(joinedload(EventRegistration.event))
        .where(EventRegistration.user_id == user.id)
        .order_by(EventRegistration.registered_at)
    ).all()
    feedback = db.session.scalars(select(EventFeedback).where(EventFeedback.user_id == user.id)).all()
    organiser_of = db.session.scalars(
        select(EventOrganiser).options(joinedload(EventOrganiser.event)).where(EventOrganiser.user_id == user.id)
    ).all()
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    return "events", {
        "registrations": [
            {
                "event": r.event.title,
                "starts_at": _iso(r.event.starts_at),
                "status": r.status,
                "access_needs": r.access_needs,
                "show_on_attendee_list": r.show_on_attendee_list,
                "attended": r.attended,
                "registered_at": _iso(r.registered_at),
                "cancelled_at": _iso(r.cancelled_at),
            }
            for r in registrations
        ],
        "feedback": [
            {
                "event_id": f.event_id,
                "overall": f.overall,
                "relevance": f.relevance,
                "would_recommend": f.would_recommend,
                "what_worked": f.what_worked,
                "to_improve": f.to_improve,
                "created_at": _iso(f.created_at),
            }
            for f in feedback
        ],
        "organiser_of": [o.event.title for o in organiser_of],
        "calendar_feed_created_at": _iso(feed.created_at) if feed else None,
    }


@member_deleting.connect
def withdraw_from_events(user):
    """Free the leaving member's places for people waiting; the deletion's caller commits."""
    withdraw_member(user)
