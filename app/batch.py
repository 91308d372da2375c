"""Scheduled jobs take their items one at a time, so one bad row never starves the rest.

Each item runs inside its own savepoint: if it raises, its writes and the emails it queued
are rolled back, the failure is logged with the item, and the job carries on with the next.
A database that is locked or gone is not an item's fault, so that error still ends the job
(the SQLite lock retry in the events package depends on seeing it).
"""

import logging
from dataclasses import dataclass

from sqlalchemy import inspect
from sqlalchemy.exc import NoInspectionAvailable, OperationalError

from app.extensions import db

log = logging.getLogger("ohwb.batch")


@dataclass
class Tally:
    """How a job went: items done (e.g. emails queued), skipped and failed."""

    done: int = 0
    skipped: int = 0
    failed: int = 0


def describe(item):
    """A mapped row as "Model (id,)" without loading anything; anything else as its repr."""
    try:
        identity = inspect(item).identity
    except NoInspectionAvailable:
        return repr(item)
    return f"{type(item).__name__} {identity}"


def run_each(items, handle, job, tally=None):
    """Call `handle(item)` for each item in its own savepoint; a truthy result counts as done."""
    tally = tally if tally is not None else Tally()
    for item in items:
        try:
            with db.session.begin_nested():
                handled = handle(item)
        except OperationalError:
            raise
        except Exception:
            log.exception("%s: %s failed; carrying on with the rest", job, describe(item))
            tally.failed += 1
            continue
        if handled:
            tally.done += 1
        else:
            tally.skipped += 1
    return tally
