"""The directory page: filters, facet counts and text search over visible fields only.

A filter or count on a field only ever looks at profiles that show that field, so the
facets cannot be used to learn a hidden value. Every count is one GROUP BY query, so a
page costs the same number of queries with ten profiles or ten thousand.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from app.directory.models import PractitionerProfile, profile_profession, profile_specialism
from app.directory.visibility import listed_condition, profile_view, region_known, shown
from app.extensions import db
from app.taxonomy.models import Term
from app.taxonomy.services import regions, systems, terms

P = PractitionerProfile
TERM_FACETS = {  # name: (association table, visibility field, label)
    "profession": (profile_profession, "professions", "Profession"),
    "topic": (profile_specialism, "specialisms", "Topic"),  # a profile's specialisms are topics
}
COLUMN_FACETS = {  # name: (column, visibility condition, label)
    "region": (P.region_id, region_known(), "Region"),
    "ics": (P.ics_id, shown("ics"), "Integrated Care System"),
    "sector": (P.sector_id, shown("sector"), "Sector"),
}
# Older links named the topic filter after the profile field.
ALIASES = {"specialism": "topic"}
FLAG_FACETS = {
    "solo": (P.is_solo, "Solo practitioner"),
    "mentoring": (P.offers_mentoring, "Open to mentoring"),
    "peer_support": (P.open_peer_support, "Open to peer support"),
}
FACET_ORDER = ("profession", "region", "ics", "sector", "topic")
MAX_QUERY = 100


@dataclass
class Option:
    slug: str
    name: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: str
    options: list = field(default_factory=list)


@dataclass
class DirectoryPage:
    items: list
    pagination: object
    facets: list
    flags: list
    query: str
    selected: dict
    total: int


def _vocabularies():
    """{facet: {slug: (id, name)}} in display order (from the vocabulary cache)."""
    return {
        "profession": {t.slug: (t.id, t.name) for t in terms("profession")},
        "topic": {t.slug: (t.id, t.name) for t in terms("topic")},
        "sector": {t.slug: (t.id, t.name) for t in terms("sector")},
        "region": {r.slug: (r.id, r.name) for r in regions()},
        "ics": {s.slug: (s.id, s.name) for s in systems()},
    }


def _like(text):
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_condition(text):
    """Match `text` in the name or any field the profile shows (never in hidden ones)."""
    pattern = _like(text.lower())

    def has(column):
        return func.lower(column).like(pattern, escape="\\")

    def term_match(table, vis):
        named = select(table.c.profile_id).join(Term, Term.id == table.c.term_id).where(has(Term.name))
        return and_(shown(vis), P.id.in_(named))

    return or_(
        has(P.display_name),
        and_(shown("job_title"), has(P.job_title)),
        and_(shown("organisation"), has(P.organisation)),
        and_(shown("bio"), has(P.bio_markdown)),
        term_match(profile_specialism, "specialisms"),
        term_match(profile_profession, "professions"),
    )


def _conditions(selected, text, skip=None):
    conditions = [listed_condition()]
    for key, (table, vis, _label) in TERM_FACETS.items():
        if key in selected and key != skip:
            having = select(table.c.profile_id).where(table.c.term_id == selected[key])
            conditions += [shown(vis), P.id.in_(having)]
    for key, (column, visible, _label) in COLUMN_FACETS.items():
        if key in selected and key != skip:
            conditions += [visible, column == selected[key]]
    for key, (column, _label) in FLAG_FACETS.items():
        if key in selected and key != skip:
            conditions.append(column.is_(True))
    if text:
        conditions.append(text_condition(text))
    return conditions


def _counts(key, selected, text):
    if key in TERM_FACETS:
        table, vis, _label = TERM_FACETS[key]
        stmt = (
            select(table.c.term_id, func.count(P.id))
            .join(P, P.id == table.c.profile_id)
            .where(shown(vis), *_conditions(selected, text, skip=key))
            .group_by(table.c.term_id)
        )
    else:
        column, visible, _label = COLUMN_FACETS[key]
        stmt = (
            select(column, func.count(P.id))
            .where(column.is_not(None), visible, *_conditions(selected, text, skip=key))
            .group_by(column)
        )
    return dict(db.session.execute(stmt).all())


def parse_filters(args, vocab):
    """{facet: id or True} from query arguments; unknown values are ignored."""
    selected = {}
    for key in FACET_ORDER:
        value = args.get(key) or next((args.get(old, "") for old, new in ALIASES.items() if new == key), "")
        if value in vocab[key]:
            selected[key] = vocab[key][value][0]
    for key in FLAG_FACETS:
        if args.get(key) in ("1", "yes", "true", "on"):
            selected[key] = True
    return selected


def card_options():
    """Loader options for profile cards: every vocabulary a card shows, in a fixed number of queries."""
    return (
        selectinload(P.sector),
        selectinload(P.region),
        selectinload(P.ics),
        selectinload(P.professions),
        selectinload(P.specialisms),
        selectinload(P.roles),
        selectinload(P.mentoring_topics),
    )


def find(args, page=1, per_page=20):
    """One page of listed profiles matching the query arguments, with facets and counts."""
    vocab = _vocabularies()
    selected = parse_filters(args, vocab)
    text = (args.get("q") or "").strip()[:MAX_QUERY]
    stmt = select(P).options(*card_options()).where(*_conditions(selected, text)).order_by(P.display_name, P.id)
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)
    facets = []
    for key in FACET_ORDER:
        counts = _counts(key, selected, text)
        label = (TERM_FACETS.get(key) or COLUMN_FACETS[key])[-1]
        options = [
            Option(slug, name, counts.get(ident, 0), selected.get(key) == ident)
            for slug, (ident, name) in vocab[key].items()
            if counts.get(ident) or selected.get(key) == ident
        ]
        facets.append(Facet(key, label, options))
    flags = []
    for key, (column, label) in FLAG_FACETS.items():
        count = db.session.scalar(
            select(func.count(P.id)).where(column.is_(True), *_conditions(selected, text, skip=key))
        )
        flags.append(Option(key, label, count, key in selected))
    slugs = {key: next(s for s, (i, _n) in vocab[key].items() if i == v) for key, v in selected.items() if key in vocab}
    slugs.update({key: "1" for key in FLAG_FACETS if key in selected})
    return DirectoryPage(
        items=[profile_view(p) for p in pagination.items],
        pagination=pagination,
        facets=facets,
        flags=flags,
        query=text,
        selected=slugs,
        total=pagination.total,
    )


def summary():
    """Listed profiles and the regions they cover that show their region (one query)."""
    profiles, covered = db.session.execute(
        select(func.count(P.id), func.count(func.distinct(case((shown("region"), P.region_id))))).where(
            listed_condition()
        )
    ).one()
    return {"profiles": profiles, "regions": covered}
