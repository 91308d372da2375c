"""Writing notifications: `notify` for named recipients, `fan_out` for every follower of something.

Both are called inside the transaction of the cause (a reply, an accepted answer, a booking
change), so nothing is announced that did not happen. `notify` writes the rows at once; `fan_out`
writes one FanOut row and, after the commit, a job (`run_fanout`) works through the followers
in batches: the request's cost does not grow with the number of followers. Every path skips
the actor, members who cannot see members' content, anyone across a block with the actor,
and members the target's kind says may not see it (a private space's thread).
"""

import logging

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app import jobs
from app.auth.access import reach_refusal
from app.auth.models import User
from app.extensions import db
from app.following.services import follower_ids
from app.mail import queue_email, site_url
from app.models_base import utcnow
from app.notifications.models import FanOut, Notification
from app.notifications.preferences import modes_for
from app.notifications.types import BY_KEY

log = logging.getLogger("ohwb.notifications")

BATCH = 500
_PENDING = "notifications_fanout_pending"
_COMMITTED = "notifications_fanout_committed"

# kind -> audience(object_id, user_ids) -> the ids among user_ids who may see the item
_AUDIENCES = {}


def register_audience(kind, audience):
    """Say who may see items of `kind`: `audience(object_id, user_ids)` returns the ids that may."""
    _AUDIENCES[kind] = audience
    return audience


def _may_see(kind, object_id, user_ids):
    audience = _AUDIENCES.get(kind)
    if audience is None or object_id is None:
        return set(user_ids)
    return set(audience(object_id, list(user_ids)))


def _eligible(user_ids, actor_id, kind, object_id):
    """The ids among `user_ids` to notify: verified active members, not the actor, no block
    with the actor either way, allowed to see the target."""
    ids = [uid for uid in dict.fromkeys(user_ids) if uid != actor_id]
    if not ids:
        return []
    members = set(
        db.session.scalars(
            select(User.id).where(
                User.id.in_(ids), User.is_active_account.is_(True), User.email_verified_at.is_not(None)
            )
        )
    )
    ids = [uid for uid in ids if uid in members]
    if actor_id is not None:
        ids = [uid for uid in ids if reach_refusal(actor_id, uid) is None]
    seeing = _may_see(kind, object_id, ids)
    return [uid for uid in ids if uid in seeing]


def _insert(rows):
    """Insert notification rows, skipping any (user, event) already there; the user ids inserted."""
    if not rows:
        return []
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Notification).values(rows).on_conflict_do_nothing(index_elements=["user_id", "event_key"])
    return list(db.session.scalars(stmt.returning(Notification.user_id)))


def _email(type_key, user_ids, title, url, email=None):
    """Email at once the members among `user_ids` who chose "immediately" for the type: the
    feature's own message when it gives one (`email`: (template, context) for one recipient),
    else the plain notification email."""
    if not user_ids:
        return
    users = db.session.scalars(select(User).where(User.id.in_(user_ids)).order_by(User.id)).all()
    label = BY_KEY[type_key].label
    for user in users:
        if email is not None:
            template, context = email
            queue_email(user.email, title, template, **context)
            continue
        queue_email(
            user.email,
            title,
            "notification",
            recipient=user,
            title=title,
            label=label,
            link=site_url(url),
            settings=site_url("/notifications/settings"),
        )


def _write(type_key, event_key, user_ids, actor_id, kind, object_id, title, url, email=None):
    """Write rows for the eligible members among `user_ids` and email those who want it now."""
    if type_key not in BY_KEY:
        raise ValueError(f"Unknown notification type {type_key!r}")
    eligible = _eligible(user_ids, actor_id, kind, object_id)
    if not eligible:
        return []
    modes = modes_for(eligible, type_key)
    now = utcnow()
    title = title[:300]
    rows = [
        {
            "user_id": uid,
            "type": type_key,
            "event_key": event_key[:120],
            "actor_id": actor_id,
            "kind": kind,
            "object_id": object_id,
            "title": title,
            "url": url[:500],
            "email_mode": modes[uid],
            "created_at": now,
        }
        for uid in eligible
    ]
    inserted = _insert(rows)
    _email(type_key, [uid for uid in inserted if modes[uid] == "immediately"], title, url, email)
    return inserted


def notify(recipients, type_key, event_key, title, url, actor=None, target=(None, None), email=None):
    """Tell `recipients` (users or ids) about an event, in the caller's transaction; returns the
    ids told. `target` is (kind, id) of what it is about; `url` a path on this site; `email`
    (template, context), for a single recipient, is the feature's own email for it, sent instead
    of the plain one when the member wants this type emailed straight away."""
    ids = [getattr(r, "id", r) for r in recipients if r is not None]
    if email is not None and len(ids) > 1:
        raise ValueError("A feature's own email goes to one recipient at a time")
    kind, object_id = target
    return _write(type_key, event_key, ids, getattr(actor, "id", actor), kind, object_id, title, url, email)


def fan_out(audience, type_key, event_key, title, url, actor=None, target=(None, None)):
    """Tell every follower of any of `audience` [(kind, id)] after the commit, in the background
    (an entry whose id is None, say an item with no region, is skipped). A second fan-out with the
    same `event_key` is ignored (idempotent)."""
    audience = sorted({(kind, int(object_id)) for kind, object_id in audience if object_id is not None})
    if not audience:
        return None
    if db.session.scalar(select(FanOut.id).where(FanOut.event_key == event_key[:120])) is not None:
        return None
    kind, object_id = target
    row = FanOut(
        event_key=event_key[:120],
        type=type_key,
        actor_id=getattr(actor, "id", actor),
        kind=kind,
        object_id=object_id,
        title=title[:300],
        url=url[:500],
        audience=[list(ref) for ref in audience],
    )
    db.session.add(row)
    db.session.info.setdefault(_PENDING, []).append(row)
    return row


@event.listens_for(Session, "after_commit")
def _committed(session):
    pending = session.info.pop(_PENDING, None)
    ids = [row.id for row in pending or () if row.id is not None]
    if ids:
        session.info.setdefault(_COMMITTED, []).extend(ids)


@event.listens_for(Session, "after_transaction_end")
def _start_or_drop(session, transaction):
    """After the outer transaction: start the committed fan-outs; forget those rolled back."""
    if transaction.parent is not None:
        return
    session.info.pop(_PENDING, None)
    ids = session.info.pop(_COMMITTED, None)
    if ids and has_app_context():
        for fanout_id in ids:
            jobs.enqueue(run_fanout, fanout_id)


def run_fanout(fanout_id, batch=None):
    """Work through one fan-out's followers in batches, committing the cursor with each batch:
    idempotent, and a crash resumes after the last committed batch. Returns rows written."""
    batch = batch or current_app.config.get("NOTIFICATION_BATCH", BATCH)
    written = 0
    while True:
        row = db.session.get(FanOut, fanout_id, with_for_update=True, populate_existing=True)
        if row is None or row.done_at is not None:
            db.session.rollback()
            return written
        ids = follower_ids([tuple(ref) for ref in row.audience], after=row.cursor, limit=batch)
        if not ids:
            row.done_at = utcnow()
            db.session.commit()
            return written
        written += len(_write(row.type, row.event_key, ids, row.actor_id, row.kind, row.object_id, row.title, row.url))
        row.cursor = ids[-1]
        db.session.commit()


def resume_fanouts():
    """Periodic safety net: finish every fan-out a crash or a lost job left open."""
    for fanout_id in db.session.scalars(select(FanOut.id).where(FanOut.done_at.is_(None)).order_by(FanOut.id)).all():
        run_fanout(fanout_id)
