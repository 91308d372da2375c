"""Saved items in a member's data export (deletion needs nothing: ON DELETE CASCADE)."""

from app.saved.services import SAVED
from app.signals import member_exporting


@member_exporting.connect
def saved_export(user):
    """What the member saved: the kind, the item's title and address while they can still see it."""
    return "saved_items", SAVED.export(user, "saved_at")
