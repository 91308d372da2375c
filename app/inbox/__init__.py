"""Private conversations between members (the inbox): start one from a profile, reply, leave,
share an email address if you choose, report to moderators. Signed-in members see "Inbox" in
the header with the number of conversations that have something new."""

from app.inbox import lifecycle  # noqa: F401  (connects the deletion and export receivers)
from app.inbox.routes import bp


@bp.record_once
def _header_link(state):
    """The header's "Inbox" link for verified members; its text (with the count) is a per-request slot."""
    from app.auth.access import can_see_members_content
    from app.chrome import register_header_link
    from app.inbox.services import inbox_link_text

    register_header_link(state.app, "inbox", "inbox.index", can_see_members_content, inbox_link_text)
