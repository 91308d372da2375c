"""`flask notify send-digests --period daily|weekly` and `flask notify resume-fanouts`."""

import click
from flask.cli import AppGroup

from app.notifications import digests, services

notify_cli = AppGroup("notify", help="Notifications: digests and fan-outs.")


@notify_cli.command("send-digests")
@click.option("--period", type=click.Choice(digests.PERIODS), required=True, help="Which digest to send.")
def send_digests_command(period):
    """Email each member their digest for the period (safe to run twice or on several servers)."""
    members, items = digests.send_digests(period)
    click.echo(f"{period} digests: {members} sent, {items} items.")


@notify_cli.command("resume-fanouts")
def resume_fanouts_command():
    """Finish fan-outs that a crash left open."""
    services.resume_fanouts()
    click.echo("Open fan-outs finished.")
