"""Case study use cases: write, edit (recording revisions once published) and read models.

Each write owns its single commit. Markdown is sanitised here, on write.
"""

from sqlalchemy import select

from app.case_studies.coauthors import sync_invitations
from app.case_studies.models import SECTIONS, CaseStudy, ImpactMeasure, case_study_resource
from app.content import render_markdown
from app.extensions import db
from app.publishing.listing import visible
from app.publishing.services import (
    ContentError,
    record_edit,
    require_change_summary,
    resolve_original,
    tag_terms,
    unique_slug,
)
from app.resources.models import Resource
from app.taxonomy.models import IntegratedCareSystem, Term


def create_case_study(author, values):
    """A new draft by `author`."""
    item = CaseStudy(author_id=author.id, status="draft", slug=unique_slug(CaseStudy, values["title"]))
    _apply_or_rollback(item, values, author, author)
    db.session.add(item)
    db.session.commit()
    return item


def update_case_study(item, editor, values):
    """Save changes; a published case study stays live and the change is recorded."""
    summary = values["change_summary"]
    require_change_summary(item, summary)
    _apply_or_rollback(item, values, item.author or editor, editor)
    record_edit(item, editor, summary or "Edited")
    db.session.commit()
    return item


def _apply_or_rollback(item, values, author, editor):
    """Apply the values, or undo everything (nothing half-written) and re-raise."""
    try:
        _apply(item, values)
        sync_invitations(item, values["coauthor_emails"], author, editor)
    except ContentError:
        db.session.rollback()
        raise


def _apply(item, values):
    """Assign every field explicitly, resolving ids against the vocabulary tables."""
    original_id = resolve_original(CaseStudy, values.get("adapted_from"), item)  # checked before any change
    item.title = values["title"]
    item.summary = values["summary"]
    for stem, _heading in SECTIONS:
        setattr(item, f"{stem}_md", values[stem])
        setattr(item, f"{stem}_html", render_markdown(values[stem]))
    item.organisation = values["organisation"]
    item.sector_id = _term_id("sector", values["sector_id"])
    item.ics_id = values["ics_id"]
    item.region_id = values["region_id"]
    if item.ics_id is not None:
        ics = db.session.get(IntegratedCareSystem, item.ics_id)
        if item.region_id is not None and ics.region_id != item.region_id:
            raise ContentError(f"{ics.name} is not in the region you selected", "ics")
        item.region_id = ics.region_id
    item.staff_groups = values["staff_groups"]
    item.cost_band = values["cost_band"]
    item.evaluation_method = values["evaluation_method"]
    item.visibility = values["visibility"]
    item.terms = tag_terms(values["term_ids"])
    item.adapted_from_id = original_id
    resource_ids = values["resource_ids"]
    item.resources = (
        db.session.scalars(select(Resource).where(Resource.id.in_(resource_ids), Resource.status == "published")).all()
        if resource_ids
        else []
    )
    item.measures = [ImpactMeasure(position=n, **row) for n, row in enumerate(values["measures"])]


def _term_id(vocabulary, term_id):
    if term_id is None:
        return None
    if db.session.scalar(select(Term.id).where(Term.id == term_id, Term.vocabulary == vocabulary)) is None:
        raise ContentError("Select a sector from the list", "sector")
    return term_id


def listing_options():
    """Loader options for listing cards."""
    return (
        db.joinedload(CaseStudy.author),
        db.joinedload(CaseStudy.sector),
        db.joinedload(CaseStudy.region),
        db.selectinload(CaseStudy.terms),
        db.selectinload(CaseStudy.coauthors),
    )


def detail_options():
    """Loader options for the detail page: what a card shows and the rest, in a fixed number of queries."""
    return (
        *listing_options(),
        db.joinedload(CaseStudy.ics),
        db.selectinload(CaseStudy.invitations),
        db.selectinload(CaseStudy.measures),
        db.selectinload(CaseStudy.resources).selectinload(Resource.versions),
    )


def page_options():
    """Loader options for the detail page's personal frame (byline, invitations); the shared body
    (app/publishing/detail.py) loads what it shows only when it is rendered afresh."""
    return (
        db.joinedload(CaseStudy.author),
        db.selectinload(CaseStudy.coauthors),
        db.selectinload(CaseStudy.invitations),
    )


def own_items(user, limit=20):
    """The member's case studies that are not published yet (drafts, submitted, returned)."""
    from app.case_studies.models import case_study_coauthor

    stmt = (
        select(CaseStudy)
        .where(
            CaseStudy.status.in_(("draft", "submitted", "returned")),
            (CaseStudy.author_id == user.id)
            | CaseStudy.id.in_(
                select(case_study_coauthor.c.case_study_id).where(case_study_coauthor.c.user_id == user.id)
            ),
        )
        .order_by(CaseStudy.updated_at.desc())
        .limit(limit)
    )
    return db.session.scalars(stmt).all()


def invited_to(user, limit=20):
    """Case studies whose authors invited the member to co-author, awaiting their answer."""
    from app.case_studies.models import CoauthorInvitation

    stmt = (
        select(CaseStudy)
        .join(CoauthorInvitation)
        .where(CoauthorInvitation.email == user.email.lower(), CoauthorInvitation.status == "invited")
        .order_by(CoauthorInvitation.created_at.desc())
        .limit(limit)
    )
    return db.session.scalars(stmt).all()


RESOURCE_MATCHES = 20


def find_resources(query, limit=RESOURCE_MATCHES):
    """Published resources whose title contains `query` (any case), by title, at most `limit`."""
    pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return db.session.execute(
        select(Resource.id, Resource.title)
        .where(Resource.status == "published", Resource.title.ilike(pattern, escape="\\"))
        .order_by(Resource.title)
        .limit(limit)
    ).all()


def uses_resource(model, slug, user):
    """The listing filter "case studies that used this resource": (condition, the resource's title),
    or (None, None) for a resource `user` may not see (its title is not shown either)."""
    resource = db.session.scalar(select(Resource).where(Resource.slug == slug, *visible(Resource, user)))
    if resource is None:
        return None, None
    used = select(case_study_resource.c.case_study_id).where(case_study_resource.c.resource_id == resource.id)
    return model.id.in_(used), resource.title
