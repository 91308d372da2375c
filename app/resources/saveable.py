"""Members can save published resources for later (their Saved page)."""

from flask import url_for

from app.resources.models import Resource
from app.saved.registry import SaveableKind, SavedView, register

register(
    SaveableKind.for_model(
        "resource",
        "Resource",
        "Resources",
        Resource,
        shown_to=lambda item, user: item.status in ("published", "archived") and item.can_view(user),
        view=lambda item: SavedView(item.title, url_for("resources.detail", slug=item.slug), item.summary),
    )
)
