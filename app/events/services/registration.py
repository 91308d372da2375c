"""Registering, cancelling and the waiting list, with capacity enforced by the database.

A place is taken only by `UPDATE event SET confirmed_count = confirmed_count + 1 WHERE id = :id
AND (capacity IS NULL OR confirmed_count < capacity)`: its row count decides confirmed or
waiting. PostgreSQL re-checks the WHERE clause after waiting for a concurrent writer's row lock,
and SQLite admits one writer at a time, so however many workers register at once the count
never passes the capacity (a CHECK constraint backs this up). The unique key (event_id, user_id)
stops duplicates. Waiting-list order is a position handed out by another atomic UPDATE.
Status changes are conditional UPDATEs too, so a double click cannot cancel twice.
"""

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.auth.names import public_name
from app.events import ics, notify
from app.events.models import (
    ACTIVE_STATUSES,
    CANCELLED,
    CONFIRMED,
    REMOVED,
    WAITING,
    Event,
    EventRegistration,
)
from app.events.services import AlreadyRegistered, EventError
from app.events.services.retry import retry_on_lock
from app.extensions import db
from app.mail import queue_email
from app.models_base import utcnow

CLOSED_MESSAGES = {
    "draft": "This event is not open for registration yet",
    "cancelled": "This event has been cancelled",
    "not_yet": "Registration for this event has not opened yet",
    "closed": "Registration for this event has closed",
    "started": "This event has already started",
}

_events = Event.__table__
_registrations = EventRegistration.__table__


def _take_place(event_id):
    """Atomically take one place; False when the event is full."""
    stmt = (
        _events.update()
        .where(
            _events.c.id == event_id,
            or_(_events.c.capacity.is_(None), _events.c.confirmed_count < _events.c.capacity),
        )
        .values(confirmed_count=_events.c.confirmed_count + 1, updated_at=_events.c.updated_at)
    )
    return db.session.execute(stmt).rowcount == 1


def _release_place(event_id):
    stmt = (
        _events.update()
        .where(_events.c.id == event_id, _events.c.confirmed_count > 0)
        .values(confirmed_count=_events.c.confirmed_count - 1, updated_at=_events.c.updated_at)
    )
    db.session.execute(stmt)


def _next_position(event_id):
    """The next number in the event's queue; the UPDATE also locks the event row (PostgreSQL)."""
    db.session.execute(
        _events.update()
        .where(_events.c.id == event_id)
        .values(position_counter=_events.c.position_counter + 1, updated_at=_events.c.updated_at)
    )
    return db.session.scalar(select(_events.c.position_counter).where(_events.c.id == event_id))


def _lock_event(event_id):
    """Take the event row's lock first (PostgreSQL), so every writer locks in the same order:
    the event, then registrations. Without it a cancel and a promotion could deadlock."""
    db.session.execute(
        _events.update()
        .where(_events.c.id == event_id)
        .values(position_counter=_events.c.position_counter, updated_at=_events.c.updated_at)
    )


def _transition(registration_id, from_status, to_status, **values):
    """Move a registration between statuses only if it is still in `from_status`."""
    stmt = (
        _registrations.update()
        .where(_registrations.c.id == registration_id, _registrations.c.status == from_status)
        .values(status=to_status, **values)
    )
    return db.session.execute(stmt).rowcount == 1


def waiting_number(registration):
    """1 for the first person on the waiting list."""
    stmt = select(func.count(EventRegistration.id)).where(
        EventRegistration.event_id == registration.event_id,
        EventRegistration.status == WAITING,
        EventRegistration.position <= registration.position,
    )
    return db.session.scalar(stmt)


def _email_confirmed(registration, promoted=False):
    event, user = registration.event, registration.user
    subject = f"{'A place is now yours' if promoted else 'Your place is confirmed'}: {event.title}"
    attachment = ("event.ics", "text/calendar", ics.event_calendar(event, joining=True))
    context = {
        "attachments": [attachment],
        "event": event,
        "user": user,
        "promoted": promoted,
        "url": ics.event_url(event),
    }
    if promoted:  # news the member did not ask for just now: a notification, emailed as they choose
        notify.promoted(registration, email=("event_confirmed", context))
    else:
        queue_email(user.email, subject, "event_confirmed", **context)


def _email_waiting(registration):
    event, user = registration.event, registration.user
    queue_email(
        user.email,
        f"You are on the waiting list: {event.title}",
        "event_waiting",
        event=event,
        user=user,
        number=waiting_number(registration),
        url=ics.event_url(event),
    )


def _find(event_id, user_id):
    stmt = select(EventRegistration).where(EventRegistration.event_id == event_id, EventRegistration.user_id == user_id)
    return db.session.scalar(stmt)


def _place(event, user, access_needs, show_on_list, by_organiser):
    """Create (or re-open) the registration: confirmed if a place was free, else waiting."""
    state = event.registration_state()
    if by_organiser:
        if event.status != "published" or event.has_started():
            raise EventError(CLOSED_MESSAGES.get(state, "This event is not open for registration"))
    elif state != "open":
        raise EventError(CLOSED_MESSAGES[state])
    # Taking a position first locks the event row on PostgreSQL, so the check below sees
    # every registration committed before ours (SQLite has a single writer anyway).
    position = _next_position(event.id)
    existing = _find(event.id, user.id)
    if existing is not None and existing.is_active:
        who = f"{public_name(user)} is" if by_organiser else "You are"
        raise AlreadyRegistered(f"{who} already registered for this event")
    confirmed = _take_place(event.id)
    now = utcnow()
    registration = existing or EventRegistration(event_id=event.id, user_id=user.id)
    registration.status = CONFIRMED if confirmed else WAITING
    registration.position = position
    registration.access_needs = (access_needs or "").strip() or None
    registration.show_on_attendee_list = bool(show_on_list)
    registration.registered_at = now
    registration.confirmed_at = now if confirmed else None
    registration.cancelled_at = None
    registration.attended = None
    db.session.add(registration)
    db.session.flush()
    if confirmed:
        _email_confirmed(registration)
    else:
        _email_waiting(registration)
    return registration


