"""'Peers for you': listed profiles ranked by what they share with the member, with reasons.

Where people work counts most (the same Integrated Care System, then the same region), then
shared solo status, openness to peer support or mentoring, shared topics and profession. The
ranking is one SQL query (shared topics and professions are counted in grouped subqueries)
and the reason lines are built from the profiles that query loads, so the cost does not grow
with the number of profiles beyond the database's own work. Only fields a candidate shows are
compared: a hidden ICS never earns "same ICS", so a suggestion cannot reveal it. The member's
own fields count even when hidden, since they are theirs.
"""

from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, or_, select

from app.directory.models import Block, Connection, PractitionerProfile, profile_profession, profile_specialism
from app.directory.services.finder import card_options
from app.directory.visibility import listed_condition, profile_view, region_known, shown
from app.extensions import db

P = PractitionerProfile
# Same ICS outweighs anything else shared; the same region outweighs everything but the ICS.
WEIGHTS = {"ics": 40, "region": 20, "solo": 12, "open": 8, "profession": 6, "topic": 5}
MAX_TOPICS_COUNTED = 3  # a fourth shared topic says little more than the third
LIMIT = 20


@dataclass
class Suggestion:
    view: dict
    score: int
    reasons: list

    @property
    def reason_text(self):
        """'both solo · same ICS: Cornwall and the Isles of Scilly · menopause, MSK'."""
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


def topic_label(term):
    """How a topic reads inside a sentence: 'MSK', 'menopause'."""
    return term.abbreviation or term.name[:1].lower() + term.name[1:]


def _region_known(profile):
    """As visibility.region_known, for a loaded profile."""
    return profile.shows("region") or (profile.shows("ics") and profile.ics_id is not None)


def _mentoring_match(mine, profile):
    """'offers mentoring' when the member seeks a mentor and the candidate offers, or the reverse."""
    if mine.seeks_mentoring and profile.offers_mentoring:
        return "offers mentoring"
    if mine.offers_mentoring and profile.seeks_mentoring:
        return "looking for a mentor"
    return None


def reasons_for(mine, profile):
    """What `profile` shares with the member's own profile `mine`, most telling first.

    Only fields `profile` shows are named, matching what the score counted.
    """
    reasons = []
    if mine.is_solo and profile.is_solo:
        reasons.append("both solo")
    if mine.ics_id and profile.shows("ics") and profile.ics_id == mine.ics_id:
        reasons.append(f"same ICS: {profile.ics.name}")
    elif mine.region_id and profile.region_id == mine.region_id and _region_known(profile):
        reasons.append(f"same region: {profile.region.name}")
    if profile.shows("specialisms"):
        theirs = {t.id for t in profile.specialisms}
        shared = [topic_label(t) for t in mine.specialisms if t.id in theirs]
        if shared:
            reasons.append(", ".join(shared))
    if profile.shows("professions"):
        theirs = {t.id for t in profile.professions}
        shared = [t.name for t in mine.professions if t.id in theirs]
        if shared:
            reasons.append(f"same profession: {', '.join(shared)}")
    if profile.open_peer_support:
        reasons.append("open to peer support")
    mentoring = _mentoring_match(mine, profile)
    if mentoring:
        reasons.append(mentoring)
    return reasons


def _score(mine, topics, professions):
    """The SQL score of a candidate against `mine` (see WEIGHTS)."""
    same_ics = _flag(and_(shown("ics"), P.ics_id == mine.ics_id)) if mine.ics_id else literal(0)
    same_region = _flag(and_(region_known(), P.region_id == mine.region_id)) if mine.region_id else literal(0)
    both_solo = _flag(P.is_solo.is_(True)) if mine.is_solo else literal(0)
    open_conditions = [P.open_peer_support.is_(True)]
    if mine.seeks_mentoring:
        open_conditions.append(P.offers_mentoring.is_(True))
    if mine.offers_mentoring:
        open_conditions.append(P.seeks_mentoring.is_(True))
    is_open = _flag(or_(*open_conditions))
    shared_topics = func.coalesce(topics.c.shared, 0)
    counted_topics = case(
        (~shown("specialisms"), 0), (shared_topics > MAX_TOPICS_COUNTED, MAX_TOPICS_COUNTED), else_=shared_topics
    )
    same_profession = _flag(and_(shown("professions"), func.coalesce(professions.c.shared, 0) > 0))
    # Same ICS implies same region: the region counts only where the ICS does not.
    return (
        same_ics * WEIGHTS["ics"]
        + case((same_ics == 1, 0), else_=same_region * WEIGHTS["region"])
        + both_solo * WEIGHTS["solo"]
        + is_open * WEIGHTS["open"]
        + same_profession * WEIGHTS["profession"]
        + counted_topics * WEIGHTS["topic"]
    ).label("score")


def suggestions(user, mine, limit=LIMIT):
    """Ranked suggestions for `user` whose own profile is `mine` (listed or not)."""
    topics = _shared(profile_specialism, [t.id for t in mine.specialisms])
    professions = _shared(profile_profession, [t.id for t in mine.professions])
    score = _score(mine, topics, professions)
    blocked = select(Block.blocked_id).where(Block.blocker_id == user.id)
    blocking = select(Block.blocker_id).where(Block.blocked_id == user.id)
    linked = select(
        case((Connection.requester_id == user.id, Connection.recipient_id), else_=Connection.requester_id)
    ).where(
        or_(Connection.requester_id == user.id, Connection.recipient_id == user.id), Connection.status == "accepted"
    )
    stmt = (
        select(P, score)
        .outerjoin(topics, topics.c.profile_id == P.id)
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
    for profile, total in db.session.execute(stmt).all():
        if not total:
            break
        found.append(Suggestion(profile_view(profile), total, reasons_for(mine, profile)))
    return found


def peers_page(user):
    """The member's profile (None before they make one) and their suggestions."""
    from app.directory.services.profiles import own_profile

    mine = own_profile(user)
    return {"mine": mine, "suggestions": suggestions(user, mine) if mine is not None else []}
