"""Members can save events they can see (not drafts) for later (their Saved page)."""

from flask import url_for

from app.events.models import Event
from app.events.permissions import can_view
from app.saved.registry import SaveableKind, SavedView, register
from app.templating import format_range


def _view(event):
    when = format_range(event.starts_at, event.ends_at)
    return SavedView(
        event.title, url_for("events.detail", slug=event.slug), f"{when}. Cancelled" if event.is_cancelled else when
    )


register(
    SaveableKind.for_model(
        "event",
        "Event",
        "Events",
        Event,
        shown_to=lambda event, user: event.status != "draft" and can_view(event, user),
        view=_view,
    )
)