@retry_on_lock
def register(event_id, user_id, access_needs=None, show_on_list=False):
    """Register a member: a confirmed place while places remain, otherwise the waiting list."""
    event = db.session.get(Event, event_id)
    user = db.session.get(User, user_id)
    try:
        registration = _place(event, user, access_needs, show_on_list, by_organiser=False)
        db.session.commit()
    except IntegrityError:
        # The same member registering twice at the same moment: the unique key stops the second.
        db.session.rollback()
        raise AlreadyRegistered("You are already registered for this event") from None
    except EventError:
        db.session.rollback()
        raise
    return registration


@retry_on_lock
def add_attendee(event_id, email):
    """An organiser adds a member by email (a place if one is free, else the waiting list)."""
    event = db.session.get(Event, event_id)
    user = db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))
    if user is None or not user.is_active:
        raise EventError("No member has this email address", field="email")
    try:
        registration = _place(event, user, None, False, by_organiser=True)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise EventError(f"{public_name(user)} is already registered for this event", field="email") from None
    except EventError as error:
        db.session.rollback()
        error.field = "email"
        raise
    return registration


def promote_waiting(event):
    """Give free places to the waiting list in order; returns the promoted registrations."""
    promoted = []
    if event.has_started():
        return promoted
    while True:
        candidate = db.session.scalar(
            select(EventRegistration)
            .where(EventRegistration.event_id == event.id, EventRegistration.status == WAITING)
            .order_by(EventRegistration.position)
            .limit(1)
        )
        if candidate is None or not _take_place(event.id):
            break
        if not _transition(candidate.id, WAITING, CONFIRMED, confirmed_at=utcnow()):
            _release_place(event.id)  # its owner cancelled meanwhile; give the place back
            db.session.expire(candidate)
            continue
        db.session.expire(candidate)
        if candidate.user is not None:
            _email_confirmed(candidate, promoted=True)
        promoted.append(candidate)
    return promoted


def _end(registration, new_status):
    """Cancel or remove a registration; a freed place goes to the first person waiting."""
    event = registration.event
    _lock_event(event.id)
    if _transition(registration.id, CONFIRMED, new_status, cancelled_at=utcnow()):
        _release_place(event.id)
        db.session.expire(registration)
        return promote_waiting(event)
    if _transition(registration.id, WAITING, new_status, cancelled_at=utcnow()):
        db.session.expire(registration)
        return []
    raise EventError("This registration has already been cancelled")


@retry_on_lock
def cancel(event_id, user_id):
    """A member cancels their own place or waiting-list entry before the event starts."""
    event = db.session.get(Event, event_id)
    registration = _find(event_id, user_id)
    try:
        if registration is None or not registration.is_active:
            raise EventError("You are not registered for this event")
        if event.has_started():
            raise EventError("This event has started, so the registration can no longer be cancelled")
        _end(registration, CANCELLED)
        user = registration.user
        queue_email(
            user.email, f"Registration cancelled: {event.title}", "event_registration_cancelled", event=event, user=user
        )
        db.session.commit()
    except EventError:
        db.session.rollback()
        raise
    return registration


@retry_on_lock
def remove(event_id, registration_id):
    """An organiser removes someone; they are told, and the place goes to the waiting list."""
    registration = db.session.get(EventRegistration, registration_id)
    if registration is None or registration.event_id != event_id:
        raise EventError("That registration is not part of this event", status=404)
    try:
        _end(registration, REMOVED)
        if registration.user is not None:
            queue_email(
                registration.user.email,
                f"Your registration has been withdrawn: {registration.event.title}",
                "event_registration_removed",
                event=registration.event,
                user=registration.user,
            )
        db.session.commit()
    except EventError:
        db.session.rollback()
        raise
    return registration


def mark_attendance(event, shown_ids, attended_ids):
    """Record who came among `shown_ids` (one page of the list): those in `attended_ids` did."""
    attended_ids = set(attended_ids)
    registrations = db.session.scalars(
        select(EventRegistration).where(
            EventRegistration.event_id == event.id,
            EventRegistration.status == CONFIRMED,
            EventRegistration.id.in_(list(shown_ids)),
        )
    ).all()
    for registration in registrations:
        registration.attended = registration.id in attended_ids
    db.session.commit()
    return sum(1 for r in registrations if r.attended)


def withdraw_member(user):
    """Part of deleting an account (the caller commits): free places and forget personal answers.

    The registrations stay, so counts stay right; the foreign key's ON DELETE SET NULL
    unlinks them from the account when its row goes.
    """
    now = utcnow()
    registrations = db.session.scalars(select(EventRegistration).where(EventRegistration.user_id == user.id)).all()
    for registration in registrations:
        if registration.status in ACTIVE_STATUSES and not registration.event.has_started(now):
            _end(registration, CANCELLED)
        db.session.refresh(registration)
        registration.access_needs = None
        registration.show_on_attendee_list = False
