"""Creating, editing, publishing and cancelling events; organisers and materials."""

import re
import secrets
import unicodedata
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.auth.models import User
from app.auth.names import public_name
from app.content import UploadError, render_markdown, store_upload
from app.content.uploads import delete_stored
from app.events import ics, notify
from app.events.models import ACTIVE_STATUSES, CalendarFeed, Event, EventMaterial, EventOrganiser, EventRegistration
from app.events.services import EventError
from app.events.services.registration import promote_waiting
from app.extensions import db
from app.mail import queue_email
from app.models_base import utcnow
from app.taxonomy.models import Region, Term

# The fields an event form may set; anything else is ignored (no mass assignment).
EDITABLE = (
    "title",
    "event_type",
    "summary",
    "format",
    "venue",
    "address",
    "postcode",
    "joining_url",
    "accessibility_info",
    "audience",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
)
# Changes registrants should hear about (and calendars pick up).
NOTIFY_ON = ("title", "starts_at", "ends_at", "format", "venue", "address", "postcode", "joining_url")
MATERIAL_TYPES = {"pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "csv", "txt", "png", "jpg", "jpeg"}


def slugify(text):
    """Lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "event"


def _unique_slug(title, starts_at):
    base = f"{slugify(title)}-{starts_at:%Y-%m-%d}"
    slug, n = base, 1
    while db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check(values, event=None):
    if values["ends_at"] <= values["starts_at"]:
        raise EventError("The end must be after the start", field="ends_at")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and opens >= values["starts_at"]:
        raise EventError("Registration must open before the event starts", field="registration_opens_at")
    if opens and closes and closes <= opens:
        raise EventError("Registration must close after it opens", field="registration_closes_at")
    if closes and closes > values["starts_at"]:
        raise EventError("Registration must close before the event starts", field="registration_closes_at")
    capacity = values.get("capacity")
    if event is not None and capacity is not None and capacity < event.confirmed_count:
        raise EventError(
            f"{event.confirmed_count} people already have a place: the capacity cannot be lower", field="capacity"
        )
    if values["format"] in ("online", "hybrid") and not values.get("joining_url"):
        raise EventError("Enter the online joining link for an online or hybrid event", field="joining_url")
    if values["format"] in ("in_person", "hybrid") and not values.get("venue"):
        raise EventError("Enter the venue for an in-person or hybrid event", field="venue")


def _same(old, new):
    """Equal, treating SQLite's naive datetimes as the UTC they are."""
    if isinstance(old, datetime) and isinstance(new, datetime):
        old, new = (v if v.tzinfo else v.replace(tzinfo=UTC) for v in (old, new))
    return old == new


def _apply(event, values, description, region_id, term_ids):
    for name in EDITABLE:
        setattr(event, name, values.get(name))
    if "space_id" in values:  # only when the form asked (the organiser manages a space)
        event.space_id = values["space_id"]
    event.description_md = description or ""
    event.description_html = render_markdown(description or "")
    event.region = db.session.get(Region, region_id) if region_id else None
    ids = [int(i) for i in term_ids or ()]
    event.terms = db.session.scalars(select(Term).where(Term.id.in_(ids))).all() if ids else []


def create_event(user, values, description, region_id=None, term_ids=(), publish=False):
    """A moderator creates an event (a draft unless `publish`)."""
    _check(values)
    event = Event(slug=_unique_slug(values["title"], values["starts_at"]), created_by_id=user.id)
    _apply(event, values, description, region_id, term_ids)
    event.status = "published" if publish else "draft"
    db.session.add(event)
    if publish:
        db.session.flush()
        notify.published(event, user.id)
    db.session.commit()
    return event


def _active_registrations(event):
    stmt = select(EventRegistration).where(
        EventRegistration.event_id == event.id, EventRegistration.status.in_(ACTIVE_STATUSES)
    )
    return [r for r in db.session.scalars(stmt) if r.user is not None]


def update_event(event, values, description, region_id=None, term_ids=()):
    """Edit an event; registrants hear about changed times or places, with an updated .ics."""
    if event.is_cancelled:
        raise EventError("A cancelled event cannot be edited")
    _check(values, event)
    changed = [name for name in NOTIFY_ON if not _same(getattr(event, name), values.get(name))]
    old_capacity = event.capacity
    _apply(event, values, description, region_id, term_ids)
    event.sequence = (event.sequence or 0) + 1
    db.session.flush()
    if event.is_published and changed and not event.has_ended():
        for registration in _active_registrations(event):
            joining = registration.status == "confirmed"
            calendar = ("event.ics", "text/calendar", ics.event_calendar(event, joining=joining))
            context = {
                "attachments": [calendar],
                "event": event,
                "user": registration.user,
                "url": ics.event_url(event),
            }
            notify.booked_changed(event, registration, cancelled=False, email=("event_changed", context))
    if event.is_published and (old_capacity is not None and (event.capacity is None or event.capacity > old_capacity)):
        promote_waiting(event)
    try:
        db.session.commit()
    except IntegrityError:
        # Someone took a place between the check above and now: the CHECK constraint refused it.
        db.session.rollback()
        raise EventError("More people now have a place than this capacity allows", field="capacity") from None
    return event


def publish_event(event):
    """Make a draft visible and open for registration."""
    if event.status != "draft":
        raise EventError("Only a draft can be published")
    event.status = "published"
    notify.published(event)
    db.session.commit()


def cancel_event(event, reason):
    """Cancel: everyone registered is emailed a calendar cancellation (METHOD:CANCEL) that removes the entry."""
    if event.is_cancelled:
        raise EventError("This event is already cancelled")
    if event.has_ended():
        raise EventError("An event that has already happened cannot be cancelled")
    was_published = event.is_published
    event.status = "cancelled"
    event.cancel_reason = reason
    event.sequence = (event.sequence or 0) + 1
    if was_published:
        for registration in _active_registrations(event):
            calendar = ("cancel-event.ics", ics.CANCEL_TYPE, ics.cancellation(event, registration.user.email))
            context = {"attachments": [calendar], "event": event, "user": registration.user}
            notify.booked_changed(event, registration, cancelled=True, email=("event_cancelled", context))
    db.session.commit()


def grant_organiser(event, email):
    """A moderator gives a member organiser rights on this event."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))
    if user is None:
        raise EventError("No member has this email address", field="email")
    exists = db.session.scalar(
        select(EventOrganiser.id).where(EventOrganiser.event_id == event.id, EventOrganiser.user_id == user.id)
    )
    if exists:
        raise EventError(f"{public_name(user)} is already an organiser of this event", field="email")
    db.session.add(EventOrganiser(event_id=event.id, user_id=user.id))
    queue_email(
        user.email,
        f"You are now an organiser of {event.title}",
        "event_organiser_granted",
        event=event,
        user=user,
        url=ics.event_url(event),
    )
    db.session.commit()
    return user


def revoke_organiser(event, organiser_id):
    """Take organiser rights away again."""
    organiser = db.session.get(EventOrganiser, organiser_id)
    if organiser is None or organiser.event_id != event.id:
        raise EventError("That person is not an organiser of this event", status=404)
    db.session.delete(organiser)
    db.session.commit()


def add_material(event, title, url=None, upload=None):
    """Share a file and/or a link after (or before) the event."""
    if not url and not (upload and upload.filename):
        raise EventError("Choose a file or enter a link", field="url")
    material = EventMaterial(event=event, title=title, url=url or None)
    if upload and upload.filename:
        try:
            stored = store_upload(upload, allowed=MATERIAL_TYPES)
        except UploadError as error:
            db.session.rollback()
            raise EventError(error.message, field="upload") from None
        material.stored_name = stored.name
        material.original_name = stored.original_name
        material.mimetype = stored.mimetype
        material.size = stored.size
    db.session.add(material)
    db.session.commit()
    return material


def remove_material(event, material_id):
    """Remove a shared material."""
    material = db.session.get(EventMaterial, material_id)
    if material is None or material.event_id != event.id:
        raise EventError("That material is not part of this event", status=404)
    stored_name = material.stored_name
    db.session.delete(material)
    db.session.commit()
    if stored_name:
        delete_stored(stored_name)  # only once the row is gone for good


def calendar_feed(user, create=False):
    """The member's personal feed, made on first request when `create`."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None and create:
        feed = CalendarFeed(user_id=user.id, token=secrets.token_urlsafe(32))
        db.session.add(feed)
        db.session.commit()
    return feed


def renew_calendar_feed(user):
    """Replace the secret address: the old one stops working at once."""
    feed = calendar_feed(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = utcnow()
    db.session.commit()
    return feed


def revoke_calendar_feed(user):
    """Switch the personal feed off."""
    feed = calendar_feed(user)
    if feed is not None:
        db.session.delete(feed)
        db.session.commit()
