"""Read-only queries for the event pages and feeds; each issues a fixed number of statements."""

import calendar as pycalendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.access import can_see_members_content
from app.auth.models import User
from app.auth.spaces import visible_in_spaces
from app.events.models import (
    ACTIVE_STATUSES,
    CONFIRMED,
    WAITING,
    CalendarFeed,
    Event,
    EventOrganiser,
    EventRegistration,
)
from app.extensions import db
from app.models_base import utcnow
from app.taxonomy.models import Region, Term
from app.templating import LONDON, to_london

FEED_LIMIT = 500
CALENDAR_LIMIT = 500
ATTENDEES_PER_PAGE = 200


@dataclass
class EventFilters:
    """The list filters, already validated (unknown values are dropped by the form)."""

    when: str = "upcoming"
    event_type: str | None = None
    format: str | None = None
    region: str | None = None
    topic: str | None = None
    month: date | None = None


def london_midnight_utc(day):
    """00:00 in London on `day`, as UTC (BST or GMT as it falls on that day)."""
    return datetime(day.year, day.month, day.day, tzinfo=LONDON).astimezone(UTC)


def month_bounds(first_day):
    """The UTC instants where a London calendar month starts and ends."""
    following = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return london_midnight_utc(first_day), london_midnight_utc(following)


def _visible(user):
    """Events this person may see in lists: moderators also see drafts."""
    signed_in = getattr(user, "is_authenticated", False)
    conditions = []
    if not (signed_in and user.is_moderator):
        conditions.append(Event.status.in_(("published", "cancelled")))
    if not can_see_members_content(user):
        conditions.append(Event.audience == "public")
    conditions.append(visible_in_spaces(Event.space_id, user))  # a private space's events: its members only
    return conditions


def _listing(user):
    return select(Event).options(selectinload(Event.terms), joinedload(Event.region)).where(*_visible(user))


def list_events(user, filters, page=1, per_page=20):
    """One page of events matching `filters`: upcoming soonest first, past latest first."""
    now = utcnow()
    stmt = _listing(user)
    if filters.month:
        start, end = month_bounds(filters.month)
        stmt = stmt.where(Event.starts_at >= start, Event.starts_at < end).order_by(Event.starts_at)
    elif filters.when == "past":
        stmt = stmt.where(Event.ends_at < now).order_by(Event.starts_at.desc())
    else:
        stmt = stmt.where(Event.ends_at >= now).order_by(Event.starts_at)
    if filters.event_type:
        stmt = stmt.where(Event.event_type == filters.event_type)
    if filters.format:
        stmt = stmt.where(Event.format == filters.format)
    if filters.region:
        stmt = stmt.where(Event.region.has(Region.slug == filters.region))
    if filters.topic:
        stmt = stmt.where(Event.terms.any(Term.slug == filters.topic))
    return db.paginate(stmt.order_by(Event.id), page=page, per_page=per_page, error_out=False)


def own_statuses(user, events):
    """{event id: registration status} for the signed-in member, in one query."""
    if not getattr(user, "is_authenticated", False) or not events:
        return {}
    rows = db.session.execute(
        select(EventRegistration.event_id, EventRegistration.status).where(
            EventRegistration.user_id == user.id,
            EventRegistration.event_id.in_([e.id for e in events]),
            EventRegistration.status.in_(ACTIVE_STATUSES),
        )
    ).all()
    return dict(rows)


def upcoming_for_home(user, limit=3):
    """The next few events for the home page."""
    stmt = _listing(user).where(Event.status == "published", Event.ends_at >= utcnow())
    return db.session.scalars(stmt.order_by(Event.starts_at).limit(limit)).unique().all()


def next_booked(user):
    """The member's next event with a place or a waiting-list entry (one query), or None."""
    stmt = (
        _listing(user)
        .join(EventRegistration, EventRegistration.event_id == Event.id)
        .where(
            EventRegistration.user_id == user.id,
            EventRegistration.status.in_(ACTIVE_STATUSES),
            Event.status == "published",
            Event.ends_at >= utcnow(),
        )
        .order_by(Event.starts_at)
        .limit(1)
    )
    return db.session.scalars(stmt).unique().first()


def month_calendar(user, first_day):
    """Weeks (Monday first) of (day, [events]) for the London calendar month of `first_day`."""
    start, end = month_bounds(first_day)
    stmt = _listing(user).where(Event.starts_at >= start, Event.starts_at < end)
    events = db.session.scalars(stmt.order_by(Event.starts_at).limit(CALENDAR_LIMIT)).unique().all()
    by_day = {}
    for event in events:
        by_day.setdefault(to_london(event.starts_at).date(), []).append(event)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first_day.year, first_day.month)
    return [[(day, by_day.get(day, []) if day.month == first_day.month else []) for day in week] for week in weeks]


