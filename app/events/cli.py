"""`flask events …`: jobs for cron. Thin wrappers over services/notifications.py.

Suggested crontab (every one is idempotent):
    * * * * *   flask events send-reminders
    */15 * * * * flask events send-feedback-requests
    30 3 * * *  flask events purge-personal-data
"""

import click

from app.events.routes import bp
from app.events.services import notifications


@bp.cli.command("send-reminders")
def send_reminders():
    """Email confirmed registrants 24 hours and 1 hour before events start (never twice)."""
    counts = notifications.send_reminders()
    click.echo(f"Sent {counts['24h']} 24-hour and {counts['1h']} 1-hour reminders; {counts['failed']} failed.")


@bp.cli.command("send-feedback-requests")
def send_feedback_requests():
    """Ask attendees of events that have ended for feedback (once each)."""
    tally = notifications.send_feedback_requests()
    click.echo(f"Sent {tally.done} feedback requests; {tally.failed} failed.")


@bp.cli.command("purge-personal-data")
def purge_personal_data():
    """Delete access needs given for events that ended more than 30 days ago."""
    click.echo(f"Deleted access needs from {notifications.purge_personal_data()} registrations.")
