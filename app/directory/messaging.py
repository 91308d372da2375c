"""The directory's part in private messages: who can be written to, named by their profile.

The inbox (a separate feature) asks `app.auth.access.messageable_member(handle)`; the directory
answers for listed profiles of active, verified members, named by the profile's address (its
slug, or the whole web address) or by its exact display name when only one profile has it.
"""

from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.auth.access import can_see_members_content, register_member_lookup
from app.directory.models import PractitionerProfile
from app.directory.visibility import listed_condition
from app.extensions import db

MAX_HANDLE = 200


def _slug_of(handle):
    """The last path segment of a profile address, or the handle itself."""
    path = urlsplit(handle).path if "/" in handle else handle
    return path.rstrip("/").rsplit("/", 1)[-1]


@register_member_lookup
def listed_member(handle):
    """The member whose listed profile `handle` names, when they may be messaged; else None."""
    handle = (handle or "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in any text
    if not handle or len(handle) > MAX_HANDLE:
        return None
    profile = db.session.scalar(
        select(PractitionerProfile).where(listed_condition(), PractitionerProfile.slug == _slug_of(handle))
    )
    if profile is None:
        named = db.session.scalars(
            select(PractitionerProfile)
            .where(listed_condition(), func.lower(PractitionerProfile.display_name) == handle.lower())
            .limit(2)
        ).all()
        profile = named[0] if len(named) == 1 else None
    if profile is None or not can_see_members_content(profile.user):
        return None
    return profile.user
