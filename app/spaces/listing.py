"""The spaces index: the spaces a member may see, filtered by topic, region and join policy, with
the number of spaces behind each filter value (counted over the visible spaces only)."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.spaces.access import visible_space_clause
from app.spaces.models import JOIN_POLICIES, Space, SpaceMember, space_term
from app.taxonomy.models import Region, Term

SPACES_PER_PAGE = 20
POLICY_LABELS = {"open": "Open", "request": "On request", "private": "Private"}


@dataclass
class Filters:
    topic: Term | None = None
    region: Region | None = None
    policy: str | None = None

    def args(self):
        """The filters as query-string arguments (for pagination links)."""
        values = {"topic": self.topic.slug if self.topic else None, "region": self.region.slug if self.region else None}
        values["policy"] = self.policy
        return {key: value for key, value in values.items() if value}


def read_filters(args):
    """Filters from the query string; unknown values are ignored (and the filter is off)."""
    topic_slug, region_slug = args.get("topic", "")[:80], args.get("region", "")[:80]
    topic = db.session.scalar(select(Term).filter_by(vocabulary="topic", slug=topic_slug)) if topic_slug else None
    region = db.session.scalar(select(Region).filter_by(slug=region_slug)) if region_slug else None
    policy = args.get("policy")
    return Filters(topic, region, policy if policy in JOIN_POLICIES else None)


def _filtered(user, filters, skip=None):
    stmt = select(Space).where(visible_space_clause(user))
    if filters.topic is not None and skip != "topic":
        stmt = stmt.where(Space.terms.any(Term.id == filters.topic.id))
    if filters.region is not None and skip != "region":
        stmt = stmt.where(Space.region_id == filters.region.id)
    if filters.policy and skip != "policy":
        stmt = stmt.where(Space.join_policy == filters.policy)
    return stmt


def spaces_page(user, filters, page):
    """One page of visible spaces matching `filters`, most recently active first."""
    stmt = _filtered(user, filters).options(joinedload(Space.region))
    stmt = stmt.order_by(Space.last_activity_at.desc().nulls_last(), Space.name)
    return db.paginate(stmt, page=page, per_page=SPACES_PER_PAGE, error_out=False)


def facet_counts(user, filters):
    """{"topic": {slug: n}, "region": {slug: n}, "policy": {value: n}}: each counted with the other
    filters applied (three grouped queries)."""
    visible = _filtered(user, filters, skip="topic").subquery()
    topics = (
        select(Term.slug, func.count())
        .join(space_term, space_term.c.term_id == Term.id)
        .where(space_term.c.space_id.in_(select(visible.c.id)), Term.vocabulary == "topic")
        .group_by(Term.slug)
    )
    visible = _filtered(user, filters, skip="region").subquery()
    regions = select(Region.slug, func.count()).join(visible, visible.c.region_id == Region.id).group_by(Region.slug)
    visible = _filtered(user, filters, skip="policy").subquery()
    policies = select(visible.c.join_policy, func.count()).group_by(visible.c.join_policy)
    return {
        "topic": dict(db.session.execute(topics).all()),
        "region": dict(db.session.execute(regions).all()),
        "policy": dict(db.session.execute(policies).all()),
    }


def my_statuses(user, spaces):
    """{space id: membership status} for the listed spaces (one query)."""
    ids = [space.id for space in spaces]
    if not ids:
        return {}
    stmt = select(SpaceMember.space_id, SpaceMember.status).where(
        SpaceMember.user_id == user.id, SpaceMember.space_id.in_(ids)
    )
    return dict(db.session.execute(stmt).all())
