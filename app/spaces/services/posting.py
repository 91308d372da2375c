"""What happens to the text of every post: sanitising, @mentions, spam holds and the reply rate limit.

Rich text goes through the one sanitiser (app.content.render_markdown); resolved @mentions are
then linked. A new member's first few posts that contain links wait for a moderator. A member
may post at most REPLIES_PER_MINUTE replies a minute; the check counts what they really posted
(so a refused or failed attempt does not count) and answers 429.
"""

import re
from datetime import timedelta

from sqlalchemy import func, select

from app.auth.access import reach_refusal
from app.content import render_markdown
from app.extensions import db
from app.models_base import utcnow
from app.spaces import mentions, notify
from app.spaces.access import can_view_thread
from app.spaces.models import Mention, Reply, Thread
from app.web import UserError

NEW_MEMBER_POSTS = 3
REPLIES_PER_MINUTE = 10
_LINK = re.compile(r"<a\s|https?://|www\.", re.IGNORECASE)


def render(body_md):
    """(sanitised HTML with @mentions linked, [mentioned members]) for `body_md`."""
    html = render_markdown(body_md)
    people = mentions.resolve(body_md)
    return mentions.link_mentions(html, people), mentions.mentioned_users(body_md)


def has_links(html):
    """True when the sanitised post holds a link or a web address of its own (mention links do not count)."""
    return bool(_LINK.search(re.sub(r'<a class="app-mention"[^>]*>', "", html)))


def posts_by(user_id):
    """How many threads and replies `user_id` has written (two small counts)."""
    threads = db.session.scalar(select(func.count()).select_from(Thread).where(Thread.author_id == user_id))
    replies = db.session.scalar(select(func.count()).select_from(Reply).where(Reply.author_id == user_id))
    return threads + replies


def must_wait(user, html):
    """True when this post should wait for a moderator: a link in one of a member's first posts.
    Moderators' posts never wait."""
    if user.is_moderator or not has_links(html):
        return False
    return posts_by(user.id) < NEW_MEMBER_POSTS


def check_reply_rate(user):
    """Refuse with a 429 when `user` has posted REPLIES_PER_MINUTE replies in the last minute."""
    since = utcnow() - timedelta(minutes=1)
    recent = db.session.scalar(
        select(func.count()).select_from(Reply).where(Reply.author_id == user.id, Reply.created_at >= since)
    )
    if recent >= REPLIES_PER_MINUTE:
        raise UserError(
            f"You have posted {REPLIES_PER_MINUTE} replies in the last minute. Wait a minute, then send your reply again",
            field="body",
            status=429,
        )


def record_mentions(thread, reply, author, people, already=()):
    """Write Mention rows for `people` (not the author, not anyone already mentioned in this post)
    and notify each one (emailed as their settings say), unless a block stands between them or
    they cannot see the thread."""
    for user in people:
        if user.id == author.id or user.id in already:
            continue
        if not can_view_thread(thread, user) or reach_refusal(author.id, user.id) is not None:
            continue
        db.session.add(
            Mention(
                thread_id=thread.id, reply=reply, mentioned_user_id=user.id, author_id=author.id, emailed_at=utcnow()
            )
        )
        db.session.flush()
        notify.mentioned(thread, reply, author, user)