def upcoming_in_space(space_id, user, limit=5):
    """The next few published events of one space that `user` may see, soonest first."""
    stmt = _listing(user).where(Event.space_id == space_id, Event.status == "published", Event.ends_at >= utcnow())
    return db.session.scalars(stmt.order_by(Event.starts_at, Event.id).limit(limit)).unique().all()


def event_by_slug(slug):
    """The event with its organisers, materials, tags and region, or None."""
    stmt = (
        select(Event)
        .options(
            selectinload(Event.terms),
            selectinload(Event.materials),
            selectinload(Event.organisers).joinedload(EventOrganiser.user),
            joinedload(Event.region),
        )
        .where(Event.slug == slug)
    )
    return db.session.scalars(stmt).unique().one_or_none()


def own_registration(event, user):
    """The member's registration for this event (any status), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(EventRegistration).where(EventRegistration.event_id == event.id, EventRegistration.user_id == user.id)
    )


def waiting_count(event):
    return db.session.scalar(
        select(func.count(EventRegistration.id)).where(
            EventRegistration.event_id == event.id, EventRegistration.status == WAITING
        )
    )


def public_attendees(event, limit=FEED_LIMIT):
    """Confirmed attendees who chose to appear on the attendee list."""
    return db.session.scalars(
        select(EventRegistration)
        .options(joinedload(EventRegistration.user))
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.status == CONFIRMED,
            EventRegistration.show_on_attendee_list.is_(True),
            EventRegistration.user_id.is_not(None),
        )
        .order_by(EventRegistration.position)
        .limit(limit)
    ).all()


def _attendee_query(event_id):
    rank = case((EventRegistration.status == CONFIRMED, 0), (EventRegistration.status == WAITING, 1), else_=2)
    return (
        select(EventRegistration)
        .options(joinedload(EventRegistration.user))
        .where(EventRegistration.event_id == event_id)
        .order_by(rank, EventRegistration.position)
    )


def attendees(event, page=1):
    """Every registration (for organisers), a page at a time: confirmed, waiting, then the rest."""
    return db.paginate(_attendee_query(event.id), page=page, per_page=ATTENDEES_PER_PAGE, error_out=False)


def all_attendees(event_id):
    """Every registration of the event, read in batches, for the streamed CSV export."""
    return db.session.execute(_attendee_query(event_id).execution_options(yield_per=500)).scalars()


def status_counts(event):
    """{status: count} in one query."""
    rows = db.session.execute(
        select(EventRegistration.status, func.count())
        .where(EventRegistration.event_id == event.id)
        .group_by(EventRegistration.status)
    ).all()
    return dict(rows)


def feed_for_token(token):
    """The CalendarFeed for a secret token, or None (also once its owner is no longer a
    verified, active member: the feed shows what its owner may see now)."""
    if not token or len(token) > 64:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None or not can_see_members_content(db.session.get(User, feed.user_id)):
        return None
    return feed


def personal_feed(user_id):
    """(events, ids with a confirmed place) of the member's registrations, recent and upcoming;
    an event in a private space the member has left is no longer in it."""
    rows = db.session.execute(
        select(Event, EventRegistration.status)
        .join(EventRegistration, EventRegistration.event_id == Event.id)
        .where(
            visible_in_spaces(Event.space_id, db.session.get(User, user_id)),
            EventRegistration.user_id == user_id,
            EventRegistration.status.in_(ACTIVE_STATUSES),
            Event.status.in_(("published", "cancelled")),
            Event.ends_at >= utcnow() - timedelta(days=90),
        )
        .order_by(Event.starts_at)
        .limit(FEED_LIMIT)
    ).all()
    return [event for event, _ in rows], {event.id for event, status in rows if status == CONFIRMED}


def public_feed():
    """Public events from the last 90 days onwards, for the site-wide calendar feed (never an
    event of a private space)."""
    stmt = (
        select(Event)
        .where(
            Event.audience == "public",
            visible_in_spaces(Event.space_id, None),
            Event.status.in_(("published", "cancelled")),
            Event.ends_at >= utcnow() - timedelta(days=90),
        )
        .order_by(Event.starts_at)
        .limit(FEED_LIMIT)
    )
    return db.session.scalars(stmt).all()
