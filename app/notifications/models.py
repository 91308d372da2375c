"""Notifications: one row per recipient and event, a fan-out row per event that reaches many
followers, each member's email preference per type, and one row per digest sent."""

from app.extensions import db
from app.models_base import created_column, user_fk


class Notification(db.Model):
    """Something that happened that one member should hear about.

    `event_key` names the event (say "reply:42"); (user_id, event_key) is unique, so a fan-out
    run again, or two at once, never tells a member twice. `url` is a path on this site.
    `email_mode` is the member's preference for the type when the row was written:
    "immediately" rows were emailed with it, "daily"/"weekly" rows wait for the digest.
    """

    __tablename__ = "notification"
    __table_args__ = (
        db.UniqueConstraint("user_id", "event_key", name="uq_notification_user_event"),
        db.Index("ix_notification_user_created", "user_id", "created_at"),
        db.Index("ix_notification_user_unread", "user_id", "read_at"),
        db.Index("ix_notification_digest", "email_mode", "digested_at", "user_id"),
    )

    id = db.Column(db.Integer, primary_key=True)
    user_id = user_fk(ondelete="CASCADE", nullable=False, index=False)
    type = db.Column(db.String(30), nullable=False)
    event_key = db.Column(db.String(120), nullable=False)
    actor_id = user_fk(index=False)
    kind = db.Column(db.String(40), nullable=True)
    object_id = db.Column(db.Integer, nullable=True)
    title = db.Column(db.String(300), nullable=False)
    url = db.Column(db.String(500), nullable=False)
    email_mode = db.Column(db.String(12), nullable=False, default="off")
    created_at = created_column()
    read_at = db.Column(db.DateTime(timezone=True), nullable=True)
    digested_at = db.Column(db.DateTime(timezone=True), nullable=True)

    actor = db.relationship("User", foreign_keys=[actor_id])


class FanOut(db.Model):
    """An event for every follower of `audience` (JSON [[kind, id], ...]), written in the
    transaction of its cause and worked through after the commit, in user-id order: `cursor` is
    the last user id done, committed with each batch, so a crash resumes where it stopped."""

    __tablename__ = "notification_fanout"
    __table_args__ = (db.Index("ix_notification_fanout_open", "done_at"),)

    id = db.Column(db.Integer, primary_key=True)
    event_key = db.Column(db.String(120), nullable=False, unique=True)
    type = db.Column(db.String(30), nullable=False)
    actor_id = user_fk(index=False)
    kind = db.Column(db.String(40), nullable=True)
    object_id = db.Column(db.Integer, nullable=True)
    title = db.Column(db.String(300), nullable=False)
    url = db.Column(db.String(500), nullable=False)
    audience = db.Column(db.JSON, nullable=False)
    cursor = db.Column(db.Integer, nullable=False, default=0)
    created_at = created_column()
    done_at = db.Column(db.DateTime(timezone=True), nullable=True)


class NotificationPreference(db.Model):
    """A member's choice for one type: "immediately", "daily", "weekly" or "off" (no row: the default).
    The pseudo-type "auto_follow" with "off" stops threads being followed when one posts in them."""

    __tablename__ = "notification_preference"
    __table_args__ = (db.UniqueConstraint("user_id", "type"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = user_fk(ondelete="CASCADE", nullable=False, index=False)
    type = db.Column(db.String(30), nullable=False)
    mode = db.Column(db.String(12), nullable=False)


class DigestRun(db.Model):
    """One digest email for one member, period and period start: the unique constraint is what
    makes `flask notify send-digests` safe to run twice, or on two servers at once."""

    __tablename__ = "digest_run"
    __table_args__ = (db.UniqueConstraint("user_id", "period", "period_start", name="uq_digest_run"),)

    id = db.Column(db.Integer, primary_key=True)
    user_id = user_fk(ondelete="CASCADE", nullable=False, index=False)
    period = db.Column(db.String(10), nullable=False)
    period_start = db.Column(db.Date, nullable=False)
    items = db.Column(db.Integer, nullable=False, default=0)
    created_at = created_column()
