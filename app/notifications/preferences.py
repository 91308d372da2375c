"""Each member's email preference per notification type (no row: the type's default)."""

from sqlalchemy import select

from app.extensions import db
from app.notifications.models import NotificationPreference
from app.notifications.types import AUTO_FOLLOW, MODE_NAMES, TYPES, default_mode


def modes_for(user_ids, type_key):
    """{user id: mode} for `type_key`: one query."""
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.user_id, NotificationPreference.mode).where(
                NotificationPreference.user_id.in_(list(user_ids)), NotificationPreference.type == type_key
            )
        ).all()
    )
    default = default_mode(type_key)
    return {uid: chosen.get(uid, default) for uid in user_ids}


def preferences(user):
    """{type: mode} for every type, and AUTO_FOLLOW: "on" or "off"."""
    chosen = dict(
        db.session.execute(
            select(NotificationPreference.type, NotificationPreference.mode).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    result = {t.key: chosen.get(t.key, t.default) for t in TYPES}
    result[AUTO_FOLLOW] = chosen.get(AUTO_FOLLOW, "on")
    return result


def _set(user_id, type_key, mode):
    row = db.session.scalar(select(NotificationPreference).filter_by(user_id=user_id, type=type_key))
    if row is None:
        db.session.add(NotificationPreference(user_id=user_id, type=type_key, mode=mode))
    else:
        row.mode = mode


def save(user, choices):
    """Store the member's choices {type: mode} (and AUTO_FOLLOW: on/off); one commit."""
    for t in TYPES:
        mode = choices.get(t.key)
        if mode in MODE_NAMES:
            _set(user.id, t.key, mode)
    if choices.get(AUTO_FOLLOW) in ("on", "off"):
        _set(user.id, AUTO_FOLLOW, choices[AUTO_FOLLOW])
    db.session.commit()


def turn_off_digests(user_id, period):
    """One-click unsubscribe from a digest: every type emailed in that period becomes "off"."""
    current = {t.key: t.default for t in TYPES}
    current.update(
        db.session.execute(
            select(NotificationPreference.type, NotificationPreference.mode).where(
                NotificationPreference.user_id == user_id
            )
        ).all()
    )
    for t in TYPES:
        if current.get(t.key) == period:
            _set(user_id, t.key, "off")
    db.session.commit()


def auto_follows(user_id):
    """True unless the member turned off following the threads they post in."""
    mode = db.session.scalar(select(NotificationPreference.mode).filter_by(user_id=user_id, type=AUTO_FOLLOW))
    return mode != "off"
