"""Demo discussions: about 90 threads with over 400 replies in the demo spaces and in Ask the
community, written as practitioners would write them, with accepted answers, helpful votes,
@mentions, read markers for the demo member, a hidden advert and an open report.

The words are data, kept in discussions.json. Members are named by the local part of their demo
email; `{@mei.patel}` in a text becomes an @mention of that member's public name, resolved by the
spaces feature's own renderer. Case studies and resources are named by slug. Each thread is keyed
by its space and title, so seeding twice adds nothing.
"""

import json
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.auth.models import User
from app.case_studies.models import CaseStudy
from app.demo.auth import DEMO_DOMAIN
from app.demo.registry import DemoStep
from app.demo.spaces import anchor, aware, seeded, tag_terms, user_by_local
from app.extensions import db
from app.resources.models import Resource
from app.spaces.models import HelpfulVote, Mention, Reply, Report, Space, SpaceMember, Thread, ThreadLink, ThreadRead
from app.spaces.services.posting import render
from app.spaces.services.spaces import recount_members
from app.spaces.services.threads import recount_space, recount_thread
from app.templating import LONDON

THREADS = json.loads((Path(__file__).with_name("discussions.json")).read_text(encoding="utf-8"))["threads"]
LINK_MODELS = {"case_study": CaseStudy, "resource": Resource}


def plan_threads(rng):
    """One item per thread, in the order of the data file."""
    return [dict(thread) for thread in THREADS]


def apply_thread(item):
    """Create one thread with its replies, votes, mentions and accepted answer, unless a thread
    with the same title is already in its space (or in Ask the community)."""
    space = db.session.scalar(select(Space).where(Space.slug == item["space"])) if item["space"] else None
    if item["space"] and space is None:
        return False
    same = select(Thread.id).where(
        Thread.title == item["title"], Thread.space_id == space.id if space else Thread.space_id.is_(None)
    )
    if db.session.scalar(same):
        return False
    # Mentions link to profiles with url_for, which needs a request even when `flask seed` runs.
    with current_app.test_request_context("/"), db.session.no_autoflush:
        _build_thread(item, space)
    return True


def _build_thread(item, space):
    rng = seeded(f"{item['space']}:{item['title']}")
    author = user_by_local(item["by"])
    started = (
        anchor() - timedelta(days=item["days_ago"]) + timedelta(hours=rng.randint(7, 16), minutes=rng.randrange(60))
    )
    members = _active_members(space)
    if space is not None:
        _ensure_member(space, author, started, members)
    html, people = render(_with_mentions(item["text"]))
    thread = Thread(
        space_id=space.id if space else None,
        kind=item["kind"],
        title=item["title"],
        body_md=_with_mentions(item["text"]),
        body_html=html,
        author_id=author.id if author else None,
        created_at=started,
        pinned=item.get("pinned", False),
        locked=item.get("locked", False),
        last_activity_at=started,
        view_count=item.get("views") or len(item["replies"]) * 25 + rng.randint(10, 80),
    )
    thread.terms = tag_terms(item["tags"])
    db.session.add(thread)
    db.session.flush()
    _links(thread, item["links"])
    _mentions(thread, None, author, people, started)
    replies = _replies(thread, item, space, members, rng)
    thread.last_activity_at = replies[-1].created_at if replies else started
    accepted = [reply for reply, data in zip(replies, item["replies"], strict=True) if data.get("accepted")]
    if accepted and thread.kind == "question":
        thread.accepted_reply_id = accepted[0].id
    db.session.flush()
    _mark_read(thread, replies)
    recount_thread(thread.id)
    if space is not None:
        recount_space(space.id)


def _replies(thread, item, space, members, rng):
    replies = []
    for n, data in enumerate(item["replies"]):
        author = user_by_local(data["by"])
        previous = replies[-1].created_at if replies else None
        when = _reply_time(aware(thread.created_at), data["after_hours"], n, len(item["replies"]), rng, previous)
        if space is not None:
            _ensure_member(space, author, when, members)
        body = _with_mentions(data["text"])
        html, people = render(body)
        quote = data.get("quote")
        reply = Reply(
            thread_id=thread.id,
            author_id=author.id if author else None,
            body_md=body,
            body_html=html,
            quoted_reply_id=replies[quote].id if quote is not None and quote < len(replies) else None,
            created_at=when,
        )
        db.session.add(reply)
        db.session.flush()
        _mentions(thread, reply, author, people, when)
        _votes(reply, data.get("helpful", 0), members, when, rng)
        _moderate(thread, reply, data, when)
        replies.append(reply)
    return replies


