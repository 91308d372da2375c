"""Demo spaces and discussions: 16 spaces (the named networks, regional networks, one private
group) and about 90 threads with over 400 replies, written as practitioners would write them.

The words are data, kept in spaces.json and discussions.json. Members are named by the local
part of their demo email ("mei.patel"); `{@mei.patel}` in a text becomes an @mention of that
member's public name, resolved by the spaces feature's own renderer. Links to case studies and
resources name them by slug. Times are fixed offsets back from the start of today (UTC), so a
seed on the same day writes the same rows; each space is keyed by slug, each membership by space
and member, and each thread by its space and title, so seeding twice adds nothing.
"""

import json
import random
import zlib
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from app.auth.models import User
from app.case_studies.models import CaseStudy
from app.content import render_markdown
from app.demo.auth import DEMO_DOMAIN
from app.demo.registry import DemoStep
from app.directory.models import PractitionerProfile
from app.extensions import db
from app.resources.models import Resource
from app.spaces.models import (
    HelpfulVote,
    Mention,
    Reply,
    Report,
    Space,
    SpaceMember,
    Thread,
    ThreadLink,
    ThreadRead,
)
from app.spaces.services.posting import render
from app.spaces.services.spaces import recount_members
from app.spaces.services.threads import recount_space, recount_thread
from app.taxonomy.models import Region, Term
from app.templating import LONDON

_HERE = Path(__file__).parent
SPACES = json.loads((_HERE / "spaces.json").read_text(encoding="utf-8"))["spaces"]
THREADS = json.loads((_HERE / "discussions.json").read_text(encoding="utf-8"))["threads"]
TAG_VOCABULARIES = ("topic", "framework_element", "people_promise_theme")
# Topics that migration 0016 (one topic list) adds. Until it has run they are skipped; every
# other tag must name a term that exists (tests/demo/test_spaces_demo.py holds this).
LATER_TOPICS = {"Vaccination", "Sickness absence"}
LINK_MODELS = {"case_study": CaseStudy, "resource": Resource}
REGIONAL_SHARE = 0.6  # the share of a region's listed practitioners who join its network


def anchor():
    """The start of today (UTC): every demo time is a fixed offset back from it."""
    return datetime.combine(datetime.now(UTC).date(), time(0, 0), tzinfo=UTC)


def _aware(value):
    """A stored time as UTC-aware (SQLite hands back naive ones)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _seeded(text):
    """A random generator seeded from a name, so one item's choices never depend on another's."""
    return random.Random(zlib.crc32(text.encode()) ^ 2026)  # noqa: S311 (demo data)


def user_by_local(local):
    """A demo account by the local part of its email, or None."""
    return db.session.scalar(select(User).where(User.email == f"{local}@{DEMO_DOMAIN}"))


def tag_terms(names):
    """Vocabulary terms (topics, framework elements, People Promise themes) by display name."""
    if not names:
        return []
    stmt = select(Term).where(Term.vocabulary.in_(TAG_VOCABULARIES), Term.name.in_(names))
    return db.session.scalars(stmt.order_by(Term.vocabulary, Term.position)).all()


# Spaces and their members ------------------------------------------------------------------


def plan_spaces(rng):
    """One item per space, in the order of the data file."""
    return [dict(space) for space in SPACES]


def apply_space(item):
    """Create the space unless its slug exists, then add any of its memberships that are missing.
    A space the starter-spaces migration made (no creator, no members yet) takes the demo's words,
    creator and extra tags; a space someone made is left as it is. True when anything was added."""
    space = db.session.scalar(select(Space).where(Space.slug == item["slug"]))
    created = space is None
    if created:
        space = _new_space(item)
    elif space.created_by_id is None and not space.member_count:
        _adopt(space, item)
        created = True
    added = _add_members(space, item)
    db.session.flush()
    recount_members(space.id)
    return created or added > 0


def _new_space(item):
    creator = user_by_local(item["created_by"])
    started = anchor() - timedelta(days=item["days_ago"])
    region = db.session.scalar(select(Region).where(Region.name == item["region"])) if item["region"] else None
    space = Space(
        slug=item["slug"],
        name=item["name"],
        purpose=item["purpose"],
        description_md=item["description"],
        description_html=render_markdown(item["description"]),
        join_policy=item["join_policy"],
        region=region,
        created_by_id=creator.id if creator else None,
        created_at=started,
        last_activity_at=started,
    )
    space.terms = tag_terms(item["tags"])
    db.session.add(space)
    db.session.flush()
    return space


def _adopt(space, item):
    """Write the demo's text into a space a migration seeded, keeping its tags and region."""
    creator = user_by_local(item["created_by"])
    space.purpose, space.description_md = item["purpose"], item["description"]
    space.description_html = render_markdown(item["description"])
    space.created_by_id = creator.id if creator else None
    space.terms = [*space.terms, *(term for term in tag_terms(item["tags"]) if term not in space.terms)]
    db.session.flush()


def _roster(space, item):
    """(local or user, role, status) for everyone the data names, creator first."""
    people = [(item["created_by"], "manager", "active")]
    people += [(local, "manager", "active") for local in item.get("managers", [])]
    people += [(local, "member", "active") for local in item.get("members", [])]
    people += [(local, "member", "pending") for local in item.get("pending", [])]
    people += [(local, "member", "invited") for local in item.get("invited", [])]
    if item.get("regional_members") and space.region_id:
        rng = _seeded(item["slug"])
        listed = db.session.scalars(
            select(User)
            .join(PractitionerProfile, PractitionerProfile.user_id == User.id)
            .where(PractitionerProfile.region_id == space.region_id, PractitionerProfile.listed.is_(True))
            .where(User.email_verified_at.is_not(None))
            .order_by(User.email)
        ).all()
        people += [(user, "member", "active") for user in listed if rng.random() < REGIONAL_SHARE]
    return people


def _add_members(space, item):
    """Add the memberships that are missing; the first word about a member wins. Returns how many."""
    existing = set(db.session.scalars(select(SpaceMember.user_id).where(SpaceMember.space_id == space.id)))
    creator_id = space.created_by_id
    rng = _seeded(f"{item['slug']}:members")
    added = 0
    for who, role, status in _roster(space, item):
        user = who if isinstance(who, User) else user_by_local(who)
        if user is None or user.id in existing:
            continue
        existing.add(user.id)
        joined = _aware(space.created_at) + timedelta(days=rng.randint(0, 7), hours=rng.randint(8, 18))
        db.session.add(
            SpaceMember(
                space_id=space.id,
                user_id=user.id,
                role=role,
                status=status,
                invited_by_id=creator_id if status == "invited" else None,
                created_at=joined,
                responded_at=joined if status == "active" else None,
            )
        )
        added += 1
    return added


# Threads, replies, votes, mentions ---------------------------------------------------------


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
    rng = _seeded(f"{item['space']}:{item['title']}")
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
        when = _reply_time(_aware(thread.created_at), data["after_hours"], n, len(item["replies"]), rng, previous)
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
        joined = max(_aware(space.created_at), when - timedelta(days=1))
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


SPACES_STEP = DemoStep("spaces", plan_spaces, apply_space)
THREADS_STEP = DemoStep("discussions", plan_threads, apply_thread)
STEPS = [SPACES_STEP, THREADS_STEP]
