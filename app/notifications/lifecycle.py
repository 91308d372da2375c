"""Notifications and email settings in a member's data export (deletion: ON DELETE CASCADE)."""

from sqlalchemy import select

from app.extensions import db
from app.notifications.models import Notification
from app.notifications.preferences import preferences
from app.signals import member_exporting


@member_exporting.connect
def notifications_export(user):
    rows = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.created_at, Notification.id)
    ).all()
    return "notifications", {
        "settings": preferences(user),
        "notifications": [
            {
                "type": row.type,
                "title": row.title,
                "url": row.url,
                "created_at": row.created_at.isoformat(),
                "read_at": row.read_at.isoformat() if row.read_at else None,
            }
            for row in rows
        ],
    }
