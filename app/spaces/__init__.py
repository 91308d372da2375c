"""Spaces and discussions: communities of interest and networks, their threads and replies,
and the site-wide "Ask the community" area."""

# Routes, signal receivers, the answers to the shared layer (app/spaces/hooks.py) and threads in search.
from app.spaces import account, hooks, routes_moderation, routes_threads, searchable  # noqa: F401
from app.spaces.routes import bp  # noqa: F401