def _moderate(thread, reply, data, when):
    """A reply a moderator hid (with the reason its author sees), or one reported and still open,
    so the moderation queue has something in it."""
    if data.get("hidden"):
        moderator = user_by_local("moderator")
        reply.hidden_at, reply.hide_reason = when + timedelta(hours=2), data["hidden"]
        reply.hidden_by_id = moderator.id if moderator else None
    if data.get("report"):
        local, reason, details = data["report"]
        reporter = user_by_local(local)
        db.session.add(
            Report(
                thread_id=thread.id,
                reply_id=reply.id,
                reporter_id=reporter.id if reporter else None,
                reason=reason,
                details=details,
                created_at=when + timedelta(hours=1),
            )
        )


def _reply_time(started, after_hours, n, count, rng, previous):
    """`after_hours` after the thread began, moved out of the small hours to 7am (London), after
    the reply before it, and never later than just before today's anchor."""
    when = started + timedelta(hours=after_hours, minutes=rng.randrange(60))
    hour = when.astimezone(LONDON).hour
    if hour < 7:
        when += timedelta(hours=7 - hour)
    if previous is not None:
        when = max(when, previous + timedelta(minutes=5))
    latest = anchor() - timedelta(minutes=10 * (count - n))
    return min(when, latest)


def _with_mentions(text):
    """The text with each `{@local}` written as an @mention of that member's account name."""
    out, rest = [], text
    while "{@" in rest:
        before, _, after = rest.partition("{@")
        local, _, rest = after.partition("}")
        user = user_by_local(local)
        out.append(before + (f"@{user.name}" if user else local))
    return "".join(out) + rest


def _active_members(space):
    """Ids of the members who may vote: a space's active members, or every verified demo member."""
    if space is None:
        stmt = select(User.id).where(User.email.like(f"%@{DEMO_DOMAIN}"), User.email_verified_at.is_not(None))
    else:
        stmt = select(SpaceMember.user_id).where(SpaceMember.space_id == space.id, SpaceMember.status == "active")
    return sorted(db.session.scalars(stmt))


def _ensure_member(space, user, when, members):
    """Whoever posts in a space is an active member of it (joined a day before they first post)."""
    if user is None:
        return
    row = db.session.scalar(select(SpaceMember).where(SpaceMember.space_id == space.id, SpaceMember.user_id == user.id))
    if row is None:
        joined = max(aware(space.created_at), when - timedelta(days=1))
        db.session.add(SpaceMember(space_id=space.id, user_id=user.id, created_at=joined, responded_at=joined))
        db.session.flush()
        recount_members(space.id)
    if user.id not in members and (row is None or row.status == "active"):
        members.append(user.id)


def _links(thread, links):
    for position, (kind, slug) in enumerate(links):
        model = LINK_MODELS[kind]
        object_id = db.session.scalar(select(model.id).where(model.slug == slug))
        if object_id is not None:
            db.session.add(ThreadLink(thread_id=thread.id, kind=kind, object_id=object_id, position=position))


def _mentions(thread, reply, author, people, when):
    """Mention rows, marked as already emailed: demo data sends nobody a message."""
    for user in people:
        if author is not None and user.id == author.id:
            continue
        db.session.add(
            Mention(
                thread_id=thread.id,
                reply_id=reply.id if reply else None,
                mentioned_user_id=user.id,
                author_id=author.id if author else None,
                created_at=when,
                emailed_at=when,
            )
        )


def _votes(reply, wanted, members, when, rng):
    """`wanted` helpful votes (fewer if the space is small) from members other than the author."""
    voters = [user_id for user_id in members if user_id != reply.author_id]
    for n, user_id in enumerate(rng.sample(voters, min(wanted, len(voters)))):
        db.session.add(HelpfulVote(reply_id=reply.id, user_id=user_id, created_at=when + timedelta(hours=1 + n)))
    reply.helpful_count = min(wanted, len(voters))


def _mark_read(thread, replies):
    """The demo member has read threads they took part in up to two replies from the end, so the
    lists show "2 new" and the thread opens at the first unread reply."""
    member = user_by_local("member")
    if member is None or len(replies) < 3:
        return
    if member.id not in {thread.author_id, *(reply.author_id for reply in replies)}:
        return
    seen = replies[-3]
    db.session.add(
        ThreadRead(user_id=member.id, thread_id=thread.id, last_read_reply_id=seen.id, read_at=seen.created_at)
    )


STEP = DemoStep("discussions", plan_threads, apply_thread)
