"""Atom feeds of newly published public items, one per registered type, under /feeds."""

import hashlib
from datetime import UTC

from flask import make_response, render_template, request
from sqlalchemy import select

from app.cache import cached_from_tables
from app.extensions import db
from app.mail import site_url
from app.models_base import utcnow
from app.publishing.registry import types
from app.templating import to_london

FEED_SIZE = 20


def atom_date(value):
    """RFC 3339 in UTC, as Atom requires (SQLite hands back naive UTC datetimes)."""
    return to_london(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _feed(model, title, feed_endpoint, listing_endpoint):
    """The feed, built once per data version (shared cache), with an ETag: a reader that has the
    current one gets a 304 and no body."""
    tables = (model.__tablename__, model.term_table.name, "taxonomy_term", "user_account", "practitioner_profile")
    body = cached_from_tables(
        "feed", tables, (feed_endpoint, site_url()), lambda: _feed_body(model, title, feed_endpoint, listing_endpoint)
    )
    response = make_response(body)
    response.headers.update(
        {"Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=600"}
    )
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    return response.make_conditional(request)


def _feed_body(model, title, feed_endpoint, listing_endpoint):
    stmt = (
        select(model)
        .where(model.status == "published", model.visibility == "public")
        .options(db.joinedload(model.author), db.selectinload(model.terms))
        .order_by(model.published_at.desc(), model.id.desc())
        .limit(FEED_SIZE)
    )
    items = db.session.scalars(stmt).all()
    return render_template(
        "publishing/feed.xml",
        title=title,
        items=items,
        site=site_url(),
        feed_endpoint=feed_endpoint,
        listing_endpoint=listing_endpoint,
        updated=max((atom_date(i.published_at) for i in items), default=atom_date(utcnow())),
        atom_date=atom_date,
    )


def _feed_view(publishable):
    """The view for one type's feed, e.g. /feeds/case-studies.atom (endpoint publishing.case_studies_feed)."""
    endpoint = f"{publishable.blueprint}_feed"

    def feed():
        """The newest public items of this type as Atom."""
        return _feed(
            publishable.model,
            f"OHWB Exchange: {publishable.plural}",
            f"publishing.{endpoint}",
            f"{publishable.blueprint}.index",
        )

    feed.__name__ = endpoint
    return endpoint, feed


def add_feed_routes(state):
    """Add a feed route for every registered type to the publishing blueprint being registered."""
    for publishable in types():
        endpoint, view = _feed_view(publishable)
        state.add_url_rule(f"{publishable.model.url_prefix}.atom", endpoint, view)
