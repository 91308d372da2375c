"""Spaces and discussions: communities of interest and networks, their threads and replies,
and the site-wide "Ask the community" area."""

from app.spaces import hooks, searchable  # noqa: F401  (answers to the shared layer; threads in search)
