"""The directory's answer to "what does this member's profile say about their work?"
(app.auth.spaces.member_facts), so other features can tailor suggestions without importing
the directory. The member's own profile is read for the member themselves, whatever its
field visibility says about showing it to others."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.spaces import MemberFacts, register_member_facts
from app.directory.models import PractitionerProfile
from app.extensions import db


@register_member_facts
def read_member_facts(user_id):
    """MemberFacts from the member's practitioner profile, or None when they have none."""
    stmt = (
        select(PractitionerProfile)
        .where(PractitionerProfile.user_id == user_id)
        .options(
            joinedload(PractitionerProfile.region),
            selectinload(PractitionerProfile.professions),
            selectinload(PractitionerProfile.specialisms),
            selectinload(PractitionerProfile.roles),
            selectinload(PractitionerProfile.mentoring_topics),
        )
    )
    profile = db.session.scalar(stmt)
    if profile is None:
        return None
    terms = [*profile.professions, *profile.specialisms, *profile.roles, *profile.mentoring_topics]
    term_ids = {term.id for term in terms}
    if profile.sector_id is not None:
        term_ids.add(profile.sector_id)
    return MemberFacts(
        region_id=profile.region_id,
        region_name=profile.region.name if profile.region is not None else "",
        is_solo=bool(profile.is_solo),
        term_ids=frozenset(term_ids),
    )
