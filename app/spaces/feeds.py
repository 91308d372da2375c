"""Atom feeds of new threads: one per space and one per topic tag, for open and on-request
spaces only (a private space's feed is a 404, and its threads are in no tag feed), following
app/publishing/feeds.py. Discussions are members' content, so an entry carries the thread's
title, kind, space, reply count and answered state, and links to the thread (which asks the
reader to sign in); never the text of posts or who wrote them."""

import re

from flask import abort, render_template
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.mail import site_url
from app.models_base import utcnow
from app.publishing.feeds import atom_date
from app.spaces.models import Space, Thread
from app.spaces.routes import bp
from app.spaces.services.threads import tag_named

FEED_SIZE = 20
SLUG = re.compile(r"[a-z0-9-]{1,80}")  # never send a NUL or a 5,000-character path to the database


def _listed():
    """Threads anyone may know exist: shown, not merged, outside private spaces."""
    return (
        Thread.hidden_at.is_(None),
        Thread.awaiting_moderation.is_(False),
        Thread.merged_into_id.is_(None),
        or_(Thread.space_id.is_(None), Thread.space.has(Space.join_policy != "private")),
    )


def _threads(*where):
    stmt = (
        select(Thread)
        .options(joinedload(Thread.space), selectinload(Thread.terms))
        .where(*_listed(), *where)
        .order_by(Thread.created_at.desc(), Thread.id.desc())
        .limit(FEED_SIZE)
    )
    return db.session.scalars(stmt).unique().all()


def _atom(title, self_path, page_path, threads):
    body = render_template(
        "spaces/feed.xml",
        title=title,
        self_url=site_url(self_path),
        page_url=site_url(page_path),
        threads=threads,
        site=site_url(),
        updated=max((atom_date(t.created_at) for t in threads), default=atom_date(utcnow())),
        atom_date=atom_date,
    )
    return body, 200, {"Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=600"}


@bp.route("/feeds/spaces/<slug>.atom")
def space_feed(slug):
    """The newest threads of an open or on-request space as Atom; 404 for a private or unknown space."""
    space = db.session.scalar(select(Space).where(Space.slug == slug)) if SLUG.fullmatch(slug) else None
    if space is None or space.is_private:
        abort(404)
    return _atom(
        f"OHWB Exchange: {space.name}",
        f"/feeds/spaces/{space.slug}.atom",
        f"/spaces/{space.slug}",
        _threads(Thread.space_id == space.id),
    )


@bp.route("/feeds/discussions/<tag>.atom")
def tag_feed(tag):
    """The newest threads tagged with a topic, in "Ask the community" and open or on-request
    spaces, as Atom; 404 for an unknown topic."""
    term = tag_named(tag) if SLUG.fullmatch(tag) else None
    if term is None:
        abort(404)
    return _atom(
        f"OHWB Exchange discussions: {term.name}",
        f"/feeds/discussions/{term.slug}.atom",
        f"/ask/?tag={term.slug}",
        _threads(Thread.terms.any(id=term.id)),
    )
