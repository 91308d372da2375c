"""Who may see, join, post in and manage a space and its threads: the one place these rules live.

Spaces and discussions are members' content: only signed-in, verified members see them
(`app.auth.access.can_see_members_content`). A private space, its threads and its members are
seen only by its members (and invited members, who may see the space to accept), and by site
moderators and admins; to anyone else it does not exist (404, and never in a list or a count).
Threads hidden by a moderator stay visible to their author (with the reason) and to whoever
manages them; posts waiting for a moderator are seen by their author and moderators only.

Every list and count filters with `visible_space_clause` / `visible_thread_clause`, which are
SQL expressions, so a page never loads what it must not show.
"""

import re

from flask import abort
from sqlalchemy import and_, false, or_, select, true

from app.auth.access import can_see_members_content, refuse_members_only
from app.extensions import db
from app.spaces.models import Reply, Space, SpaceMember, Thread

SEEING_STATUSES = ("active", "invited")
_SLUG = re.compile(r"[a-z0-9-]{1,80}")


def is_moderator(user):
    """A signed-in site moderator or admin: they act as a manager in every space."""
    return bool(getattr(user, "is_authenticated", False) and user.is_moderator)


def membership(space, user):
    """`user`'s membership row in `space` (any status), or None."""
    if space is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(SpaceMember).filter_by(space_id=space.id, user_id=user.id))


def is_member(space, user, row=None):
    """True for an active member of `space`."""
    row = row if row is not None else membership(space, user)
    return row is not None and row.status == "active"


def can_view_space(space, user, row=None):
    """True when `user` may see `space` at all (its page, its threads, its members)."""
    if not can_see_members_content(user):
        return False
    if not space.is_private or is_moderator(user):
        return True
    row = row if row is not None else membership(space, user)
    return row is not None and row.status in SEEING_STATUSES


def can_manage(space, user, row=None):
    """Site moderators everywhere; the space's active managers in it. "Ask the community"
    (no space) is managed by moderators only."""
    if not can_see_members_content(user):
        return False
    if is_moderator(user):
        return True
    if space is None:
        return False
    row = row if row is not None else membership(space, user)
    return row is not None and row.is_manager


def can_post(space, user, row=None):
    """Verified members post in "Ask the community"; in a space, its active members (and moderators)."""
    if not can_see_members_content(user):
        return False
    if space is None or is_moderator(user):
        return True
    return is_member(space, user, row)


def require_members(user):
    """Stop anyone who may not see members' content: sign in first, or a 403 saying why."""
    if not can_see_members_content(user):
        refuse_members_only(user)


def space_or_404(slug, user):
    """The space `slug` if `user` may see it; 404 otherwise (a private space does not exist for others)."""
    require_members(user)
    if not _SLUG.fullmatch(slug or ""):  # never send a NUL or a 5,000-character path to the database
        abort(404)
    space = db.session.scalar(select(Space).filter_by(slug=slug))
    if space is None or not can_view_space(space, user):
        abort(404)
    return space


def visible_space_clause(user):
    """SQL condition on `Space` for the spaces `user` may see."""
    if not can_see_members_content(user):
        return false()
    if is_moderator(user):
        return true()
    mine = select(SpaceMember.space_id).where(SpaceMember.user_id == user.id, SpaceMember.status.in_(SEEING_STATUSES))
    return or_(Space.join_policy != "private", Space.id.in_(mine))


def visible_space_ids(user):
    """A subquery of the ids of every space `user` may see."""
    return select(Space.id).where(visible_space_clause(user))


def visible_thread_clause(user):
    """SQL condition on `Thread` for the threads `user` may see listed: in a visible space (or
    in "Ask the community"), not merged away, and not hidden or waiting unless they are theirs
    (moderators see everything)."""
    if not can_see_members_content(user):
        return false()
    where = [Thread.merged_into_id.is_(None)]
    if not is_moderator(user):
        where.append(or_(Thread.space_id.is_(None), Thread.space_id.in_(visible_space_ids(user))))
        where.append(or_(Thread.author_id == user.id, and_(Thread.hidden_at.is_(None), ~Thread.awaiting_moderation)))
    return and_(*where)


def can_view_thread(thread, user, manages=None):
    """True when `user` may open `thread` (its space is visible; hidden or waiting posts only to
    their author and those who manage them)."""
    if not can_see_members_content(user):
        return False
    if thread.space is not None and not can_view_space(thread.space, user):
        return False
    if thread.author_id == user.id or is_moderator(user):
        return True
    if thread.awaiting_moderation:
        return False
    if thread.is_hidden:
        return manages if manages is not None else can_manage(thread.space, user)
    return True


def reply_visible_clause(user):
    """SQL condition on `Reply` for the replies listed to `user` in a thread they can see: all but
    other members' posts still waiting for a moderator (hidden replies are listed, and the page
    shows their text only to their author and to managers)."""
    if is_moderator(user):
        return true()
    return or_(Reply.author_id == user.id, ~Reply.awaiting_moderation)
