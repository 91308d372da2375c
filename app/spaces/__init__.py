"""Spaces and discussions: communities of interest and networks, their threads and replies,
and the site-wide "Ask the community" area."""
