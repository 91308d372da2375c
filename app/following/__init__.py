"""Following: a member follows topics, framework elements, People Promise themes, regions,
spaces, threads and members, and hears about new things in them through notifications.

Item pages show the button with `{% from "following/_button.html" import follow_button %}` and
`{{ follow_button(kind, item.id, title) }}`; it asks `follow_state(kind, id)` (one query).
"""

from app.following import lifecycle  # noqa: F401  (connects the data-export receiver)
from app.following.routes import bp


@bp.record_once
def _setup(state):
    """Register the vocabularies and regions, and offer `follow_state(kind, id)` to templates:
    None when the visitor cannot follow, else (following?, follower count)."""
    from flask_login import current_user

    from app.auth.access import can_see_members_content
    from app.following.services import follow_state as _state
    from app.following.taxonomy import register_taxonomy_kinds

    register_taxonomy_kinds()

    def follow_state(kind, object_id):
        if not can_see_members_content(current_user):
            return None
        return _state(current_user, kind, object_id)

    state.app.jinja_env.globals["follow_state"] = follow_state
