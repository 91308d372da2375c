"""Keeping discussions healthy: reports, hiding with a reason, lock, pin, move, merge, and the
posts from new members that wait for a moderator.

Space managers act in their spaces, site moderators everywhere (the routes check who); each
function here owns its commit.
"""

from markupsafe import escape
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.mail import link_to, queue_email
from app.models_base import utcnow
from app.spaces import notify, saveable
from app.spaces.access import is_moderator, visible_thread_clause
from app.spaces.models import Mention, Reply, Report, SpaceMember, Thread, ThreadRead
from app.spaces.services import posting
from app.spaces.services.threads import recount_space, recount_thread
from app.web import UserError

QUEUE_LIMIT = 50


def report(thread, reply, reporter, reason, details):
    """Record a member's report of a thread or a reply; a member reports a post once."""
    same = select(Report.id).where(
        Report.thread_id == thread.id,
        Report.reply_id.is_(None) if reply is None else Report.reply_id == reply.id,
        Report.reporter_id == reporter.id,
        Report.status == "open",
    )
    if db.session.scalar(same) is not None:
        raise UserError("You have already reported this. A moderator will look at it soon")
    db.session.add(
        Report(
            thread_id=thread.id,
            reply_id=reply.id if reply else None,
            reporter_id=reporter.id,
            reason=reason,
            details=details or "",
        )
    )
    db.session.commit()


def _resolve_reports(thread, reply, actor):
    where = [Report.thread_id == thread.id, Report.status == "open"]
    where.append(Report.reply_id.is_(None) if reply is None else Report.reply_id == reply.id)
    db.session.execute(
        update(Report).where(*where).values(status="resolved", resolved_by_id=actor.id, resolved_at=utcnow())
    )


def hide(post, actor, reason):
    """Hide a thread or a reply with a reason its author sees; open reports of it are resolved."""
    post.hidden_at, post.hide_reason, post.hidden_by_id = utcnow(), reason, actor.id
    thread = post if isinstance(post, Thread) else post.thread
    if isinstance(post, Reply) and thread.accepted_reply_id == post.id:
        thread.accepted_reply_id = None
    _resolve_reports(thread, None if isinstance(post, Thread) else post, actor)
    db.session.flush()
    recount_thread(thread.id)
    recount_space(thread.space_id)
    if post.author is not None and post.author_id != actor.id:
        queue_email(
            post.author.email,
            f"Your post in “{thread.title}” has been hidden",
            "space_post_hidden",
            thread=thread,
            reason=reason,
            link=link_to("spaces.thread", thread_id=thread.id),
        )
    db.session.commit()


def unhide(post):
    """Show a hidden thread or reply again."""
    post.hidden_at, post.hide_reason, post.hidden_by_id = None, None, None
    thread = post if isinstance(post, Thread) else post.thread
    db.session.flush()
    recount_thread(thread.id)
    recount_space(thread.space_id)
    db.session.commit()


def set_flag(thread, flag, value):
    """Lock or pin a thread (or undo it)."""
    if flag not in ("locked", "pinned"):
        raise UserError("Unknown action")
    setattr(thread, flag, bool(value))
    db.session.commit()


def move(thread, space):
    """Move a thread to `space` (None: "Ask the community")."""
    old = thread.space_id
    new = space.id if space else None
    if old == new:
        raise UserError("The thread is already there", field="space")
    thread.space_id = new
    db.session.flush()
    recount_space(old)
    recount_space(new)
    db.session.commit()


def merge(source, target, actor):
    """Merge duplicate `source` into `target`: its opening post becomes a reply there, its replies,
    mentions, reports and members' saved items move, and its address redirects to `target`."""
    if source.id == target.id or target.merged_into_id is not None:
        raise UserError("Choose another thread to merge into", field="target")
    if source.merged_into_id is not None:
        raise UserError("This thread has already been merged", field="target")
    opening = Reply(
        thread_id=target.id,
        author_id=source.author_id,
        body_md=source.body_md,
        body_html=f"<p><strong>{escape(source.title)}</strong></p>{source.body_html}",
        created_at=source.created_at,
    )
    db.session.add(opening)
    for model in (Reply, Mention, Report):
        db.session.execute(update(model).where(model.thread_id == source.id).values(thread_id=target.id))
    db.session.flush()  # the opening post joins the target after the others have moved
    db.session.execute(ThreadRead.__table__.delete().where(ThreadRead.thread_id == source.id))
    saveable.follow_merge(source.id, target.id)
    source.merged_into_id = target.id
    source.accepted_reply_id = None
    latest = max(filter(None, [source.last_activity_at, target.last_activity_at]))
    target.last_activity_at = latest
    db.session.flush()
    recount_thread(target.id)
    recount_space(source.space_id)
    recount_space(target.space_id)
    db.session.commit()


