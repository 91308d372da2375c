"""Notifications: a record per recipient and event, written with its cause; fan-out to followers
after the commit; the header count, the notifications page, email preferences and digests.

Features call `notify(...)` for named recipients and `fan_out(...)` for the followers of
something, inside the transaction of what happened (see app/notifications/services.py).
"""

from app import jobs
from app.notifications import content, lifecycle  # noqa: F401  (connect the content and data-export receivers)
from app.notifications.routes import bp
from app.notifications.services import fan_out, notify, register_audience  # noqa: F401

jobs.periodic("notification-fanouts", "app.notifications.services.resume_fanouts", interval=300)
jobs.periodic("digest-daily", "app.notifications.digests.send_daily_digests", cron="0 7 * * *")
jobs.periodic("digest-weekly", "app.notifications.digests.send_weekly_digests", cron="0 7 * * 1")


@bp.record_once
def _header_link(state):
    """The header's "Notifications (N)" link for verified members; the count is a per-request slot,
    read in the same query as the inbox's (app/notifications/counts.py)."""
    from app.auth.access import can_see_members_content
    from app.chrome import register_header_link

    register_header_link(state.app, "notifications", "notifications.index", can_see_members_content, link_text)
    # The member's home page leads with what is new in what they follow (one query).
    state.app.extensions.setdefault("member_home_sections", []).insert(0, "notifications/_home.html")
    state.app.jinja_env.globals["notifications_new_since_last_visit"] = new_since_last_visit


NEWS_TYPES = ("new_content", "reply", "answer_accepted", "mention")


def new_since_last_visit(user, limit=5):
    """The member's unread news from what they follow, newest first."""
    from app.notifications.listing import latest_unread

    return latest_unread(user, NEWS_TYPES, limit)


def link_text():
    from flask_login import current_user

    from app.notifications.counts import unread_count

    count = unread_count(current_user, "notifications")
    return f"Notifications ({count})" if count else "Notifications"
