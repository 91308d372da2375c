"""Look-ups over the vocabularies, for forms, facets and the demo data.

Vocabularies change only through migrations, so the current entries are read once into the
shared cache, as plain read-only records, under the "vocabularies" data version and the
day they are current on. Whatever changes a vocabulary calls `vocabularies_changed()`.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.cache import bump_version, cached
from app.extensions import db
from app.taxonomy.models import IntegratedCareSystem, Region, Term

VERSION = "vocabularies"


@dataclass(frozen=True)
class Entry:
    """One current vocabulary entry, detached from the database session."""

    id: int
    slug: str
    name: str
    position: int = 0
    vocabulary: str | None = None
    abbreviation: str | None = None
    region_id: int | None = None
    region: "Entry | None" = None


def vocabularies_changed():
    """Mark every vocabulary as changed: every process reads them again on next use."""
    bump_version(VERSION)


def _current(model, on):
    return or_(model.valid_to.is_(None), model.valid_to >= on), model.valid_from <= on


def _term(row):
    return Entry(row.id, row.slug, row.name, row.position, row.vocabulary, row.abbreviation)


def _region(row):
    return Entry(row.id, row.slug, row.name, row.position)


def _load_terms(vocabulary, on):
    stmt = select(Term).where(Term.vocabulary == vocabulary, *_current(Term, on)).order_by(Term.position, Term.name)
    return [_term(row) for row in db.session.scalars(stmt)]


def _load_regions(on):
    stmt = select(Region).where(*_current(Region, on)).order_by(Region.position)
    return [_region(row) for row in db.session.scalars(stmt)]


def _load_systems(on):
    stmt = (
        select(IntegratedCareSystem)
        .join(Region)
        .options(joinedload(IntegratedCareSystem.region))
        .where(*_current(IntegratedCareSystem, on))
        .order_by(Region.position, IntegratedCareSystem.name)
    )
    return [
        Entry(row.id, row.slug, row.name, region_id=row.region_id, region=_region(row.region))
        for row in db.session.scalars(stmt)
    ]


def terms(vocabulary, on=None):
    """The current terms of one vocabulary, in display order."""
    on = on or date.today()
    return list(cached(VERSION, ("terms", vocabulary, on), lambda: _load_terms(vocabulary, on)))


def term_choices(vocabulary):
    """(id, name) pairs for a WTForms choice field."""
    return [(term.id, term.name) for term in terms(vocabulary)]


def term_by_slug(vocabulary, slug):
    """One term, or None."""
    return db.session.scalar(select(Term).filter_by(vocabulary=vocabulary, slug=slug))


def regions(on=None):
    """The current NHS England regions in their usual order."""
    on = on or date.today()
    return list(cached(VERSION, ("regions", on), lambda: _load_regions(on)))


def systems(on=None):
    """The current Integrated Care Systems, ordered by region then name."""
    on = on or date.today()
    return list(cached(VERSION, ("systems", on), lambda: _load_systems(on)))
