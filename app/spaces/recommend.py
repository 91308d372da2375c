"""Resources and case studies a space's managers recommend: adding by the item's address,
removing, and the cards the space page shows. Items are found through the publishing registry
(app.publishing.registry), so the spaces feature imports neither resources nor case studies;
only published items are recommended or shown."""

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.publishing.registry import types
from app.spaces.recommend_models import SpaceRecommendation
from app.web import UserError

MAX_RECOMMENDATIONS = 12
SLUG = re.compile(r"[a-z0-9-]{1,140}")


@dataclass
class RecommendedCard:
    """A recommended item as the space page shows it."""

    recommendation_id: int
    label: str
    title: str
    url: str
    summary: str
    note: str
    members_only: bool


def _path(address):
    """The path of a site address, full ("https://host/resources/x?y") or not ("/resources/x")."""
    text = (address or "").strip()
    if "://" in text:
        text = text.split("://", 1)[1]
        text = "/" + text.split("/", 1)[1] if "/" in text else "/"
    return text.split("?", 1)[0].split("#", 1)[0]


def resolve(address):
    """(kind, item) for the address of a published resource or case study, or a UserError."""
    parts = [part for part in _path(address).split("/") if part]
    slug_ok = len(parts) == 2 and SLUG.fullmatch(parts[1]) is not None  # nothing odd reaches the database
    for publishable in types():
        model = publishable.model
        if slug_ok and "/" + parts[0] == model.url_prefix:
            item = db.session.scalar(select(model).where(model.slug == parts[1]))
            if item is not None and item.status == "published":
                return publishable.kind, item
    raise UserError(
        "Enter the address of a published resource or case study on OHWB Exchange, "
        "for example /resources/menopause-policy-template",
        field="address",
    )


def add_recommendation(space, user, address, note):
    """Recommend the item at `address` in `space`; refuses duplicates and more than the maximum."""
    kind, item = resolve(address)
    stmt = select(SpaceRecommendation.id).where(SpaceRecommendation.space_id == space.id)
    existing = db.session.scalars(stmt).all()
    if len(existing) >= MAX_RECOMMENDATIONS:
        raise UserError(f"A space can recommend up to {MAX_RECOMMENDATIONS} items. Remove one first", field="address")
    recommendation = SpaceRecommendation(
        space_id=space.id, kind=kind, object_id=item.id, note=note or "", added_by_id=user.id
    )
    db.session.add(recommendation)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise UserError(f"“{item.title}” is already recommended in this space", field="address") from None
    return item


def remove_recommendation(space, recommendation_id):
    """Take a recommendation away; None when the space has no such recommendation."""
    recommendation = db.session.get(SpaceRecommendation, recommendation_id)
    if recommendation is None or recommendation.space_id != space.id:
        return None
    db.session.delete(recommendation)
    db.session.commit()
    return recommendation


def recommended_cards(space):
    """The space's recommendations that are still published, newest first: one query per type."""
    stmt = (
        select(SpaceRecommendation)
        .where(SpaceRecommendation.space_id == space.id)
        .order_by(SpaceRecommendation.created_at.desc(), SpaceRecommendation.id.desc())
        .limit(MAX_RECOMMENDATIONS)
    )
    recommendations = db.session.scalars(stmt).all()
    items = {}
    for publishable in types():
        model = publishable.model
        ids = [r.object_id for r in recommendations if r.kind == publishable.kind]
        if ids:
            found = db.session.scalars(select(model).where(model.id.in_(ids), model.status == "published"))
            items.update({(publishable.kind, item.id): item for item in found})
    cards = []
    for recommendation in recommendations:
        item = items.get((recommendation.kind, recommendation.object_id))
        if item is None:
            continue  # archived or deleted since: no card, and no broken link
        cards.append(
            RecommendedCard(
                recommendation_id=recommendation.id,
                label=item.label.capitalize(),
                title=item.title,
                url=f"{item.url_prefix}/{item.slug}",
                summary=item.summary,
                note=recommendation.note,
                members_only=item.visibility != "public",
            )
        )
    return cards
