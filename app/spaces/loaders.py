"""Loading what a spaces URL names, with the access rules applied: 404 for what the member may not
see (a private space does not exist for others), 403 for what they see but may not do."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.spaces import access
from app.spaces.models import Reply, Thread


def thread_or_404(thread_id, follow_merged=False):
    """The thread if the member may open it; 404 otherwise. A merged thread is returned as it is
    only when `follow_merged` (its page redirects); everywhere else it is gone."""
    access.require_members(current_user)
    stmt = select(Thread).where(Thread.id == thread_id).options(joinedload(Thread.space), joinedload(Thread.author))
    thread = db.session.scalar(stmt)
    if thread is None or (thread.merged_into_id is not None and not follow_merged):
        abort(404)
    if not access.can_view_thread(thread, current_user):
        abort(404)
    return thread


def reply_or_404(reply_id):
    """(reply, thread) if the member may see the reply; 404 otherwise."""
    access.require_members(current_user)
    reply = db.session.get(Reply, reply_id)
    if reply is None:
        abort(404)
    thread = thread_or_404(reply.thread_id)
    if reply.awaiting_moderation and reply.author_id != current_user.id and not access.is_moderator(current_user):
        abort(404)
    return reply, thread


def require_manager(space):
    """403 unless the member manages `space` (moderators manage everywhere)."""
    if not access.can_manage(space, current_user):
        abort(403)


def require_moderator():
    """403 unless the member is a site moderator or admin."""
    if not access.is_moderator(current_user):
        abort(403)
