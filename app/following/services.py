"""Following use cases: follow, unfollow, an item's follow state and the followers of items; the
Following page's queries are the shared list's (`FOLLOWS`, app/member_lists.py).

`follow` and `unfollow` own their commit; `follow_quietly` adds a follow inside the caller's
transaction (a thread's author and repliers follow it automatically, unless they turned that off).
Blocking holds both ways: nobody follows a member who blocked them or whom they blocked.
"""

from sqlalchemy import func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from app.auth.access import reach_refusal
from app.extensions import db
from app.following.models import Follow
from app.following.registry import REGISTRY
from app.member_lists import MemberList
from app.models_base import utcnow
from app.web import UserError

MEMBER_KIND = "member"
# A page past the end of the Following page is an empty page (the Saved page shows its last).
FOLLOWS = MemberList(Follow, REGISTRY)


class FollowError(UserError):
    """A follow the member may not make (403)."""


def _check(user, kind, object_id):
    """The registered kind when `user` may follow the item; 404 when it is unknown or hidden,
    403 across a block."""
    followable = FOLLOWS.visible_kind_or_404(user, kind, object_id)
    if kind == MEMBER_KIND:
        if object_id == user.id:
            raise FollowError("You cannot follow yourself", status=400)
        refusal = reach_refusal(user.id, object_id)
        if refusal is not None:
            raise FollowError(refusal, status=403)
    return followable


def follow(user, kind, object_id):
    """Follow an item (once); returns its kind."""
    followable = _check(user, kind, object_id)
    FOLLOWS.add(user, kind, object_id)
    return followable


def follow_quietly(user_id, kind, object_id):
    """Follow inside the caller's transaction (no checks beyond a repeat); True when a row was added.

    An INSERT that skips a row already there, not a savepoint: a savepoint's release fires the
    session's after_commit hooks (the search outbox's among them) before the real commit."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(Follow)
        .values(user_id=user_id, kind=kind, object_id=object_id, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "object_id"])
        .returning(Follow.id)
    )
    return db.session.scalar(stmt) is not None


def unfollow(user, kind, object_id):
    """Stop following (even an item the member can no longer see); 404 for an unknown kind or an
    item not followed."""
    FOLLOWS.remove(user, kind, object_id)


def follow_state(user, kind, object_id):
    """(following?, follower count) for an item's button: one query."""
    following, count = db.session.execute(
        select(
            func.count(Follow.id).filter(Follow.user_id == user.id) if user is not None else func.count(None),
            func.count(Follow.id),
        ).where(Follow.kind == kind, Follow.object_id == object_id)
    ).one()
    return bool(following), count


def followed_refs(user_id):
    """{(kind, object_id)} the member follows."""
    return set(db.session.execute(select(Follow.kind, Follow.object_id).where(Follow.user_id == user_id)).all())


def follower_ids(refs, after=0, limit=None):
    """Distinct ids of members following any of `refs` [(kind, id)], above `after`, in order."""
    if not refs:
        return []
    stmt = (
        select(Follow.user_id)
        .where(tuple_(Follow.kind, Follow.object_id).in_(list(refs)), Follow.user_id > after)
        .group_by(Follow.user_id)
        .order_by(Follow.user_id)
    )
    if limit:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))
