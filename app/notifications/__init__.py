"""Notifications: a record per recipient and event, written with its cause; fan-out to followers
after the commit; the header count, the notifications page, email preferences and digests.

Features call `notify(...)` for named recipients and `fan_out(...)` for the followers of
something, inside the transaction of what happened (see app/notifications/services.py).
"""

from app import jobs
from app.notifications import lifecycle  # noqa: F401  (connects the data-export receiver)
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


def link_text():
    from flask_login import current_user

    from app.notifications.counts import unread_count

    count = unread_count(current_user, "notifications")
    return f"Notifications ({count})" if count else "Notifications"
