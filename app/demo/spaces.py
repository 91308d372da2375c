"""Demo spaces: 16 of them (the named spaces, a network per region, one private group) with
their managers, members, pending requests and an invitation. Their threads are in discussions.py.

The words are data, kept in spaces.json (and discussions.json). Members are named by the local
part of their demo email ("mei.patel"). Times are fixed offsets back from the start of today
(UTC), so a seed on the same day writes the same rows; each space is keyed by slug and each
membership by space and member, so seeding twice adds nothing.
"""

import json
import random
import zlib
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from app.auth.models import User
from app.content import render_markdown
from app.demo.auth import DEMO_DOMAIN
from app.demo.registry import DemoStep
from app.directory.models import PractitionerProfile
from app.extensions import db
from app.spaces.models import Space, SpaceMember
from app.spaces.services.spaces import recount_members
from app.taxonomy.models import Region, Term

_HERE = Path(__file__).parent
SPACES = json.loads((_HERE / "spaces.json").read_text(encoding="utf-8"))["spaces"]
TAG_VOCABULARIES = ("topic", "framework_element", "people_promise_theme")
# Topics that migration 0016 (one topic list) adds. Until it has run they are skipped; every
# other tag must name a term that exists (tests/demo/test_spaces_demo.py holds this).
LATER_TOPICS = {"Vaccination", "Sickness absence"}
REGIONAL_SHARE = 0.6  # the share of a region's listed practitioners who join its network


def anchor():
    """The start of today (UTC): every demo time is a fixed offset back from it."""
    return datetime.combine(datetime.now(UTC).date(), time(0, 0), tzinfo=UTC)


def aware(value):
    """A stored time as UTC-aware (SQLite hands back naive ones)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def seeded(text):
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
        rng = seeded(item["slug"])
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
    rng = seeded(f"{item['slug']}:members")
    added = 0
    for who, role, status in _roster(space, item):
        user = who if isinstance(who, User) else user_by_local(who)
        if user is None or user.id in existing:
            continue
        existing.add(user.id)
        joined = aware(space.created_at) + timedelta(days=rng.randint(0, 7), hours=rng.randint(8, 18))
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


STEP = DemoStep("spaces", plan_spaces, apply_space)
