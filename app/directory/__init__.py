"""Practitioner directory: opt-in profiles with per-field privacy, finding peers, connections,
mentoring, blocking and reports. Messages live in the inbox; the directory says who can be
written to (messaging.py) and sends its old contact addresses there."""

from app.directory import (  # noqa: F401
    cleanup,
    followable,
    member_facts,
    messaging,
    onboarding,
    routes_contact,
    routes_network,
    routes_profile,
    saveable,
    searchable,
)
from app.directory.routes import bp
from app.directory.services import export  # noqa: F401  (connects the data-export receiver)


@bp.record_once
def _home_section(state):
    """Add 'Find peers' to the home page; its one count query runs only when the home page renders."""
    from app.directory.services.finder import summary

    state.app.extensions.setdefault("home_sections", []).append("directory/_home.html")
    state.app.extensions.setdefault("member_home_sections", []).append("directory/_home_peers.html")
    state.app.jinja_env.globals["directory_summary"] = summary
    state.app.jinja_env.globals["directory_peers_for"] = peers_for_home


def peers_for_home(user, limit=3):
    """Up to `limit` suggested peers for the member's home page (none before they have a profile)."""
    from app.directory.services.peers import suggestions
    from app.directory.services.profiles import own_profile

    mine = own_profile(user)
    return suggestions(user, mine, limit=limit) if mine is not None else []
