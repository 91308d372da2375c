"""Spaces and discussions: communities of interest and networks, their threads and replies,
and the site-wide "Ask the community" area."""

# Routes and signal receivers; the answers to the shared layer (hooks), threads in search and on
# the Saved page, the getting-started check, Atom feeds, and recommendations with the space
# page's extras (upcoming events, recommended items).
from app.spaces import (  # noqa: F401
    account,
    feeds,
    hooks,
    notify,
    onboarding,
    recommend_routes,
    routes_moderation,
    routes_threads,
    saveable,
    searchable,
)
from app.spaces.routes import bp  # noqa: F401


@bp.record_once
def _member_home(state):
    """The member's home page lists unanswered questions in their spaces."""
    state.app.extensions.setdefault("member_home_sections", []).append("spaces/_home_unanswered.html")
    state.app.jinja_env.globals["spaces_unanswered_for"] = notify.unanswered_in_my_spaces
