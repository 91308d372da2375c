"""A member's own profile (create, edit, list or unlist, photo) and reading other profiles."""

import re
import unicodedata

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.content import UploadError, render_markdown
from app.content.uploads import delete_stored
from app.directory.blocking import either_blocked, is_blocked
from app.directory.models import VISIBLE_FIELDS, PractitionerProfile
from app.directory.services.network import are_connected, connection_between
from app.directory.services.photos import store_photo
from app.directory.visibility import is_reachable, profile_view
from app.extensions import db
from app.models_base import utcnow
from app.taxonomy.models import IntegratedCareSystem, Region, Term

PROFILE_LOADS = (
    selectinload(PractitionerProfile.sector),
    selectinload(PractitionerProfile.region),
    selectinload(PractitionerProfile.ics),
    selectinload(PractitionerProfile.professions),
    selectinload(PractitionerProfile.specialisms),
    selectinload(PractitionerProfile.roles),
    selectinload(PractitionerProfile.mentoring_topics),
)


def slugify(text):
    """Lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "practitioner"


def unique_slug(name):
    base = slugify(name)
    taken = set(
        db.session.scalars(select(PractitionerProfile.slug).where(PractitionerProfile.slug.like(f"{base}%"))).all()
    )
    slug, n = base, 1
    while slug in taken or slug in {"me", "network", "peers", "mentoring", "messages", "reports", "blocked"}:
        n += 1
        slug = f"{base}-{n}"
    return slug


def own_profile(user):
    """The member's profile with everything loaded, or None before they create one."""
    return db.session.scalar(
        select(PractitionerProfile).options(*PROFILE_LOADS).where(PractitionerProfile.user_id == user.id)
    )


def own_status(user):
    """(slug, listed) of the member's profile, or None: one light query for banners."""
    return db.session.execute(
        select(PractitionerProfile.slug, PractitionerProfile.listed).where(PractitionerProfile.user_id == user.id)
    ).first()


def profile_for(slug, viewer):
    """(profile, view dict) for `viewer`; 404 unless listed (or the viewer's own)."""
    profile = db.session.scalar(
        select(PractitionerProfile).options(*PROFILE_LOADS).where(PractitionerProfile.slug == slug)
    )
    if not is_reachable(profile, viewer):
        abort(404)
    own = profile.user_id == viewer.id
    connected = not own and are_connected(viewer.id, profile.user_id)
    shared = own or (connected and not either_blocked(viewer.id, profile.user_id))
    return profile, profile_view(profile, own=own, email=profile.user.email if shared else None)


def profile_page(slug, viewer):
    """Everything the profile page needs: the view, and the viewer's ties to its owner."""
    profile, view = profile_for(slug, viewer)
    own = profile.user_id == viewer.id
    return {
        "profile": profile,
        "view": view,
        "own": own,
        "connection": None if own else connection_between(viewer.id, profile.user_id),
        "blocked_by_them": not own and is_blocked(profile.user_id, viewer.id),
    }


def _terms(ids, *vocabularies):
    if not ids:
        return []
    return db.session.scalars(select(Term).where(Term.id.in_(ids), Term.vocabulary.in_(vocabularies))).all()


def save_profile(user, data, photo=None, remove_photo=False):
    """Create or update the member's profile from validated form `data`. Raises UploadError."""
    # The photo goes first: a refused image must leave the profile exactly as it was.
    try:
        new_photo = store_photo(photo) if photo is not None and photo.filename else None
    except UploadError:
        db.session.rollback()
        raise
    profile = own_profile(user)
    old_photo = None
    if profile is None:
        profile = PractitionerProfile(user=user, slug=unique_slug(data["display_name"]))
        db.session.add(profile)
    profile.display_name = data["display_name"]
    profile.job_title = data["job_title"] or ""
    profile.organisation = data["organisation"] or ""
    profile.sector = db.session.get(Term, data["sector_id"]) if data["sector_id"] else None
    profile.ics = db.session.get(IntegratedCareSystem, data["ics_id"]) if data["ics_id"] else None
    # An ICS sits in one region: choosing it settles the region too.
    if profile.ics is not None:
        profile.region = profile.ics.region
    else:
        profile.region = db.session.get(Region, data["region_id"]) if data["region_id"] else None
    profile.professions = _terms(data["professions"], "profession")
    profile.specialisms = _terms(data["specialisms"], "topic")
    profile.roles = _terms(data["roles"], "held_role")
    profile.bio_markdown = data["bio"] or ""
    profile.bio_html = render_markdown(profile.bio_markdown)
    for flag in ("is_solo", "open_peer_support", "offers_mentoring", "seeks_mentoring", "open_visits"):
        setattr(profile, flag, bool(data[flag]))
    profile.open_collaboration = bool(data["open_collaboration"])
    profile.max_mentees = (data["max_mentees"] or 0) if profile.offers_mentoring else 0
    profile.mentoring_topics = _terms(data["mentoring_topics"], "topic") if profile.offers_mentoring else []
    for field in VISIBLE_FIELDS:
        setattr(profile, f"{field}_visibility", "hidden" if data["visibility"].get(field) == "hidden" else "members")
    profile.listed = bool(data["listed"])
    if new_photo:
        old_photo, profile.photo_name = profile.photo_name, new_photo
    elif remove_photo and profile.photo_name:
        old_photo, profile.photo_name = profile.photo_name, None
    profile.updated_at = utcnow()
    db.session.commit()
    if old_photo:
        delete_stored(old_photo)
    return profile


def set_listed(user, listed):
    """List or unlist at once; the search outbox records the change in the same commit."""
    profile = own_profile(user)
    if profile is None:
        abort(404)
    profile.listed = listed
    profile.updated_at = utcnow()
    db.session.commit()
    return profile


def photo_for(slug, viewer):
    """The stored photo name of a reachable profile whose photo the viewer may see; 404 otherwise."""
    profile = db.session.scalar(select(PractitionerProfile).where(PractitionerProfile.slug == slug))
    if not is_reachable(profile, viewer) or not profile.photo_name:
        abort(404)
    if profile.user_id != viewer.id and not profile.shows("photo"):
        abort(404)
    return profile.photo_name
