"""Events: find, register, wait, cancel, add to a calendar, get reminders, give feedback.

`bp` serves /events/…; `calendar_bp` serves the personal feed at /calendar/<token>.ics.
CLI commands (`flask events …`) hang off `bp.cli` (see cli.py).
"""

from app.events import (  # noqa: F401
    account,
    cli,
    in_spaces,
    routes_attendees,
    routes_manage,
    routes_member,
    saveable,
    searchable,
)
from app.events.routes import bp, calendar_bp  # noqa: F401


@bp.record_once
def _add_home_section(state):
    from app.events.services.queries import next_booked, upcoming_for_home

    state.app.extensions.setdefault("home_sections", []).append("events/_home_section.html")
    state.app.extensions.setdefault("member_home_sections", []).append("events/_home_booked.html")
    state.app.jinja_env.globals["events_upcoming_for_home"] = upcoming_for_home
    state.app.jinja_env.globals["events_next_booked"] = next_booked
