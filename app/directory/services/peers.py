"""'Peers for you': listed profiles ranked by what they share with the member, with reasons.

The whole ranking is one SQL query (shared specialisms and professions are counted in
grouped subqueries), so the cost does not grow with the number of profiles beyond the
database's own work. Only fields a candidate shows are compared: a hidden ICS never
earns "same ICS", so a suggestion cannot reveal it. The member's own fields count even
when hidden, since they are theirs.
"""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, or_, select

from app.directory.models import Block, Connection, PractitionerProfile, profile_profession, profile_specialism
from app.directory.services.finder import card_options
from app.directory.visibility import listed_condition, profile_view, shown
from app.extensions import db

P = PractitionerProfile
WEIGHTS = {"specialism": 3, "ics": 4, "region": 2, "solo": 2, "profession": 1}
LIMIT = 20


@dataclass
class Suggestion:
    view: dict
    score: int
    reasons: list

    @property
    def reason_text(self):
        """'shares 3 specialisms · same ICS'."""
        return " · ".join(self.reasons)


def _shared(table, term_ids):
    return (
        select(table.c.profile_id.label("profile_id"), func.count().label("shared"))
        .where(table.c.term_id.in_(term_ids or [-1]))
        .group_by(table.c.profile_id)
        .subquery()
    )


def _flag(condition):
    return case((condition, 1), else_=0)


def reasons_for(shared_specialisms, same_ics, same_region, solo_peer, same_profession):
    """The human reasons, most telling first."""
    reasons = []
    if shared_specialisms:
        noun = "specialism" if shared_specialisms == 1 else "specialisms"
        reasons.append(f"shares {shared_specialisms} {noun}")
    if same_ics:
        reasons.append("same ICS")
    elif same_region:
        reasons.append("same region")
    if solo_peer:
        reasons.append("solo practitioner open to peer support")
    if same_profession:
        reasons.append("same profession")
    return reasons


def suggestions(user, mine, limit=LIMIT):
    """Ranked suggestions for `user` whose own profile is `mine` (listed or not)."""
    specialisms = _shared(profile_specialism, [t.id for t in mine.specialisms])
    professions = _shared(profile_profession, [t.id for t in mine.professions])
    shared_specialisms = case((shown("specialisms"), func.coalesce(specialisms.c.shared, 0)), else_=0)
    same_ics = _flag(and_(shown("ics"), P.ics_id == mine.ics_id)) if mine.ics_id else literal(0)
    same_region = _flag(and_(shown("region"), P.region_id == mine.region_id)) if mine.region_id else literal(0)
    solo_peer = _flag(and_(P.is_solo.is_(True), P.open_peer_support.is_(True)))
    same_profession = _flag(and_(shown("professions"), func.coalesce(professions.c.shared, 0) > 0))
    # Same ICS implies same region: the region counts only where the ICS does not.
    score = (
        shared_specialisms * WEIGHTS["specialism"]
        + same_ics * WEIGHTS["ics"]
        + case((same_ics == 1, 0), else_=same_region * WEIGHTS["region"])
        + solo_peer * WEIGHTS["solo"]
        + same_profession * WEIGHTS["profession"]
    ).label("score")
    blocked = select(Block.blocked_id).where(Block.blocker_id == user.id)
    blocking = select(Block.blocker_id).where(Block.blocked_id == user.id)
    linked = select(
        case((Connection.requester_id == user.id, Connection.recipient_id), else_=Connection.requester_id)
    ).where(
        or_(Connection.requester_id == user.id, Connection.recipient_id == user.id), Connection.status == "accepted"
    )
    stmt = (
        select(P, shared_specialisms, same_ics, same_region, solo_peer, same_profession, score)
        .outerjoin(specialisms, specialisms.c.profile_id == P.id)
        .outerjoin(professions, professions.c.profile_id == P.id)
        .options(*card_options())
        .where(
            listed_condition(),
            P.user_id != user.id,
            P.user_id.not_in(blocked),
            P.user_id.not_in(blocking),
            P.user_id.not_in(linked),
        )
        .order_by(score.desc(), P.display_name, P.id)
        .limit(limit)
    )
    found = []
    for profile, n_specialisms, ics, region, solo, profession, total in db.session.execute(stmt).all():
        if not total:
            break
        reasons = reasons_for(n_specialisms, ics, region, solo, profession)
        found.append(Suggestion(profile_view(profile), total, reasons))
    return found


def peers_page(user):
    """The member's profile (None before they make one) and their suggestions."""
    from app.directory.services.profiles import own_profile

    mine = own_profile(user)
    return {"mine": mine, "suggestions": suggestions(user, mine) if mine is not None else []}
