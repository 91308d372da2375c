"""Following use cases: follow, unfollow, counts, the Following page and the followers of items.

`follow` and `unfollow` own their commit; `follow_quietly` adds a follow inside the caller's
transaction (a thread's author and repliers follow it automatically, unless they turned that off).
Blocking holds both ways: nobody follows a member who blocked them or whom they blocked.
"""

from flask import abort
from sqlalchemy import func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from app.auth.access import reach_refusal
from app.extensions import db
from app.following.models import Follow
from app.following.registry import kind_for, kinds
from app.models_base import utcnow
from app.web import UserError

PER_PAGE = 20
MEMBER_KIND = "member"


class FollowError(UserError):
    """A follow the member may not make (403)."""


def _row(user_id, kind, object_id):
    return db.session.scalar(select(Follow).filter_by(user_id=user_id, kind=kind, object_id=object_id))


def _check(user, kind, object_id):
    """The registered kind when `user` may follow the item; 404 when it is unknown or hidden,
    403 across a block."""
    followable = kind_for(kind)
    if followable is None or object_id not in followable.load([object_id], user):
        abort(404)
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
    if _row(user.id, kind, object_id) is None:
        db.session.add(Follow(user_id=user.id, kind=kind, object_id=object_id))
        try:
            db.session.commit()
        except IntegrityError:  # followed at the same moment in another tab: one row is enough
            db.session.rollback()
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
    """Stop following (even an item the member can no longer see); 404 when not followed."""
    row = _row(user.id, kind, object_id)
    if row is None:
        abort(404)
    db.session.delete(row)
    db.session.commit()


def follow_state(user, kind, object_id):
    """(following?, follower count) for an item's button: one query."""
    following, count = db.session.execute(
        select(
            func.count(Follow.id).filter(Follow.user_id == user.id) if user is not None else func.count(None),
            func.count(Follow.id),
        ).where(Follow.kind == kind, Follow.object_id == object_id)
    ).one()
    return bool(following), count


def counts(user):
    """{kind: how many items of it the member follows}, registered kinds only."""
    rows = db.session.execute(
        select(Follow.kind, func.count(Follow.id)).where(Follow.user_id == user.id).group_by(Follow.kind)
    ).all()
    return {kind: count for kind, count in rows if kind_for(kind) is not None}


def following_page(user, kind=None, page=1, per_page=PER_PAGE):
    """(pagination, [(Follow, FollowView or None)]) newest first; one query per kind on the page."""
    registered = [k.kind for k in kinds()]
    stmt = select(Follow).where(Follow.user_id == user.id, Follow.kind.in_(registered))
    if kind is not None:
        stmt = stmt.where(Follow.kind == kind)
    pagination = db.paginate(
        stmt.order_by(Follow.created_at.desc(), Follow.id.desc()), page=page, per_page=per_page, error_out=False
    )
    views = {}
    for followable in kinds():
        ids = [row.object_id for row in pagination.items if row.kind == followable.kind]
        if ids:
            views[followable.kind] = followable.load(ids, user)
    return pagination, [(row, views.get(row.kind, {}).get(row.object_id)) for row in pagination.items]


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
