"""Look-ups over the vocabularies, for forms, facets and the demo data."""

from datetime import date

from sqlalchemy import or_, select

from app.extensions import db
from app.taxonomy.models import IntegratedCareSystem, Region, Term


def _current(model, on):
    return or_(model.valid_to.is_(None), model.valid_to >= on), model.valid_from <= on


def terms(vocabulary, on=None):
    """The current terms of one vocabulary, in display order."""
    on = on or date.today()
    stmt = select(Term).where(Term.vocabulary == vocabulary, *_current(Term, on)).order_by(Term.position, Term.name)
    return db.session.scalars(stmt).all()


def term_choices(vocabulary):
    """(id, name) pairs for a WTForms choice field."""
    return [(term.id, term.name) for term in terms(vocabulary)]


def term_by_slug(vocabulary, slug):
    """One term, or None."""
    return db.session.scalar(select(Term).filter_by(vocabulary=vocabulary, slug=slug))


def regions(on=None):
    """The current NHS England regions in their usual order."""
    on = on or date.today()
    stmt = select(Region).where(*_current(Region, on)).order_by(Region.position)
    return db.session.scalars(stmt).all()


def systems(on=None):
    """The current Integrated Care Systems, ordered by region then name."""
    on = on or date.today()
    stmt = (
        select(IntegratedCareSystem)
        .join(Region)
        .where(*_current(IntegratedCareSystem, on))
        .order_by(Region.position, IntegratedCareSystem.name)
    )
    return db.session.scalars(stmt).all()
