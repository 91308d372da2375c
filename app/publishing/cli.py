"""`flask content review-reminders`: email the authors of items past their review date."""

import click
from flask.cli import AppGroup

content_cli = AppGroup("content", help="Case studies and resources.")


@content_cli.command("review-reminders")
def review_reminders():
    """Email authors whose published items (of every registered type) are overdue for review."""
    from app.publishing.registry import models
    from app.publishing.services import send_review_reminders

    tally = send_review_reminders(models())
    click.echo(f"Sent {tally.done} review reminder{'s' if tally.done != 1 else ''}; {tally.failed} failed.")
