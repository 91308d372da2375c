"""Spaces and discussions: communities of interest and networks, their threads and replies,
and the site-wide "Ask the community" area."""

from app.spaces import hooks  # noqa: F401,E402  (registers the answers to the shared layer)
