"""Events, registrations, organisers, materials, feedback, sent notices and calendar feeds.

Times are stored in UTC (timezone-aware columns) and shown in Europe/London by the
templating filters. Capacity is enforced in the database: `Event.confirmed_count` only ever
changes through conditional UPDATE statements (see services/registration.py).
"""

from urllib.parse import urlencode

from app.extensions import db
from app.models_base import created_column, utcnow

EVENT_TYPES = {
    "wellbeing_fair": "Wellbeing fair",
    "theatre_forum": "Theatre forum",
    "webinar": "Webinar",
    "network_meeting": "Network meeting",
    "recognition_event": "Recognition event",
    "training": "Training or workshop",
    "conference": "Conference",
    "other": "Other",
}
EVENT_FORMATS = {"in_person": "In person", "online": "Online", "hybrid": "Hybrid"}
EVENT_STATUSES = ("draft", "published", "cancelled")
AUDIENCES = {"public": "Anyone", "members": "Signed-in members only"}
# Registration statuses: a place, a place in the queue, or no longer coming.
CONFIRMED, WAITING, CANCELLED, REMOVED = "confirmed", "waiting", "cancelled", "removed"
ACTIVE_STATUSES = (CONFIRMED, WAITING)
REMINDER_KINDS = ("24h", "1h", "feedback")

