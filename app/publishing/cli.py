"""`flask content review-reminders`: email the authors of items past their review date."""

import click
from flask.cli import with_appcontext


@click.group("content", help="Case studies and resources.")
def content_cli():
    pass


@content_cli.command("review-reminders")
@with_appcontext
def review_reminders():
    """Email authors whose published case studies or resources are overdue for review."""
    from app.case_studies.models import CaseStudy
    from app.publishing.services import send_review_reminders
    from app.resources.models import Resource

    tally = send_review_reminders((CaseStudy, Resource))
    click.echo(f"Sent {tally.done} review reminder{'s' if tally.done != 1 else ''}; {tally.failed} failed.")
