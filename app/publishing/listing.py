"""Listings with facets, sorting and pagination, in a fixed number of queries.

A listing is filtered by at most one value per facet (AND across facets). Facet counts are
computed over the filtered set: one grouped query for every tag vocabulary together, and one
per column facet (sector, region, type).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, or_, select

from app.auth.access import can_see_members_content
from app.cache import cached_from_tables
from app.extensions import db
from app.publishing.models import ReuseRecord, UsefulMark
from app.routing import page_arg
from app.taxonomy.models import Region, Term
from app.web import cacheable_args

SORTS = {"newest": "Newest", "reused": "Most reused", "useful": "Most useful"}
# What every listing's results and filters are built from besides the item's own tables.
LISTING_TABLES = ("taxonomy_term", "region", "useful_mark", "reuse_record")


@dataclass(frozen=True)
class Facet:
    """A way to narrow a listing: by a tag vocabulary, or by a column (with its labels)."""

    param: str
    label: str
    vocabulary: str | None = None  # tags from the term table
    column: str | None = None  # or a column on the model
    choices: dict | None = None  # column values -> labels; None for term/region columns
    # Or a filter by a linked item (never offered as options): lookup(model, value) -> (condition, label).
    lookup: Callable | None = None


# The facets every content type shares: the framework, the People Promise, topics and region.
FRAMEWORK_FACETS = (
    Facet("element", "Framework element", vocabulary="framework_element"),
    Facet("theme", "People Promise theme", vocabulary="people_promise_theme"),
    Facet("topic", "Topic", vocabulary="topic"),
)
REGION_FACET = Facet("region", "Region", column="region_id")


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    href: str


@dataclass
class Listing:
    items: list
    pagination: object
    facets: list = field(default_factory=list)  # [(Facet, [FacetOption])]
    selected: list = field(default_factory=list)  # [(Facet, label, href to remove)]
    sort: str = "newest"
    counts: dict = field(default_factory=dict)
    adaptations: dict = field(default_factory=dict)  # item id -> [adaptation] (visible, newest first)


def visible(model, user):
    """Conditions for items a visitor may see in a listing."""
    conditions = [model.status == "published"]
    if not can_see_members_content(user):
        conditions.append(model.visibility == "public")
    return conditions


def _href(**changes):
    args = request.args.to_dict()
    args.pop("page", None)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint, **args)


def browse(model, facets, options=(), per_page=20):
    """The listing for the current request's query string."""
    vocabularies = [f.vocabulary for f in facets if f.vocabulary] + [
        "sector" for f in facets if f.column == "sector_id"
    ]
    terms = db.session.scalars(select(Term).where(Term.vocabulary.in_(vocabularies))).all() if vocabularies else []
    regions = db.session.scalars(select(Region).order_by(Region.position)).all()
    term_by_key = {(t.vocabulary, t.slug): t for t in terms}
    term_by_id = {t.id: t for t in terms}
    region_by_slug = {r.slug: r for r in regions}

    conditions = visible(model, current_user)
    selected = []
    for facet in facets:
        value = request.args.get(facet.param, "").strip()
        if not value:
            continue
        condition, label = _condition(model, facet, value, term_by_key, region_by_slug)
        if condition is None:
            continue  # an unknown value is ignored rather than an error: links age
        conditions.append(condition)
        selected.append((facet, label, _href(**{facet.param: None})))

    adaptable = hasattr(model, "adapted_from_id")
    base = list(conditions)
    if adaptable:
        conditions.append(_not_folded(model, conditions))
    sort = request.args.get("sort", "newest")
    sort = sort if sort in SORTS else "newest"
    stmt = select(model).where(*conditions)
    if sort in ("useful", "reused"):
        source = UsefulMark if sort == "useful" else ReuseRecord
        tally = (
            select(source.object_id.label("object_id"), func.count().label("n"))
            .where(source.kind == model.kind)
            .group_by(source.object_id)
            .subquery()
        )
        stmt = stmt.outerjoin(tally, tally.c.object_id == model.id).order_by(
            func.coalesce(tally.c.n, 0).desc(), model.published_at.desc(), model.id.desc()
        )
    else:
        stmt = stmt.order_by(model.published_at.desc(), model.id.desc())
    pagination = db.paginate(stmt.options(*options), page=page_arg(), per_page=per_page, error_out=False)

    from app.publishing.services import counts

    listing = Listing(items=pagination.items, pagination=pagination, selected=selected, sort=sort)
    listing.counts = counts(model.kind, [item.id for item in pagination.items])
    listing.facets = _facet_options(model, facets, conditions, term_by_id, regions)
    if adaptable:
        listing.adaptations = adaptations_of(model, [item.id for item in pagination.items], base)
    return listing


