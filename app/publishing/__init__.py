"""What case studies and resources share: lifecycle, listings with facets, reuse, Atom feeds.

`bp` serves the Atom feeds under /feeds and holds the shared templates (macros, reuse form,
feed, emails); the `content` CLI group sends review reminders.
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


def _latest(limit=3):
    """The newest visible case studies and resources, for the home page (two queries)."""
    from flask_login import current_user
    from sqlalchemy import select

    from app.case_studies.models import CaseStudy
    from app.extensions import db
    from app.publishing.listing import visible
    from app.resources.models import Resource

    return {
        model.kind: db.session.scalars(
            select(model).where(*visible(model, current_user)).order_by(model.published_at.desc()).limit(limit)
        ).all()
        for model in (CaseStudy, Resource)
    }


from app.publishing import export, feeds  # noqa: E402,F401
