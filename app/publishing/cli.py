"""`flask content review-reminders`: email the authors of items past their review date.

The same work is the periodic job `content-review-reminders` (app/jobs.py), which `flask
worker` runs every Monday morning when REDIS_URL is set.
"""

import click
from flask.cli import AppGroup

from app import jobs

content_cli = AppGroup("content", help="Case studies and resources.")


def review_reminders_job():
    """Job: remind the authors of every registered type's overdue items (idempotent)."""
    from app.publishing.registry import models
    from app.publishing.services import send_review_reminders

    return send_review_reminders(models())


jobs.periodic("content-review-reminders", review_reminders_job, cron="0 6 * * 1")


@content_cli.command("review-reminders")
def review_reminders():
    """Email authors whose published items (of every registered type) are overdue for review."""
    from app.publishing.registry import models
    from app.publishing.services import send_review_reminders

    tally = send_review_reminders(models())
    click.echo(f"Sent {tally.done} review reminder{'s' if tally.done != 1 else ''}; {tally.failed} failed.")
