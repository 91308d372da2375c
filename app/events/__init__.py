"""Events: find, register, wait, cancel, add to a calendar, get reminders, give feedback.

`bp` serves /events/…; `calendar_bp` serves the personal feed at /calendar/<token>.ics.
CLI commands (`flask events …`) hang off `bp.cli` (see cli.py).
"""

from flask import Blueprint

bp = Blueprint(
    "events",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
    cli_group="events",
)
calendar_bp = Blueprint("calendar", __name__)


@bp.record_once
def _add_home_section(state):
    from app.events.services.queries import upcoming_for_home

    state.app.extensions.setdefault("home_sections", []).append("events/_home_section.html")
    state.app.jinja_env.globals["events_upcoming_for_home"] = upcoming_for_home


from app.events import (  # noqa: E402,F401
    account,
    cli,
    routes,
    routes_attendees,
    routes_manage,
    routes_member,
    searchable,
)
