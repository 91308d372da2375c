"""Digest emails: one per member per period listing what is new in what they follow.

`send_digests(period)` is safe to run twice, or on two servers at once: each member's digest
begins by inserting a DigestRun row for (member, period, period start), unique in the database,
in the same transaction that marks the notifications digested and queues the email. A second
run's insert finds the row (on PostgreSQL it waits for the first to commit) and sends nothing.
"""

import logging
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.auth.models import User
from app.extensions import db
from app.mail import queue_email, site_url
from app.models_base import utcnow
from app.notifications.models import DigestRun, Notification
from app.notifications.preferences import preferences
from app.notifications.types import BY_KEY, TYPES
from app.templating import to_london

log = logging.getLogger("ohwb.notifications")

PERIODS = ("daily", "weekly")
UNSUBSCRIBE_SALT = "ohwb-digest-unsubscribe"
UNSUBSCRIBE_MAX_AGE = 90 * 24 * 3600


def _serializer():
    from flask import current_app

    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id, period):
    return _serializer().dumps({"u": user_id, "p": period})


def read_unsubscribe_token(token):
    """(user id, period) from a valid token, else None."""
    try:
        data = _serializer().loads(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") not in PERIODS or not isinstance(data.get("u"), int):
        return None
    return data["u"], data["p"]


def period_start(period, now=None):
    """The first day (Europe/London) of the period a run now belongs to: today, or this week's Monday."""
    today = to_london(now or utcnow()).date()
    return today if period == "daily" else today - timedelta(days=today.weekday())


def _claim(user_id, period, start):
    """Insert this digest's run row; True when this run claimed it (nobody sent it before)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(DigestRun)
        .values(user_id=user_id, period=period, period_start=start, items=0, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id", "period", "period_start"])
        .returning(DigestRun.id)
    )
    return db.session.scalar(stmt)


def _sections(rows):
    """[(type label, [Notification])] in the order of TYPES."""
    by_type = {}
    for row in rows:
        by_type.setdefault(row.type, []).append(row)
    return [(t.label, by_type[t.key]) for t in TYPES if t.key in by_type]


def send_one(user, period, start):
    """Send one member's digest for the period (one commit); the number of items, 0 if none or already sent."""
    run_id = _claim(user.id, period, start)
    if run_id is None:
        db.session.rollback()
        return 0
    pending = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.email_mode == period, Notification.digested_at.is_(None))
        .order_by(Notification.created_at, Notification.id)
    ).all()
    wanted = preferences(user)
    rows = [row for row in pending if wanted.get(row.type) == period]
    now = utcnow()
    if pending:
        db.session.execute(
            update(Notification).where(Notification.id.in_([row.id for row in pending])).values(digested_at=now)
        )
    if rows and user.is_active and user.is_verified:
        # Paths, not url_for: digests are sent from the CLI and the worker, outside any request.
        unsubscribe = site_url(f"/notifications/unsubscribe/{unsubscribe_token(user.id, period)}")
        queue_email(
            user.email,
            f"Your {period} digest from OHWB Exchange: {len(rows)} new",
            "notification_digest",
            html=True,
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            recipient=user,
            period=period,
            sections=[(label, [(n.title, site_url(n.url)) for n in items]) for label, items in _sections(rows)],
            unsubscribe=unsubscribe,
            settings=site_url("/notifications/settings"),
        )
        db.session.execute(update(DigestRun).where(DigestRun.id == run_id).values(items=len(rows)))
        db.session.commit()
        return len(rows)
    db.session.commit()
    return 0


def send_digests(period, now=None):
    """Send every member with something new their digest for `period`; (members emailed, items)."""
    if period not in PERIODS:
        raise ValueError(f"Unknown digest period {period!r}")
    start = period_start(period, now)
    user_ids = db.session.scalars(
        select(Notification.user_id)
        .where(Notification.email_mode == period, Notification.digested_at.is_(None))
        .group_by(Notification.user_id)
        .order_by(Notification.user_id)
    ).all()
    sent = items = 0
    for user_id in user_ids:
        user = db.session.get(User, user_id)
        try:
            count = send_one(user, period, start)
        except Exception:  # one member's failure must not stop the others; their rows stay pending
            db.session.rollback()
            log.exception("The %s digest for member %s failed", period, user_id)
            continue
        sent += bool(count)
        items += count
    return sent, items


def send_daily_digests():
    send_digests("daily")


def send_weekly_digests():
    send_digests("weekly")


def type_label(key):
    return BY_KEY[key].label if key in BY_KEY else key
