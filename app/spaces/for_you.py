"""Spaces suggested to a member, each with its reason.

A minimal version written by the `spaces` branch so the index can render its "spaces for you"
section; the `spaces-extras` branch owns this module and replaces it with suggestions drawn
from the member's profile.
"""


def spaces_for(user, limit):
    """[(space, reason)] suggested to `user`, at most `limit`; none in this minimal version."""
    return []
