"""one topic list for content, events and profiles; hospice, VCSE and independent sectors

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 16:00:00.000000

Profiles chose their specialisms from the topics plus the SEQOHS core services, while case
studies, resources and events were tagged with the topics alone: two lists for the same thing.
Each SEQOHS service becomes a topic (with a plainer name), every row that pointed at a service
now points at its topic, and the services are closed (valid_to) rather than deleted, so history
stays. Vaccination, infection prevention and control, and sickness absence join the topics,
which are then ordered alphabetically; hospice, voluntary and charity (VCSE) and independent
providers join the sectors, before "Other".

Downgrade points the rows back at the SEQOHS services, moves the new sectors to "Other",
drops the tags on the three brand-new topics (there is nothing older to keep them on), and
restores the original order.

The data is written here, not imported from app code, so this migration always does the same.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

VALID_FROM = date(2026, 11, 29)
SERVICES_CLOSED = date(2026, 11, 28)  # the last day the SEQOHS services were offered as specialisms

# SEQOHS core service slug: (topic slug, topic name)
FROM_SERVICES = {
    "prevention": ("prevention-and-health-surveillance", "Prevention and health surveillance"),
    "timely-intervention": ("early-intervention", "Early intervention"),
    "rehabilitation": ("rehabilitation-and-return-to-work", "Rehabilitation and return to work"),
    "health-assessment-for-work": ("health-assessment-for-work", "Health assessment for work"),
    "promotion-of-health-and-wellbeing": ("health-promotion", "Health promotion"),
    "teaching-and-training": ("teaching-and-training", "Teaching and training"),
}
NEW_TOPICS = [  # (slug, name, abbreviation)
    ("vaccination", "Vaccination", None),
    ("infection-prevention-and-control", "Infection prevention and control", "IPC"),
    ("sickness-absence", "Sickness absence", None),
]
# The topics as 0002 ordered them, to restore on downgrade.
OLD_TOPIC_ORDER = [
    "violence-aggression-and-abuse",
    "burnout-and-mental-health",
    "menopause",
    "musculoskeletal-health",
    "suicide-prevention",
    "stigma",
    "workplace-safety",
    "equality-diversity-and-inclusion",
    "trauma-informed-care",
    "financial-wellbeing",
    "sleep-and-fatigue",
]
NEW_SECTORS = [  # (slug, name, abbreviation), shown after "ICB/system" and before "Other"
    ("hospice", "Hospice", None),
    ("voluntary-and-charity", "Voluntary and charity (VCSE)", "VCSE"),
    ("independent-provider", "Independent provider", None),
]
OTHER_SECTOR_POSITION = 7  # where 0002 put "Other"

# Every table that tags something with a term: (table, the tagged item's column, search kind).
TAG_TABLES = [
    ("profile_specialism", "profile_id", "practitioner"),
    ("profile_mentoring_topic", "profile_id", "practitioner"),
    ("case_study_term", "case_study_id", "case_study"),
    ("resource_term", "resource_id", "resource"),
    ("event_term", "event_id", "event"),
]
# Columns holding one sector: (table, column, search kind).
SECTOR_COLUMNS = [("practitioner_profile", "sector_id", "practitioner"), ("case_study", "sector_id", "case_study")]

term = sa.table(
    "taxonomy_term",
    sa.column("id", sa.Integer),
    sa.column("vocabulary", sa.String),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("abbreviation", sa.String),
    sa.column("position", sa.Integer),
    sa.column("valid_from", sa.Date),
    sa.column("valid_to", sa.Date),
)
outbox = sa.table(
    "search_outbox",
    sa.column("kind", sa.String),
    sa.column("object_id", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _ids(bind, vocabulary):
    """{slug: id} of one vocabulary."""
    rows = bind.execute(sa.select(term.c.slug, term.c.id).where(term.c.vocabulary == vocabulary))
    return dict(rows.all())


def _tags(table, item_column):
    return sa.table(table, sa.column(item_column, sa.Integer), sa.column("term_id", sa.Integer))


def _reindex(kind, ids):
    """Queue the items whose tags changed, so the search index shows the new names."""
    now = datetime.now(UTC)
    rows = [dict(kind=kind, object_id=i, created_at=now) for i in sorted(set(ids))]
    if rows:
        op.bulk_insert(outbox, rows)


def _move_tags(bind, moves):
    """Point every tag row at term `old` to term `new`, for each (old, new) in `moves`.

    Where the item already has `new`, the old row is simply deleted (no duplicate key).
    """
    for table, item_column, kind in TAG_TABLES:
        tags = _tags(table, item_column)
        item = tags.c[item_column]
        touched = []
        for old, new in moves:
            items = bind.execute(sa.select(item).where(tags.c.term_id == old)).scalars().all()
            if not items:
                continue
            touched += items
            taken = set(bind.execute(sa.select(item).where(tags.c.term_id == new, item.in_(items))).scalars())
            if taken:
                bind.execute(tags.delete().where(tags.c.term_id == old, item.in_(taken)))
            bind.execute(tags.update().where(tags.c.term_id == old).values(term_id=new))
        _reindex(kind, touched)


def _drop_tags(bind, term_ids):
    """Delete every tag row pointing at `term_ids`."""
    for table, item_column, kind in TAG_TABLES:
        tags = _tags(table, item_column)
        items = bind.execute(sa.select(tags.c[item_column]).where(tags.c.term_id.in_(term_ids))).scalars().all()
        bind.execute(tags.delete().where(tags.c.term_id.in_(term_ids)))
        _reindex(kind, items)


def _insert_terms(bind, vocabulary, entries):
    """Add the entries an admin has not added already (same slug)."""
    present = _ids(bind, vocabulary)
    rows = [
        dict(vocabulary=vocabulary, slug=slug, name=name, abbreviation=abbr, position=0, valid_from=VALID_FROM)
        for slug, name, abbr in entries
        if slug not in present
    ]
    if rows:
        op.bulk_insert(term, rows)


def upgrade():
    bind = op.get_bind()
    _insert_terms(bind, "topic", [(slug, name, None) for slug, name in FROM_SERVICES.values()] + NEW_TOPICS)
    topics, services = _ids(bind, "topic"), _ids(bind, "seqohs_service")
    _move_tags(bind, [(services[old], topics[new]) for old, (new, _name) in FROM_SERVICES.items() if old in services])
    bind.execute(term.update().where(term.c.vocabulary == "seqohs_service").values(valid_to=SERVICES_CLOSED))
    # One alphabetical list is quicker to scan than a curated order once it has twenty entries.
    names = bind.execute(sa.select(term.c.id, term.c.name).where(term.c.vocabulary == "topic")).all()
    for position, (ident, _name) in enumerate(sorted(names, key=lambda row: row.name.lower())):
        bind.execute(term.update().where(term.c.id == ident).values(position=position))

    _insert_terms(bind, "sector", NEW_SECTORS)
    sectors = _ids(bind, "sector")
    for offset, (slug, _name, _abbr) in enumerate(NEW_SECTORS):
        bind.execute(term.update().where(term.c.id == sectors[slug]).values(position=OTHER_SECTOR_POSITION + offset))
    bind.execute(
        term.update().where(term.c.id == sectors["other"]).values(position=OTHER_SECTOR_POSITION + len(NEW_SECTORS))
    )


def downgrade():
    bind = op.get_bind()
    topics, services = _ids(bind, "topic"), _ids(bind, "seqohs_service")
    bind.execute(term.update().where(term.c.vocabulary == "seqohs_service").values(valid_to=None))
    _move_tags(bind, [(topics[new], services[old]) for old, (new, _name) in FROM_SERVICES.items() if new in topics])
    slugs = [slug for slug, _name, _abbr in NEW_TOPICS] + [new for new, _name in FROM_SERVICES.values()]
    made = [topics[slug] for slug in slugs if slug in topics]
    _drop_tags(bind, made)
    bind.execute(term.delete().where(term.c.id.in_(made)))
    for position, slug in enumerate(OLD_TOPIC_ORDER):
        bind.execute(term.update().where(term.c.vocabulary == "topic", term.c.slug == slug).values(position=position))

    sectors = _ids(bind, "sector")
    other = sectors["other"]
    added = [sectors[slug] for slug, _name, _abbr in NEW_SECTORS if slug in sectors]
    _move_tags(bind, [(ident, other) for ident in added])
    for table, column, kind in SECTOR_COLUMNS:
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column(column, sa.Integer))
        ids = bind.execute(sa.select(rows.c.id).where(rows.c[column].in_(added))).scalars().all()
        bind.execute(rows.update().where(rows.c[column].in_(added)).values({column: other}))
        _reindex(kind, ids)
    bind.execute(term.delete().where(term.c.id.in_(added)))
    bind.execute(term.update().where(term.c.id == other).values(position=OTHER_SECTOR_POSITION))
