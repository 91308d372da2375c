"""What publishable content types share: lifecycle, listings with facets, reuse, Atom feeds.

Types join through `app.publishing.registry`; this package never imports them. `bp` serves
one Atom feed per registered type under /feeds and holds the shared templates (macros,
reuse form, feed, emails); the `content` CLI group sends review reminders.
"""

from flask import Blueprint

bp = Blueprint("publishing", __name__, template_folder="templates")


@bp.record_once
def _template_helpers(state):
    """Helpers the shared listing and detail templates call."""
    from app.publishing.listing import page_links, sort_links
    from app.publishing.models import STATUSES

    state.app.jinja_env.globals.update(STATUSES=STATUSES, sort_links=sort_links, page_links=page_links)
    state.app.extensions.setdefault("home_sections", []).append("publishing/_home.html")
    state.app.jinja_env.globals["latest_knowledge"] = _latest
    # Features append templates here to add a panel to every item's page (shown with the owner's panel).
    state.app.jinja_env.globals["item_panels"] = state.app.extensions.setdefault("item_panels", [])


@bp.record_once
def _feed_routes(state):
    """One feed per registered type, added when the blueprint is registered on the app."""
    from app.publishing.feeds import add_feed_routes

    add_feed_routes(state)


def _latest(limit=3):
    """(type, newest visible items) for each registered type that has any, for the home page."""
    from flask_login import current_user
    from sqlalchemy import select

    from app.extensions import db
    from app.publishing.listing import visible
    from app.publishing.registry import types

    latest = []
    for publishable in types():
        model = publishable.model
        stmt = select(model).where(*visible(model, current_user)).order_by(model.published_at.desc()).limit(limit)
        latest.append((publishable, db.session.scalars(stmt).all()))
    return latest if any(items for _type, items in latest) else []


from app.publishing import export  # noqa: E402,F401  (connects the data-export receiver)
