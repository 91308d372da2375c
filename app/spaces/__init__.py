"""Spaces and discussions: communities of interest and networks, their threads and replies,
and the site-wide "Ask the community" area."""

# Routes and signal receivers; the answers to the shared layer (hooks), threads in search, Atom
# feeds, and recommendations with the space page's extras (upcoming events, recommended items).
from app.spaces import (  # noqa: F401
    account,
    feeds,
    hooks,
    notify,
    recommend_routes,
    routes_moderation,
    routes_threads,
    searchable,
)
from app.spaces.routes import bp  # noqa: F401
