"""Spaces suggested to a member from their directory profile, each with the reason it fits.

The profile is read through app.auth.spaces.member_facts (the directory fills it), so this
module needs no import of the directory. A space fits when it is tagged for solo
practitioners and the member works solo, when it is their region's network or tagged with
their region, or when it is tagged with one of their roles, professions, sector,
specialisms or mentoring topics. The reason line names what matched, strongest first:
"for solo practitioners · your region: South West". Spaces the member already belongs to
(or has asked to join) are left out, and so is anything they may not see.
"""

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.spaces import member_facts
from app.extensions import db
from app.spaces.access import visible_space_clause
from app.spaces.models import Space, SpaceMember
from app.taxonomy.models import Term

SOLO = ("audience", "solo-practitioners")
CANDIDATES = 200  # spaces considered at most: suggestions are a handful, not a directory
# How much each kind of match counts, and how its part of the reason line reads.
WEIGHTS = {"solo": 5, "held_role": 4, "profession": 3, "region": 3, "sector": 2, "interest": 1}
INTEREST_VOCABULARIES = ("topic", "seqohs_service")


def _solo_term_id():
    return db.session.scalar(select(Term.id).where(Term.vocabulary == SOLO[0], Term.slug == SOLO[1]))


def _reason_parts(space, facts, solo_id):
    """[(weight, text)] of what about `space` fits the member."""
    parts = []
    interests = []
    for term in space.terms:
        if term.id == solo_id and facts.is_solo:
            parts.append((WEIGHTS["solo"], "for solo practitioners"))
        elif term.id not in facts.term_ids:
            continue
        elif term.vocabulary == "held_role":
            parts.append((WEIGHTS["held_role"], f"your role: {term.name}"))
        elif term.vocabulary == "profession":
            parts.append((WEIGHTS["profession"], f"your profession: {term.name}"))
        elif term.vocabulary == "sector":
            parts.append((WEIGHTS["sector"], f"your sector: {term.name}"))
        elif term.vocabulary in INTEREST_VOCABULARIES:
            interests.append(term.name)
    if facts.region_id is not None and space.region_id == facts.region_id:
        parts.append((WEIGHTS["region"], f"your region: {facts.region_name}"))
    if interests:
        label = "your interest" if len(interests) == 1 else "your interests"
        parts.append((WEIGHTS["interest"] * len(interests), f"{label}: {', '.join(interests[:3])}"))
    return parts


def spaces_for(user, limit=4):
    """[(space, reason)] suggested to `user` from their profile, best fit first, at most `limit`.
    Empty when they have no profile or nothing in it matches a space they could join."""
    facts = member_facts(user)
    if facts is None or limit <= 0:
        return []
    solo_id = _solo_term_id() if facts.is_solo else None
    term_ids = set(facts.term_ids) | ({solo_id} if solo_id else set())
    matches = []
    if term_ids:
        matches.append(Space.terms.any(Term.id.in_(sorted(term_ids))))
    if facts.region_id is not None:
        matches.append(Space.region_id == facts.region_id)
    if not matches:
        return []
    joined = select(SpaceMember.space_id).where(
        SpaceMember.user_id == user.id, SpaceMember.status.in_(("active", "pending"))
    )
    stmt = (
        select(Space)
        .options(selectinload(Space.terms), joinedload(Space.region))
        .where(visible_space_clause(user), or_(*matches), Space.id.not_in(joined))
        .order_by(Space.member_count.desc(), Space.name, Space.id)
        .limit(CANDIDATES)
    )
    fits = []
    for space in db.session.scalars(stmt).unique():
        parts = sorted(_reason_parts(space, facts, solo_id), key=lambda part: -part[0])
        if parts:
            fits.append((sum(weight for weight, _ in parts), space, " · ".join(text for _, text in parts)))
    # Best fit first; among equals the busier space (the query's order, kept by a stable sort).
    fits.sort(key=lambda fit: -fit[0])
    return [(space, reason) for _, space, reason in fits[:limit]]
