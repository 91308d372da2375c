"""`flask search …`: apply queued changes, check and rebuild the index, send alerts."""

import time

import click
from flask import current_app
from flask.cli import AppGroup

from app.search.index_service import search

search_cli = AppGroup("search", help="Search index maintenance and alerts.")


@search_cli.command("apply")
@click.option("--watch", is_flag=True, help="Keep applying every second until interrupted.")
def apply_command(watch):
    """Apply queued index changes and pending file text extraction."""
    app = current_app._get_current_object()
    while True:
        applied = search.apply_pending(app)
        extracted = search.run_extractions(app)
        if extracted:
            applied += search.apply_pending(app)
        if not watch:
            click.echo(f"Applied {applied} queued change(s); extracted text from {extracted} file(s).")
            return
        time.sleep(1.0)


@search_cli.command("reindex")
def reindex_command():
    """Rebuild the whole index into a new folder and switch to it (search keeps working)."""
    app = current_app._get_current_object()
    total = search.count_objects(app)
    started = time.perf_counter()
    with click.progressbar(length=total, label="Indexing", show_pos=True) as bar:
        written = search.reindex(app, progress=bar.update)
    seconds = time.perf_counter() - started
    click.echo(f"Indexed {written} document(s) from {total} object(s) in {seconds:.1f} s.")


@search_cli.command("retry-files")
@click.pass_context
def retry_files_command(ctx):
    """Read again, under the current limits, the files whose text is not searchable; then rebuild."""
    from app.extensions import db
    from app.search.extract import forget_unread

    forgotten = forget_unread()
    db.session.commit()
    click.echo(f"Reading {forgotten} file(s) again.")
    ctx.invoke(reindex_command)


@search_cli.command("check")
@click.option("--limit", default=20, show_default=True, help="How many keys to list per problem.")
def check_command(limit):
    """Report documents missing from, stale in, or extra in the index. Exit 1 if any."""
    report = search.check(current_app._get_current_object())
    click.echo(f"Expected {report['expected']} document(s); the index holds {report['indexed']}.")
    problems = 0
    for label in ("missing", "stale", "extra"):
        keys = report[label]
        problems += len(keys)
        click.echo(f"{label.capitalize()}: {len(keys)}")
        for key in keys[:limit]:
            click.echo(f"  {key}")
    if problems:
        click.echo("Run `flask search reindex` to rebuild the index.")
        raise SystemExit(1)
    click.echo("The index matches the database.")


@search_cli.command("send-alerts")
def send_alerts_command():
    """Email members about new matches for their due saved searches (safe to run again)."""
    from app.search.member_searches import send_alerts

    result = send_alerts()
    click.echo(f"Checked {result['checked']} saved search(es); emailed {result['emailed']}; {result['failed']} failed.")
