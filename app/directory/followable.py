"""Members can follow another member from their listed profile (the Follow button there): the
followed member's new threads, case studies, resources and events reach them as notifications.
A followed member is named by their account id, so following outlives a profile's new address."""

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.access import can_see_members_content
from app.directory.models import PractitionerProfile
from app.directory.visibility import is_reachable
from app.extensions import db
from app.following.registry import FollowableKind, FollowView, register


def _load(user_ids, viewer):
    """{account id: FollowView} for the listed profiles among `user_ids` the viewer may see."""
    if not user_ids or not can_see_members_content(viewer):
        return {}
    profiles = db.session.scalars(
        select(PractitionerProfile)
        .options(joinedload(PractitionerProfile.user))
        .where(PractitionerProfile.user_id.in_(user_ids))
    )
    return {
        p.user_id: FollowView(p.display_name, url_for("directory.profile", slug=p.slug))
        for p in profiles
        if p.user_id != viewer.id and is_reachable(p, viewer)
    }


register(FollowableKind("member", "Member", "Members", _load))
