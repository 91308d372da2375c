"""Moderation of case studies, resources and comments: moderators and admins only.

Moderators find their way in from the header ("Moderation (3 waiting)", a link only they get),
from their account page, and from each submitted item's own page, where a panel offers Publish
and Return; each action has a confirmation step.
"""

from app.moderation.routes import bp


@bp.record_once
def _ways_in(state):
    """The header link with the number waiting, the account page's count and the item panel."""
    from app.chrome import register_header_link
    from app.moderation.services import waiting_count, waiting_text

    app = state.app
    register_header_link(app, "moderation", "moderation.index", lambda user: user.is_moderator, waiting_text)
    app.jinja_env.globals["moderation_waiting"] = waiting_count
    app.extensions.setdefault("item_panels", []).append("moderation/_item_panel.html")
