"""The directory's part of the member lifecycle, and profiles leaving search with their account.

When an account is deleted, the foreign keys remove its directory rows (ON DELETE CASCADE:
profile, connections, messages, mentoring, blocks; SET NULL: who reported or resolved a
report). The receiver here does what a database rule cannot: take the profile out of
search and remove its photo once the deletion is committed.
"""

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.auth.models import User
from app.content.uploads import delete_stored_after_commit
from app.directory.models import PractitionerProfile
from app.extensions import db
from app.search.models import SearchOutbox
from app.signals import member_deleting


@member_deleting.connect
def forget_profile(user):
    """Queue the member's profile for removal from search and their photo for deletion."""
    profile = db.session.scalar(select(PractitionerProfile).where(PractitionerProfile.user_id == user.id))
    if profile is None:
        return
    db.session.add(SearchOutbox(kind="practitioner", object_id=profile.id))
    if profile.photo_name:
        delete_stored_after_commit(profile.photo_name)


@event.listens_for(Session, "before_flush")
def _reindex_deactivated_members(session, flush_context, instances):
    """A profile leaves (or rejoins) search when its account is switched off (or on)."""
    changed = [
        obj.id
        for obj in session.dirty
        if isinstance(obj, User) and obj.id is not None and inspect(obj).attrs.is_active_account.history.has_changes()
    ]
    if changed:
        ids = (
            session.connection()
            .execute(select(PractitionerProfile.id).where(PractitionerProfile.user_id.in_(changed)))
            .scalars()
        )
        for profile_id in ids:
            session.add(SearchOutbox(kind="practitioner", object_id=profile_id))
