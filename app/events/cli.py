"""`flask events …`: the periodic jobs of events, and commands to run each by hand.

With REDIS_URL set, `flask worker` schedules them (below, with app/jobs.py). Without it,
run them from cron (every one is idempotent):
    * * * * *   flask events send-reminders
    */15 * * * * flask events send-feedback-requests
    30 3 * * *  flask events purge-personal-data
or all of the site's periodic jobs at once with `flask jobs run-periodic`.
"""

import click

from app import jobs
from app.events.routes import bp
from app.events.services import notifications

jobs.periodic("event-reminders", notifications.send_reminders, interval=60)
jobs.periodic("event-feedback-requests", notifications.send_feedback_requests, cron="*/15 * * * *")
jobs.periodic("event-purge-personal-data", notifications.purge_personal_data, cron="30 3 * * *")


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
