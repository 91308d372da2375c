"""Retry a whole use case when SQLite reports the database locked by another process.

SQLite lets one writer in at a time. A transaction that read first and then wants to write
can be refused at once ("database is locked") instead of waiting, to avoid a deadlock. The
whole use case is then rolled back (queued emails and uploads go with it) and run again.
PostgreSQL waits on row locks instead, so this never fires there.
"""

import random
import time
from functools import wraps

from sqlalchemy.exc import OperationalError

from app.extensions import db

ATTEMPTS = 60


def _is_lock_error(error):
    text = str(getattr(error, "orig", error)).lower()
    return "database is locked" in text or "database table is locked" in text


def retry_on_lock(function):
    """Run `function` again (after a rollback and a short random pause) while SQLite is locked."""

    @wraps(function)
    def wrapped(*args, **kwargs):
        for attempt in range(ATTEMPTS):
            try:
                return function(*args, **kwargs)
            except OperationalError as error:
                db.session.rollback()
                if not _is_lock_error(error) or attempt == ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.005, 0.05) * (1 + min(attempt, 10) / 2))  # noqa: S311
        raise AssertionError("unreachable")

    return wrapped
