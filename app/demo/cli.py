"""`flask seed demo`: fill the site with realistic, deterministic demo content."""

import click
from flask import current_app
from flask.cli import AppGroup

from app.demo.registry import rng_for
from app.extensions import db

seed_cli = AppGroup("seed", help="Load demo data.")


@seed_cli.command("demo")
@click.option("--force", is_flag=True, help="Allow seeding when FLASK_CONFIG is production.")
@click.option(
    "--scale",
    type=click.IntRange(min=1),
    default=None,
    help="Then grow case studies, resources, events, threads and profiles to this many each (load tests).",
)
def seed_demo(force, scale):
    """Create demo users and content. Safe to run again: existing items are left alone."""
    from app.demo.steps import STEPS

    if current_app.config.get("SESSION_COOKIE_SECURE") and not force:
        raise click.UsageError(
            "This looks like production. Demo data is for development; pass --force to insert it anyway."
        )
    for step in STEPS:
        items = list(step.plan(rng_for(step.name)))
        created = 0
        with click.progressbar(items, label=f"{step.name:<20}", show_pos=True) as bar:
            for item in bar:
                created += 1 if step.apply(item) else 0
        db.session.commit()
        click.echo(f"  {step.name}: {created} created, {len(items) - created} already there")
    if scale:
        from app.demo.scale import scale_demo
        from app.search.index_service import search

        if scale_demo(scale):
            click.echo("Rebuilding the search index once for the added rows...")
            click.echo(f"  {search.reindex(current_app._get_current_object())} documents indexed")