def rendered(model, facets, template, build, tables=()):
    """The listing's results and filters (`template` rendered with `build()`), the same for every
    viewer of one visibility class, so kept in the shared cache until a commit writes to a table
    they come from (the model's, its tags', LISTING_TABLES and `tables`).

    The key holds the query string, so only query strings made of the listing's own arguments
    are cached (others are rendered each time). Nothing personal may go into `template`.
    """

    def render():
        return render_template(template, **build())

    args = cacheable_args({facet.param for facet in facets} | {"sort", "page"})
    if args is None:
        return Markup(render())  # noqa: S704 (an autoescaped template)
    viewer = "members" if can_see_members_content(current_user) else "public"
    parts = (request.endpoint, request.script_root, viewer, args)
    tables = (model.__tablename__, model.term_table.name, *LISTING_TABLES, *tables)
    return Markup(cached_from_tables("listing", tables, parts, render))  # noqa: S704 (an autoescaped template)


def _not_folded(model, conditions):
    """Leave out adaptations whose original is in the same listing: they are shown under it."""
    listed = select(model.id).where(*conditions).correlate(None).scalar_subquery()
    return or_(model.adapted_from_id.is_(None), model.adapted_from_id.not_in(listed))


def adaptations_of(model, ids, conditions):
    """{original id: [its adaptations matching `conditions`, newest first]} in one query."""
    if not ids:
        return {}
    stmt = (
        select(model)
        .where(model.adapted_from_id.in_(ids), *conditions)
        .order_by(model.published_at.desc(), model.id.desc())
    )
    found = {}
    for item in db.session.scalars(stmt):
        found.setdefault(item.adapted_from_id, []).append(item)
    return found


def _condition(model, facet, value, term_by_key, region_by_slug):
    if facet.lookup:
        return facet.lookup(model, value)
    if facet.vocabulary:
        term = term_by_key.get((facet.vocabulary, value))
        if term is None:
            return None, None
        table = model.term_table
        item_column = next(c for c in table.c if c.name != "term_id")
        return model.id.in_(select(item_column).where(table.c.term_id == term.id)), term.name
    if facet.column == "region_id":
        region = region_by_slug.get(value)
        return (model.region_id == region.id, region.name) if region else (None, None)
    if facet.column == "sector_id":
        term = term_by_key.get(("sector", value))
        return (model.sector_id == term.id, term.name) if term else (None, None)
    if value in (facet.choices or {}):
        return getattr(model, facet.column) == value, facet.choices[value]
    return None, None


def _facet_options(model, facets, conditions, term_by_id, regions):
    filtered = select(model.id).where(*conditions)
    result = []
    term_counts = {}
    if any(f.vocabulary for f in facets):
        table = model.term_table
        item_column = next(c for c in table.c if c.name != "term_id")
        stmt = select(table.c.term_id, func.count()).where(item_column.in_(filtered)).group_by(table.c.term_id)
        term_counts = dict(db.session.execute(stmt).all())
    for facet in facets:
        if facet.lookup:
            continue
        current = request.args.get(facet.param, "")
        options = []
        if facet.vocabulary:
            terms = sorted(
                (
                    term_by_id[tid]
                    for tid in term_counts
                    if tid in term_by_id and term_by_id[tid].vocabulary == facet.vocabulary
                ),
                key=lambda t: t.position,
            )
            options = [(t.slug, t.name, term_counts[t.id]) for t in terms]
        else:
            column = getattr(model, facet.column)
            rows = dict(
                db.session.execute(
                    select(column, func.count()).where(*conditions, column.isnot(None)).group_by(column)
                ).all()
            )
            if facet.column == "region_id":
                options = [(r.slug, r.name, rows[r.id]) for r in regions if r.id in rows]
            elif facet.column == "sector_id":
                sectors = sorted((term_by_id[i] for i in rows if i in term_by_id), key=lambda t: t.position)
                options = [(t.slug, t.name, rows[t.id]) for t in sectors]
            else:
                options = [(key, label, rows[key]) for key, label in facet.choices.items() if key in rows]
        result.append(
            (
                facet,
                [
                    FacetOption(value, label, count, value == current, _href(**{facet.param: value}))
                    for value, label, count in options
                ],
            )
        )
    return result


def sort_links(listing):
    """(label, href, current) for each sort order."""
    return [(label, _href(sort=key), key == listing.sort) for key, label in SORTS.items()]


def page_links(pagination):
    """Params for the NHS.UK pagination component."""
    if pagination.pages <= 1:
        return None
    args = request.args.to_dict()

    def href(number):
        return url_for(request.endpoint, **{**args, "page": number})

    items = []
    for number in pagination.iter_pages(left_edge=1, left_current=2, right_current=2, right_edge=1):
        if number is None:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == pagination.page})
    params = {"items": items}
    if pagination.has_prev:
        params["previous"] = {"href": href(pagination.prev_num)}
    if pagination.has_next:
        params["next"] = {"href": href(pagination.next_num)}
    return params


def related(model, item, user, limit=4, options=()):
    """Other visible items sharing the most tags with `item` (two queries)."""
    term_ids = [t.id for t in item.terms]
    if not term_ids:
        return []
    table = model.term_table
    item_column = next(c for c in table.c if c.name != "term_id")
    shared = func.count().label("shared")
    stmt = (
        select(model)
        .join(table, item_column == model.id)
        .where(table.c.term_id.in_(term_ids), model.id != item.id, *visible(model, user))
        .group_by(model.id)
        .order_by(shared.desc(), model.published_at.desc())
        .limit(limit)
        .options(*options)
    )
    return db.session.scalars(stmt).unique().all()
