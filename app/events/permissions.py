"""Who may see and who may run an event. Routes and templates ask these, never roles directly."""

from sqlalchemy import select

from app.auth.access import can_see_members_content
from app.events.models import EventOrganiser
from app.extensions import db


def is_organiser(event, user):
    """Moderators and admins run every event; members only those they were made organisers of."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_moderator:
        return True
    stmt = select(EventOrganiser.id).where(EventOrganiser.event_id == event.id, EventOrganiser.user_id == user.id)
    return db.session.scalar(stmt) is not None


def can_view(event, user):
    """Drafts only for organisers; members-only events only for verified members."""
    if event.status == "draft":
        return is_organiser(event, user)
    if event.audience == "members":
        return can_see_members_content(user)
    return True


def can_create(user):
    """Moderators and admins create events."""
    return getattr(user, "is_authenticated", False) and user.is_moderator
