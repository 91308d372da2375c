"""The spaces part of a member's lifecycle: their data export, and what their deletion changes.

Threads and replies outlive the account (their author becomes NULL and pages say "Former
member"); memberships, votes, read markers and mentions of the member go with it by their
ON DELETE rules. What no rule can do is done here: the counts their votes and memberships
made are taken back, inside the deletion's transaction (the caller commits).
"""

from sqlalchemy import delete, select, update

from app.extensions import db
from app.signals import member_deleting, member_exporting
from app.spaces.models import HelpfulVote, Reply, Report, Space, SpaceMember, Thread
from app.spaces.services.spaces import recount_members
from app.spaces.services.threads import recount_thread


def _iso(value):
    return value.isoformat() if value else None


@member_exporting.connect
def export_spaces(user):
    """The member's memberships, threads, replies, helpful votes and reports."""
    memberships = db.session.execute(
        select(Space.name, SpaceMember.role, SpaceMember.status, SpaceMember.created_at)
        .join(Space, Space.id == SpaceMember.space_id)
        .where(SpaceMember.user_id == user.id)
        .order_by(SpaceMember.id)
    ).all()
    threads = db.session.scalars(select(Thread).where(Thread.author_id == user.id).order_by(Thread.id)).all()
    replies = db.session.scalars(
        select(Reply).where(Reply.author_id == user.id, Reply.deleted_at.is_(None)).order_by(Reply.id)
    ).all()
    votes = db.session.scalars(select(HelpfulVote.reply_id).where(HelpfulVote.user_id == user.id)).all()
    reports = db.session.scalars(select(Report).where(Report.reporter_id == user.id).order_by(Report.id)).all()
    return "spaces", {
        "memberships": [
            {"space": name, "role": role, "status": status, "since": _iso(since)}
            for name, role, status, since in memberships
        ],
        "threads": [
            {"id": t.id, "title": t.title, "kind": t.kind, "text": t.body_md, "posted_at": _iso(t.created_at)}
            for t in threads
        ],
        "replies": [
            {"id": r.id, "thread_id": r.thread_id, "text": r.body_md, "posted_at": _iso(r.created_at)} for r in replies
        ],
        "helpful_votes_on_replies": sorted(votes),
        "reports": [
            {"thread_id": r.thread_id, "reply_id": r.reply_id, "reason": r.reason, "status": r.status} for r in reports
        ],
    }


@member_deleting.connect
def take_back_counts(user):
    """Remove the member's votes and memberships and correct the counts they made."""
    voted = db.session.execute(
        select(HelpfulVote.reply_id, Reply.thread_id)
        .join(Reply, Reply.id == HelpfulVote.reply_id)
        .where(HelpfulVote.user_id == user.id)
    ).all()
    mine = select(HelpfulVote.reply_id).where(HelpfulVote.user_id == user.id)
    db.session.execute(
        update(Reply).where(Reply.id.in_(mine), Reply.helpful_count > 0).values(helpful_count=Reply.helpful_count - 1)
    )
    db.session.execute(delete(HelpfulVote).where(HelpfulVote.user_id == user.id))
    for thread_id in sorted({thread_id for _, thread_id in voted}):
        recount_thread(thread_id)
    space_ids = db.session.scalars(select(SpaceMember.space_id).where(SpaceMember.user_id == user.id)).all()
    db.session.execute(delete(SpaceMember).where(SpaceMember.user_id == user.id))
    for space_id in space_ids:
        recount_members(space_id)
