"""Emails sent by the clock (reminders, feedback requests), messages to attendees, and purging.

Each notice is recorded in `event_reminder` under a unique (registration, kind) key before its
email is queued, inside a savepoint: if another run got there first the insert fails, the
savepoint is rolled back and that person is skipped. So the commands are safe to run every
minute, even two at once. Each person is handled in a savepoint of their own (app.batch): if
their notice cannot be written, it is logged and counted, and everyone after them still hears.
"""

from datetime import timedelta

from sqlalchemy import and_, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.batch import Tally, run_each
from app.events import ics
from app.events.models import CONFIRMED, Event, EventFeedback, EventRegistration, EventReminder
from app.events.services.retry import retry_on_lock
from app.extensions import db
from app.mail import queue_email
from app.models_base import utcnow
from app.templating import format_datetime

# kind -> (how long before the start it becomes due, until when it is still worth sending)
REMINDERS = {"24h": (timedelta(hours=24), timedelta(hours=1)), "1h": (timedelta(hours=1), timedelta(0))}
FEEDBACK_WINDOW = timedelta(days=14)
PERSONAL_DATA_DAYS = 30
BATCH = 200


def _not_sent(kind):
    return ~exists().where(EventReminder.registration_id == EventRegistration.id, EventReminder.kind == kind)


def _due(kind, condition, after_id):
    stmt = (
        select(EventRegistration)
        .join(Event, Event.id == EventRegistration.event_id)
        .options(joinedload(EventRegistration.event), joinedload(EventRegistration.user))
        .where(
            Event.status == "published",
            EventRegistration.status == CONFIRMED,
            EventRegistration.user_id.is_not(None),
            EventRegistration.id > after_id,
            condition,
            _not_sent(kind),
        )
        .order_by(EventRegistration.id)
        .limit(BATCH)
    )
    return db.session.scalars(stmt).unique().all()


def _claim(registration, kind):
    """Record the notice; False when another run already has."""
    try:
        with db.session.begin_nested():
            db.session.add(EventReminder(registration_id=registration.id, kind=kind))
    except IntegrityError:
        return False
    return True


@retry_on_lock
def _send_batch(kind, condition, send, after_id):
    registrations = _due(kind, condition, after_id)
    ids = [registration.id for registration in registrations]

    def notify(registration):
        if not _claim(registration, kind):
            return False
        send(registration)
        return True

    tally = run_each(registrations, notify, f"events {kind} notices")
    db.session.commit()
    return tally, ids


def _run(kind, condition, send):
    """Every due person, a batch at a time, in id order (a failed one is not met again this run)."""
    total, after_id = Tally(), 0
    while True:
        tally, ids = _send_batch(kind, condition, send, after_id)
        total.done, total.failed = total.done + tally.done, total.failed + tally.failed
        if len(ids) < BATCH:
            return total
        after_id = ids[-1]


def send_reminders(now=None):
    """Email confirmed registrants 24 hours and 1 hour before the start; returns {kind: sent, "failed": n}."""
    now = now or utcnow()
    counts = {"failed": 0}
    for kind, (before, until) in REMINDERS.items():

        def send(registration, kind=kind):
            event = registration.event
            queue_email(
                registration.user.email,
                f"Reminder: {event.title}, {format_datetime(event.starts_at)}",
                "event_reminder",
                attachments=[("event.ics", "text/calendar", ics.event_calendar(event, joining=True))],
                event=event,
                user=registration.user,
                kind=kind,
                url=ics.event_url(event),
            )

        condition = and_(Event.starts_at <= now + before, Event.starts_at > now + until)
        tally = _run(kind, condition, send)
        counts[kind] = tally.done
        counts["failed"] += tally.failed
    return counts


def send_feedback_requests(now=None):
    """After the end, ask each attendee (not those marked absent) for feedback, once; returns a Tally."""
    now = now or utcnow()

    def send(registration):
        event = registration.event
        queue_email(
            registration.user.email,
            f"How was {event.title}? Tell us in 2 minutes",
            "event_feedback_request",
            event=event,
            user=registration.user,
            url=f"{ics.event_url(event)}/feedback",
        )

    answered = exists().where(
        EventFeedback.event_id == EventRegistration.event_id, EventFeedback.user_id == EventRegistration.user_id
    )
    condition = and_(
        Event.ends_at <= now,
        Event.ends_at > now - FEEDBACK_WINDOW,
        EventRegistration.attended.is_not(False),
        ~answered,
    )
    return _run("feedback", condition, send)


@retry_on_lock
def purge_personal_data(now=None):
    """Delete access needs given for events that ended more than 30 days ago; returns the count."""
    now = now or utcnow()
    ended = select(Event.id).where(Event.ends_at < now - timedelta(days=PERSONAL_DATA_DAYS))
    stmt = (
        update(EventRegistration)
        .where(EventRegistration.event_id.in_(ended), EventRegistration.access_needs.is_not(None))
        .values(access_needs=None)
        .execution_options(synchronize_session=False)
    )
    count = db.session.execute(stmt).rowcount
    db.session.commit()
    return count


def email_attendees(event, subject, message, sender):
    """An organiser writes to everyone with a confirmed place; returns how many were emailed."""
    registrations = db.session.scalars(
        select(EventRegistration)
        .options(joinedload(EventRegistration.user))
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.status == CONFIRMED,
            EventRegistration.user_id.is_not(None),
        )
    ).all()
    for registration in registrations:
        queue_email(
            registration.user.email,
            f"{subject} ({event.title})",
            "event_message",
            reply_to=sender.email,
            event=event,
            user=registration.user,
            sender=sender,
            message=message,
            url=ics.event_url(event),
        )
    db.session.commit()
    return len(registrations)
