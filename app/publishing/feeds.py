"""Atom feeds of newly published public case studies and resources, under /feeds."""

from datetime import UTC

from flask import current_app, render_template
from sqlalchemy import select

from app.extensions import db
from app.models_base import utcnow
from app.publishing import bp
from app.templating import to_london

FEED_SIZE = 20


def atom_date(value):
    """RFC 3339 in UTC, as Atom requires (SQLite hands back naive UTC datetimes)."""
    return to_london(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed(model, title, feed_endpoint, listing_endpoint):
    stmt = (
        select(model)
        .where(model.status == "published", model.visibility == "public")
        .options(db.joinedload(model.author), db.selectinload(model.terms))
        .order_by(model.published_at.desc(), model.id.desc())
        .limit(FEED_SIZE)
    )
    items = db.session.scalars(stmt).all()
    body = render_template(
        "publishing/feed.xml",
        title=title,
        items=items,
        site=current_app.config["SITE_URL"].rstrip("/"),
        feed_endpoint=feed_endpoint,
        listing_endpoint=listing_endpoint,
        updated=max((atom_date(i.published_at) for i in items), default=atom_date(utcnow())),
        atom_date=atom_date,
    )
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=600"}


@bp.route("/case-studies.atom")
def case_studies_feed():
    """The newest public case studies as Atom."""
    from app.case_studies.models import CaseStudy

    return _feed(CaseStudy, "OHWB Exchange: case studies", "publishing.case_studies_feed", "case_studies.index")


@bp.route("/resources.atom")
def resources_feed():
    """The newest public resources as Atom."""
    from app.resources.models import Resource

    return _feed(Resource, "OHWB Exchange: resources", "publishing.resources_feed", "resources.index")
