"""What one viewer may see of a profile: the single place that applies per-field visibility.

Pages, JSON, search documents and exports all build from `profile_view`, never from the
model, so a hidden field cannot reach any of them by accident.
"""

from sqlalchemy import and_, or_, select

from app.auth.models import User
from app.directory.models import PractitionerProfile


def profile_path(slug):
    """The stable profile URL from the URL map; needs no request, so reindexing can use it."""
    return f"/directory/{slug}"


def is_reachable(profile, viewer=None):
    """True when `viewer` may open the profile: it is listed (or it is their own)."""
    if profile is None:
        return False
    if viewer is not None and getattr(viewer, "is_authenticated", False) and profile.user_id == viewer.id:
        return True
    return bool(profile.listed and profile.user.is_active)


def listed_condition():
    """SQL condition for profiles anyone signed in may find."""
    return and_(
        PractitionerProfile.listed.is_(True),
        PractitionerProfile.user_id.in_(select(User.id).where(User.is_active_account.is_(True))),
    )


def shown(field):
    """SQL condition: `field` of the profile is visible to members."""
    return getattr(PractitionerProfile, f"{field}_visibility") == "members"


def region_known():
    """SQL condition: members can tell the profile's region, from the region itself or from a
    shown Integrated Care System (an ICS lies in one region, and choosing one sets the region)."""
    return or_(shown("region"), and_(shown("ics"), PractitionerProfile.ics_id.is_not(None)))


def _names(terms):
    return [term.name for term in terms]


def profile_view(profile, own=False, email=None):
    """A dict of what may be shown: every hidden field is absent. `own` shows everything.

    `email` is passed only when the viewer may see it (connected peers, the owner).
    """

    def show(field):
        return own or profile.shows(field)

    view = {
        "slug": profile.slug,
        "url": profile_path(profile.slug),
        "display_name": profile.display_name,
        "is_solo": profile.is_solo,
        "open_peer_support": profile.open_peer_support,
        "offers_mentoring": profile.offers_mentoring,
        "seeks_mentoring": profile.seeks_mentoring,
        "open_visits": profile.open_visits,
        "open_collaboration": profile.open_collaboration,
        "max_mentees": profile.max_mentees if profile.offers_mentoring else None,
        "mentoring_topics": _names(profile.mentoring_topics) if profile.offers_mentoring else [],
    }
    if show("job_title") and profile.job_title:
        view["job_title"] = profile.job_title
    if show("organisation") and profile.organisation:
        view["organisation"] = profile.organisation
    if show("sector") and profile.sector is not None:
        view["sector"] = profile.sector.name
    if show("region") and profile.region is not None:
        view["region"] = profile.region.name
    if show("ics") and profile.ics is not None:
        view["ics"] = profile.ics.name
    if show("professions") and profile.professions:
        view["professions"] = _names(profile.professions)
    if show("specialisms") and profile.specialisms:
        view["specialisms"] = _names(profile.specialisms)
    if show("roles") and profile.roles:
        view["roles"] = _names(profile.roles)
    if show("bio") and profile.bio_html:
        view["bio_html"] = profile.bio_html
    if show("photo") and profile.photo_name:
        view["photo_url"] = f"{profile_path(profile.slug)}/photo?v={profile.photo_name[:8]}"
    if email:
        view["email"] = email
    return view
