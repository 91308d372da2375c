"""Saving items, taking them off the list, and whether an item is saved; the Saved page's
queries are the shared list's (`SAVED`, app/member_lists.py)."""

from app.member_lists import MemberList
from app.saved.models import SavedItem
from app.saved.registry import REGISTRY

SAVED = MemberList(SavedItem, REGISTRY)


def save(user, kind, object_id):
    """Save an item the member can see (saving twice keeps one); 404 for unknown or hidden items."""
    saveable = SAVED.visible_kind_or_404(user, kind, object_id)
    SAVED.add(user, kind, object_id)
    return saveable


def remove(user, kind, object_id):
    """Take an item off the member's list (even if they can no longer see it); 404 if it is not on it."""
    SAVED.remove(user, kind, object_id)


def is_saved(user, kind, object_id):
    """True when the member has saved the item."""
    return SAVED.row(user.id, kind, object_id) is not None