event_term = db.Table(
    "event_term",
    db.Column("event_id", db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    db.Column("term_id", db.Integer, db.ForeignKey("taxonomy_term.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):
    """Something members meet at: a fair, a forum, a webinar, a network meeting."""

    __tablename__ = "event"
    __table_args__ = (
        db.CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
        db.CheckConstraint("capacity IS NULL OR confirmed_count <= capacity", name="within_capacity"),
        db.CheckConstraint("confirmed_count >= 0", name="count_not_negative"),
        db.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    title = db.Column(db.String(200), nullable=False)
    event_type = db.Column(db.String(30), nullable=False, default="other")
    summary = db.Column(db.String(300), nullable=False, default="")
    description_md = db.Column(db.Text, nullable=False, default="")
    description_html = db.Column(db.Text, nullable=False, default="")
    format = db.Column(db.String(20), nullable=False, default="in_person")
    venue = db.Column(db.String(200), nullable=True)
    address = db.Column(db.String(500), nullable=True)
    postcode = db.Column(db.String(10), nullable=True)
    joining_url = db.Column(db.String(500), nullable=True)
    accessibility_info = db.Column(db.Text, nullable=True)
    audience = db.Column(db.String(20), nullable=False, default="public")
    region_id = db.Column(db.Integer, db.ForeignKey("region.id", ondelete="SET NULL"), nullable=True, index=True)
    # The space (community) the event belongs to, if any: a private space's events are for its
    # members only. Asked about through app.auth.spaces, never by importing the spaces feature.
    space_id = db.Column(db.Integer, db.ForeignKey("space.id", ondelete="SET NULL"), nullable=True, index=True)
    starts_at = db.Column(db.DateTime(timezone=True), nullable=False, index=True)
    ends_at = db.Column(db.DateTime(timezone=True), nullable=False)
    registration_opens_at = db.Column(db.DateTime(timezone=True), nullable=True)
    registration_closes_at = db.Column(db.DateTime(timezone=True), nullable=True)
    # None means unlimited places.
    capacity = db.Column(db.Integer, nullable=True)
    confirmed_count = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # Monotonic counter handing out waiting-list positions, bumped by an atomic UPDATE.
    position_counter = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    status = db.Column(db.String(20), nullable=False, default="draft", index=True)
    cancel_reason = db.Column(db.Text, nullable=True)
    # iCalendar SEQUENCE: raised on every change calendar clients should pick up.
    sequence = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    created_by_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    created_at = created_column()
    updated_at = db.Column(db.DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    region = db.relationship("Region")
    created_by = db.relationship("User", foreign_keys=[created_by_id])
    terms = db.relationship("Term", secondary=event_term, order_by="Term.position")
    organisers = db.relationship("EventOrganiser", back_populates="event", cascade="all, delete-orphan")
    materials = db.relationship(
        "EventMaterial", back_populates="event", cascade="all, delete-orphan", order_by="EventMaterial.id"
    )

    def __repr__(self):
        return f"<Event {self.slug}>"

    @property
    def uid(self):
        """The stable iCalendar UID: it never changes, whatever is edited."""
        return f"event-{self.id}@ohwb-exchange"

    @property
    def where(self):
        """Venue, address and postcode on one line ("Hall, 1 Road, LS1 4AP"), or "" for an online-only event."""
        return ", ".join(part for part in (self.venue, self.address, self.postcode) if part)

    @property
    def map_url(self):
        """The venue's postcode on OpenStreetMap (a plain link: no map tiles or scripts on our pages)."""
        if not self.postcode:
            return None
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.postcode})

    @property
    def type_label(self):
        return EVENT_TYPES.get(self.event_type, "Other")

    @property
    def format_label(self):
        return EVENT_FORMATS.get(self.format, self.format)

    @property
    def is_published(self):
        return self.status == "published"

    @property
    def is_cancelled(self):
        return self.status == "cancelled"

    @property
    def places_left(self):
        """Free places, or None when the event has no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    def has_started(self, now=None):
        return (now or utcnow()) >= _aware(self.starts_at)

    def has_ended(self, now=None):
        return (now or utcnow()) >= _aware(self.ends_at)

    def registration_state(self, now=None):
        """'open', or why registration is closed: 'draft', 'cancelled', 'not_yet', 'closed', 'started'."""
        now = now or utcnow()
        if self.status != "published":
            return self.status
        if self.has_started(now):
            return "started"
        if self.registration_opens_at and now < _aware(self.registration_opens_at):
            return "not_yet"
        if self.registration_closes_at and now >= _aware(self.registration_closes_at):
            return "closed"
        return "open"


def _aware(value):
    """SQLite hands back naive datetimes; every stored time is UTC."""
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


class EventOrganiser(db.Model):
    """A member given organiser rights on one event by a moderator."""

    __tablename__ = "event_organiser"
    __table_args__ = (db.UniqueConstraint("event_id", "user_id"),)

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True)
    granted_at = created_column()

    event = db.relationship("Event", back_populates="organisers")
    user = db.relationship("User")


class EventRegistration(db.Model):
    """One member's place (or queue position) at one event. Never deleted, only cancelled.

    `user_id` becomes NULL when the member deletes their account, so attendance numbers survive.
    """

    __tablename__ = "event_registration"
    __table_args__ = (
        db.UniqueConstraint("event_id", "user_id"),
        db.Index("ix_event_registration_event_status_position", "event_id", "status", "position"),
    )

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True, index=True)
    status = db.Column(db.String(20), nullable=False)
    position = db.Column(db.Integer, nullable=False)
    access_needs = db.Column(db.Text, nullable=True)
    show_on_attendee_list = db.Column(db.Boolean, nullable=False, default=False)
    attended = db.Column(db.Boolean, nullable=True)
    registered_at = created_column()
    confirmed_at = db.Column(db.DateTime(timezone=True), nullable=True)
    cancelled_at = db.Column(db.DateTime(timezone=True), nullable=True)

    event = db.relationship("Event")
    user = db.relationship("User")

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES


class EventMaterial(db.Model):
    """Slides, recordings and handouts shared after an event: a stored file and/or a link."""

    __tablename__ = "event_material"

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    url = db.Column(db.String(500), nullable=True)
    stored_name = db.Column(db.String(80), nullable=True)
    original_name = db.Column(db.String(255), nullable=True)
    mimetype = db.Column(db.String(120), nullable=True)
    size = db.Column(db.Integer, nullable=True)
    created_at = created_column()

    event = db.relationship("Event", back_populates="materials")


class EventFeedback(db.Model):
    """One attendee's survey answers. Kept (anonymised) when the member leaves, for the dashboard."""

    __tablename__ = "event_feedback"
    __table_args__ = (
        db.UniqueConstraint("event_id", "user_id"),
        db.CheckConstraint("overall BETWEEN 1 AND 5", name="overall_range"),
        db.CheckConstraint("relevance BETWEEN 1 AND 5", name="relevance_range"),
    )

    id = db.Column(db.Integer, primary_key=True)
    event_id = db.Column(db.Integer, db.ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True)
    overall = db.Column(db.Integer, nullable=False)
    relevance = db.Column(db.Integer, nullable=False)
    would_recommend = db.Column(db.Boolean, nullable=False)
    what_worked = db.Column(db.Text, nullable=False, default="")
    to_improve = db.Column(db.Text, nullable=False, default="")
    created_at = created_column()


class EventReminder(db.Model):
    """A reminder or feedback request already sent: the unique key makes sending at-most-once."""

    __tablename__ = "event_reminder"
    __table_args__ = (db.UniqueConstraint("registration_id", "kind"),)

    id = db.Column(db.Integer, primary_key=True)
    registration_id = db.Column(db.Integer, db.ForeignKey("event_registration.id", ondelete="CASCADE"), nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    sent_at = created_column()


class CalendarFeed(db.Model):
    """A member's secret personal calendar address; renewing replaces the token."""

    __tablename__ = "event_calendar_feed"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, unique=True)
    token = db.Column(db.String(64), nullable=False, unique=True)
    created_at = created_column()
