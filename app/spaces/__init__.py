"""Spaces and discussions: communities of interest and networks, their threads and replies,
and the site-wide "Ask the community" area."""

from app.spaces import account, routes_moderation, routes_threads  # noqa: F401  (routes and signal receivers)
from app.spaces.routes import bp  # noqa: F401
