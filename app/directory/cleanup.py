"""When an account is deleted, its directory rows go with it, on every database.

The foreign keys say ON DELETE CASCADE, but SQLite does not enforce them unless asked,
so this listener deletes the rows itself before the account row goes, records the
profile's removal in the search outbox, and removes the photo file once committed.
"""

from pathlib import Path

from sqlalchemy import delete, event, inspect, or_, select, update
from sqlalchemy.orm import Session

from app.auth.models import User
from app.directory.models import (
    Block,
    Connection,
    ContactMessage,
    MentoringPair,
    PractitionerProfile,
    ProfileReport,
    profile_held_role,
    profile_mentoring_topic,
    profile_profession,
    profile_specialism,
)
from app.search.models import SearchOutbox

_PHOTOS = "directory_photos_to_delete"


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


@event.listens_for(Session, "before_flush")
def _forget_deleted_members(session, flush_context, instances):
    user_ids = [obj.id for obj in session.deleted if isinstance(obj, User) and obj.id is not None]
    if not user_ids:
        return
    conn = session.connection()
    profiles = conn.execute(
        select(PractitionerProfile.id, PractitionerProfile.photo_name).where(PractitionerProfile.user_id.in_(user_ids))
    ).all()
    profile_ids = [row.id for row in profiles]
    if profile_ids:
        for table in (profile_profession, profile_specialism, profile_held_role, profile_mentoring_topic):
            conn.execute(delete(table).where(table.c.profile_id.in_(profile_ids)))
        conn.execute(delete(ProfileReport).where(ProfileReport.profile_id.in_(profile_ids)))
        conn.execute(delete(PractitionerProfile).where(PractitionerProfile.id.in_(profile_ids)))
        for profile_id in profile_ids:
            session.add(SearchOutbox(kind="practitioner", object_id=profile_id))
    conn.execute(update(ProfileReport).where(ProfileReport.reporter_id.in_(user_ids)).values(reporter_id=None))
    conn.execute(update(ProfileReport).where(ProfileReport.resolved_by_id.in_(user_ids)).values(resolved_by_id=None))
    conn.execute(
        delete(Connection).where(or_(Connection.requester_id.in_(user_ids), Connection.recipient_id.in_(user_ids)))
    )
    conn.execute(
        delete(ContactMessage).where(
            or_(ContactMessage.sender_id.in_(user_ids), ContactMessage.recipient_id.in_(user_ids))
        )
    )
    conn.execute(delete(Block).where(or_(Block.blocker_id.in_(user_ids), Block.blocked_id.in_(user_ids))))
    conn.execute(
        delete(MentoringPair).where(or_(MentoringPair.mentor_id.in_(user_ids), MentoringPair.mentee_id.in_(user_ids)))
    )
    photos = [row.photo_name for row in profiles if row.photo_name]
    if photos:
        session.info.setdefault(_PHOTOS, []).extend(photos)


@event.listens_for(Session, "after_commit")
def _delete_photos(session):
    from app.content.uploads import stored_path

    for name in session.info.pop(_PHOTOS, None) or ():
        Path(stored_path(name)).unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _keep_photos(session):
    session.info.pop(_PHOTOS, None)
