"""Saved items: a member's private list of things to come back to (case studies, resources,
events, profiles, and any kind a feature registers in app/saved/registry.py).

Item pages show the button with `{% from "saved/_button.html" import save_button %}` and
`{{ save_button(kind, item.id) }}`; it asks `saved_state(kind, id)` (one query) per page.
"""

from app.saved import lifecycle  # noqa: F401  (connects the data-export receiver)
from app.saved.routes import bp


@bp.record_once
def _template_helper(state):
    """`saved_state(kind, id)` for templates: None when the visitor cannot save, else True/False."""
    from flask_login import current_user

    from app.auth.access import can_see_members_content
    from app.saved.services import is_saved

    def saved_state(kind, object_id):
        if not can_see_members_content(current_user):
            return None
        return is_saved(current_user, kind, object_id)

    state.app.jinja_env.globals["saved_state"] = saved_state
