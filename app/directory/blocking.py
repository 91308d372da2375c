"""Blocks between members, and the one check every way of reaching a member goes through.

A block works both ways: neither member can write to, reply to, ask to connect with, ask
for mentoring from, or accept a request from the other, and neither sees the other's email
address. Blocking ends the connection and any mentoring between them. The block rule joins
`app.auth.access.reach_refusal`, which directory services (through `ensure_may_reach`)
and the shared content services consult before they write to or email a member.
"""

from flask import abort
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app.auth.access import reach_refusal, register_reach_check
from app.auth.models import User, utcnow
from app.directory.models import Block, Connection, MentoringPair
from app.directory.services import DirectoryError
from app.extensions import db

YOU_BLOCKED = "You have blocked this member. Unblock them from your blocked members page to contact them"
THEY_BLOCKED = "This member is not accepting messages or requests from you"


def is_blocked(blocker_id, blocked_id):
    """True when `blocker_id` has blocked `blocked_id`."""
    return db.session.get(Block, (blocker_id, blocked_id)) is not None


def either_blocked(a, b):
    """True when one of the two members has blocked the other."""
    stmt = select(Block.blocker_id).where(
        or_(and_(Block.blocker_id == a, Block.blocked_id == b), and_(Block.blocker_id == b, Block.blocked_id == a))
    )
    return db.session.scalar(stmt.limit(1)) is not None


@register_reach_check
def block_refusal(actor_id, target_id):
    """The sentence for a block between the two (either way), or None."""
    if is_blocked(actor_id, target_id):
        return YOU_BLOCKED
    if is_blocked(target_id, actor_id):
        return THEY_BLOCKED
    return None


def ensure_may_reach(actor_id, target_id, field=None):
    """Raise a 403 DirectoryError when `actor_id` may not reach `target_id` (a block, either way)."""
    refusal = reach_refusal(actor_id, target_id)
    if refusal is not None:
        raise DirectoryError(refusal, field=field, status=403)


def _end_ties(user_id, other_id):
    """Connections and mentoring between the two end; the other's pending requests are declined."""
    now = utcnow()
    for connection in db.session.scalars(select(Connection).where(_between(Connection, user_id, other_id))):
        if connection.status == "pending" and connection.requester_id == other_id:
            connection.status, connection.responded_at = "declined", now  # as a decline: not asked again
        elif connection.status in ("pending", "accepted"):
            db.session.delete(connection)
    for pair in db.session.scalars(
        select(MentoringPair).where(
            or_(
                and_(MentoringPair.mentor_id == user_id, MentoringPair.mentee_id == other_id),
                and_(MentoringPair.mentor_id == other_id, MentoringPair.mentee_id == user_id),
            ),
            MentoringPair.status.in_(("pending", "active")),
        )
    ):
        if pair.status == "pending" and pair.mentee_id == other_id:
            pair.status, pair.responded_at = "declined", now
        else:
            pair.status, pair.ended_at = "ended", now


def _between(model, a, b):
    return or_(
        and_(model.requester_id == a, model.recipient_id == b),
        and_(model.requester_id == b, model.recipient_id == a),
    )


def block(user, blocked_id):
    """Block `blocked_id`: ties between the two end and neither can reach the other. 404 for
    unknown members or yourself."""
    if blocked_id == user.id or db.session.get(User, blocked_id) is None:
        abort(404)
    if db.session.get(Block, (user.id, blocked_id)) is None:
        db.session.add(Block(blocker_id=user.id, blocked_id=blocked_id))
    _end_ties(user.id, blocked_id)
    db.session.commit()


def unblock(user, blocked_id):
    """Lift a block; 404 if there is none."""
    found = db.session.get(Block, (user.id, blocked_id))
    if found is None:
        abort(404)
    db.session.delete(found)
    db.session.commit()


def blocked_members(user):
    """The members `user` has blocked."""
    return db.session.scalars(
        select(Block).options(selectinload(Block.blocked)).where(Block.blocker_id == user.id)
    ).all()
