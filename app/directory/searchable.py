"""Profiles in the site search: only listed profiles, and only the fields they show."""

from sqlalchemy import select

from app.content import plain_text
from app.directory.models import PractitionerProfile
from app.directory.visibility import profile_view
from app.extensions import db
from app.search import SearchableType, SearchDocument, register


def profile_document(profile):
    """The search document of a listed profile; None when unlisted or the account is inactive."""
    if not profile.listed or not profile.user.is_active:
        return None
    view = profile_view(profile)
    summary = " · ".join(v for v in (view.get("job_title"), view.get("organisation")) if v)
    body_parts = [
        summary,
        ", ".join(view.get("professions", [])),
        ", ".join(view.get("specialisms", [])),
        ", ".join(view.get("roles", [])),
        view.get("ics", ""),
        view.get("region", ""),
        plain_text(view.get("bio_html", "")),
    ]
    facets = {"type": ["Practitioner"]}
    if "region" in view:
        facets["region"] = [view["region"]]
    if "sector" in view:
        facets["sector"] = [view["sector"]]
    if "specialisms" in view:
        facets["topic"] = list(view["specialisms"])
    return SearchDocument(
        title=view["display_name"],
        url=view["url"],
        summary=summary,
        body="\n".join(part for part in body_parts if part),
        visibility="members",
        facets=facets,
        date=profile.updated_at,
    )


def all_profiles():
    """Every profile; `profile_document` decides which are searchable."""
    return db.session.scalars(select(PractitionerProfile).order_by(PractitionerProfile.id))


register(
    SearchableType(
        kind="practitioner",
        label="Practitioner",
        model=PractitionerProfile,
        to_document=profile_document,
        all_objects=all_profiles,
        role="people",
    )
)