def approve(post):
    """Let a post that waited for a moderator appear; mentions in it are recorded now."""
    if not post.awaiting_moderation:
        raise UserError("This post is not waiting for a moderator")
    post.awaiting_moderation = False
    thread = post if isinstance(post, Thread) else post.thread
    author = post.author
    if isinstance(post, Reply):
        db.session.execute(update(Thread).where(Thread.id == thread.id).values(last_activity_at=utcnow()))
    db.session.flush()
    recount_thread(thread.id)
    recount_space(thread.space_id)
    if author is not None:
        _, people = posting.render(post.body_md)
        posting.record_mentions(thread, post if isinstance(post, Reply) else None, author, people)
        if isinstance(post, Reply):
            notify.reply_posted(thread, post, author)
        else:
            notify.thread_started(thread, author)
    db.session.commit()


def dismiss(report_row, actor):
    """Close a report without acting on the post."""
    report_row.status, report_row.resolved_by_id, report_row.resolved_at = "dismissed", actor.id, utcnow()
    db.session.commit()


def managed_space_ids(user):
    return select(SpaceMember.space_id).where(
        SpaceMember.user_id == user.id, SpaceMember.role == "manager", SpaceMember.status == "active"
    )


def may_moderate_something(user):
    """True for moderators and for members who manage at least one space."""
    if is_moderator(user):
        return True
    return db.session.scalar(select(func.count()).select_from(managed_space_ids(user).subquery())) > 0


def queue(user):
    """What waits for `user`: open reports (in the spaces they manage; everywhere for moderators),
    and, for moderators, posts waiting for approval. Each list is one query, at most QUEUE_LIMIT long."""
    reports = (
        select(Report)
        .where(Report.status == "open")
        .join(Thread, Thread.id == Report.thread_id)
        .options(
            joinedload(Report.thread).joinedload(Thread.space),
            joinedload(Report.reply).joinedload(Reply.author),
            joinedload(Report.reporter),
        )
        .order_by(Report.created_at, Report.id)
        .limit(QUEUE_LIMIT)
    )
    if not is_moderator(user):
        reports = reports.where(Thread.space_id.in_(managed_space_ids(user)))
    waiting_threads, waiting_replies = [], []
    if is_moderator(user):
        waiting_threads = db.session.scalars(
            select(Thread)
            .where(Thread.awaiting_moderation, Thread.hidden_at.is_(None))
            .options(joinedload(Thread.author), joinedload(Thread.space))
            .order_by(Thread.created_at)
            .limit(QUEUE_LIMIT)
        ).all()
        waiting_replies = db.session.scalars(
            select(Reply)
            .where(Reply.awaiting_moderation, Reply.hidden_at.is_(None), Reply.deleted_at.is_(None))
            .options(joinedload(Reply.author), joinedload(Reply.thread))
            .order_by(Reply.created_at)
            .limit(QUEUE_LIMIT)
        ).all()
    return {
        "reports": db.session.scalars(reports).unique().all(),
        "waiting_threads": waiting_threads,
        "waiting_replies": waiting_replies,
    }


def merge_candidates(thread, user, limit=30):
    """Threads `thread` could be merged into: others in the same place, most recently active first."""
    stmt = (
        select(Thread)
        .where(
            visible_thread_clause(user),
            Thread.id != thread.id,
            Thread.merged_into_id.is_(None),
            Thread.space_id.is_(None) if thread.space_id is None else Thread.space_id == thread.space_id,
        )
        .order_by(Thread.last_activity_at.desc())
        .limit(limit)
    )
    return db.session.scalars(stmt).all()
