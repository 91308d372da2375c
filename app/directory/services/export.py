"""The directory part of a member's data export: all of their own profile, and of other
members only what they themselves chose to share (names; email only once revealed)."""

from sqlalchemy import or_, select

from app.auth.names import public_name
from app.directory.models import VISIBLE_FIELDS, Block, MentoringPair, ProfileReport
from app.directory.services.network import network_of
from app.directory.services.profiles import own_profile
from app.extensions import db
from app.signals import member_exporting


def _when(value):
    return value.isoformat() if value else None


def _profile(user):
    profile = own_profile(user)
    if profile is None:
        return None
    return {
        "slug": profile.slug,
        "listed": profile.listed,
        "display_name": profile.display_name,
        "job_title": profile.job_title,
        "organisation": profile.organisation,
        "sector": profile.sector.name if profile.sector else None,
        "region": profile.region.name if profile.region else None,
        "ics": profile.ics.name if profile.ics else None,
        "professions": [t.name for t in profile.professions],
        "specialisms": [t.name for t in profile.specialisms],
        "roles": [t.name for t in profile.roles],
        "bio_markdown": profile.bio_markdown,
        "has_photo": bool(profile.photo_name),
        "is_solo": profile.is_solo,
        "open_peer_support": profile.open_peer_support,
        "open_visits": profile.open_visits,
        "open_collaboration": profile.open_collaboration,
        "seeks_mentoring": profile.seeks_mentoring,
        "offers_mentoring": profile.offers_mentoring,
        "max_mentees": profile.max_mentees,
        "mentoring_topics": [t.name for t in profile.mentoring_topics],
        "visibility": {field: getattr(profile, f"{field}_visibility") for field in VISIBLE_FIELDS},
        "created_at": _when(profile.created_at),
        "updated_at": _when(profile.updated_at),
    }


@member_exporting.connect
def directory_export(user):
    """Profile, connections, mentoring, blocks and reports made by the member (messages are the inbox's)."""
    peers, incoming, outgoing = network_of(user)
    pairs = db.session.scalars(
        select(MentoringPair).where(or_(MentoringPair.mentor_id == user.id, MentoringPair.mentee_id == user.id))
    ).all()
    blocks = db.session.scalars(select(Block).where(Block.blocker_id == user.id)).all()
    reports = db.session.scalars(select(ProfileReport).where(ProfileReport.reporter_id == user.id)).all()
    return "directory", {
        "profile": _profile(user),
        "connections": [{"name": public_name(c.other(user.id)), "email": c.other(user.id).email} for c in peers],
        "connection_requests": [{"from": public_name(c.requester), "sent_at": _when(c.created_at)} for c in incoming]
        + [{"to": public_name(c.recipient), "sent_at": _when(c.created_at)} for c in outgoing],
        "mentoring": [
            {
                "role": "mentor" if p.mentor_id == user.id else "mentee",
                "with": public_name(p.mentee if p.mentor_id == user.id else p.mentor),
                "status": p.status,
                "requested_at": _when(p.created_at),
            }
            for p in pairs
        ],
        "blocked_members": [public_name(b.blocked) for b in blocks],
        "reports_made": [{"profile": r.profile.display_name, "reason": r.reason} for r in reports],
    }
