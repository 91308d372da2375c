"""SearchService: the one object the rest of the app uses for search.

It picks the backend (backend_name: Whoosh's index folder, see store.py, or PostgreSQL's
tables, see pg/), applies the outbox after commits and at the start
of requests (throttled), runs searches, and offers the rebuild and the consistency check
used by `flask search …`.

With REDIS_URL set (app/jobs.py), a commit that wrote outbox rows enqueues the
`drain_outbox` job instead, text extraction is the `extract_files` job, and the per-request
poll is off: a worker applies the changes, and its periodic `search-drain` job picks up rows
a dead process left behind. Without Redis all of this runs in the web process, as before.
"""

import logging
import threading
import time

from flask import current_app, request

from app import jobs
from app.cache import bump_tables
from app.search import extract
from app.search.store import IndexStore
from app.search.whoosh_backend import WhooshBackend

log = logging.getLogger("ohwb.search")


class SearchService:
    """Owns the index directory; created empty on first use."""

    def __init__(self):
        self.worker = extract.ExtractionWorker()
        self._last_poll = 0.0
        self._poll_lock = threading.Lock()

    def init_app(self, app):
        store = app.extensions["search_store"] = IndexStore(app.config["SEARCH_INDEX_DIR"])
        if backend_name(app) == "postgres":
            from app.search.pg import PostgresBackend

            app.extensions["search_backend"] = PostgresBackend()
        else:
            app.extensions["search_backend"] = WhooshBackend(store)
        app.config.setdefault("SEARCH_WRITER_TIMEOUT", 3.0)
        app.config.setdefault("SEARCH_POLL_SECONDS", 1.0)
        app.extensions["search"] = self
        app.before_request(self._poll_before_request)

    @staticmethod
    def store_for(app=None):
        """The index store of `app` (each app, e.g. in tests, has its own index folder)."""
        return (app or current_app).extensions["search_store"]

    @property
    def store(self):
        return self.store_for()

    @staticmethod
    def backend(app=None):
        """The backend of `app`: WhooshBackend or PostgresBackend (same methods)."""
        return (app or current_app).extensions["search_backend"]

    @property
    def backend_name(self):
        return self.backend().name

    @property
    def directory(self):
        return self.store.root

    # -- health --------------------------------------------------------------------------
    def ping(self):
        """True when the index can be opened and read."""
        try:
            return self.backend().ping()
        except Exception:  # any storage failure means "not healthy"; the reason goes to the log
            log.exception("Search index did not answer")
            return False

    # -- keeping the index in step with the database ----------------------------------------
    def apply_after_commit(self, app):
        """Called after a commit that wrote outbox rows. Never raises into the request."""
        if jobs.using_redis(app):
            jobs.enqueue(drain_outbox)  # falls back to running it here when Redis is down
            return
        try:
            self.apply_pending(app)
        except Exception:  # the rows stay in the outbox; the next apply retries them
            log.exception("Applying search index changes failed; they stay queued")

    def apply_pending(self, app, timeout=None):
        """Apply queued index changes now (if we get the writer), then start text extraction."""
        if timeout is None:
            timeout = app.config["SEARCH_WRITER_TIMEOUT"]
        applied = self.backend(app).apply_pending(app, timeout)
        with app.app_context():
            if extract.pending_jobs():
                if jobs.using_redis(app):
                    jobs.enqueue(extract_files)
                else:
                    self.worker.kick(app)
        return applied

    def _poll_before_request(self):
        """Cheaply, at most once a second per process: apply what a dead process left queued."""
        if request.endpoint in (None, "static", "main.nhsuk_assets"):
            return
        app = current_app._get_current_object()
        interval = app.config["SEARCH_POLL_SECONDS"]
        if interval is None or jobs.using_redis(app):
            return  # switched off (the test suite, whose query counts must not vary), or a worker's job
        now = time.monotonic()
        if now - self._last_poll < interval or not self._poll_lock.acquire(blocking=False):
            return
        try:
            self._last_poll = now
            self.apply_pending(app, timeout=0.05)
        except Exception:  # a failing index must not break unrelated pages
            log.exception("Background search apply failed")
        finally:
            self._poll_lock.release()

    def run_extractions(self, app):
        """Extract text for files waiting for it (also done by the background thread)."""
        return extract.run_jobs(app)

    # -- searching ---------------------------------------------------------------------
    def query(self, search_request):
        """Run a SearchRequest and return a SearchPage."""
        return self.backend().query(search_request)

    # -- maintenance -------------------------------------------------------------------
    def reindex(self, app, progress=None):
        """Rebuild (Whoosh: into a new folder swapped in; PostgreSQL: in one transaction), then
        apply what was queued meanwhile."""
        written = self.backend(app).rebuild(app, progress=progress)
        self.apply_pending(app)
        with app.app_context():
            bump_tables(["search_outbox"])  # cached search pages key on it (app/pagecache.py)
        return written

    def stored(self, key):
        """The stored fields of the document `key` ("<kind>:<id>"), or None: for checks and tests."""
        return self.backend().stored(key)

    def count_objects(self, app):
        from app.search import indexer

        with app.app_context():
            return indexer.count_objects()

    def check(self, app):
        """{'missing': [...], 'stale': [...], 'extra': [...], ...} comparing database and index."""
        return self.backend(app).check(app)


def backend_name(app):
    """ "whoosh" or "postgres": SEARCH_BACKEND when set, else PostgreSQL exactly when the database is."""
    chosen = (app.config.get("SEARCH_BACKEND") or "").strip().lower()
    postgres_db = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    if chosen in ("postgres", "postgresql"):
        if not postgres_db:
            raise RuntimeError("SEARCH_BACKEND=postgres needs a PostgreSQL database (DATABASE_URL).")
        return "postgres"
    if chosen == "whoosh":
        return "whoosh"
    if chosen:
        raise RuntimeError(f"SEARCH_BACKEND must be whoosh or postgres, not {chosen!r}.")
    return "postgres" if postgres_db else "whoosh"


# The one service every process uses; the package re-exports it as `app.search.search`.
search = SearchService()


# -- jobs (app/jobs.py): each idempotent, run by a worker or in this process -----------------


def drain_outbox():
    """Job: apply every queued index change (after a commit, and periodically as a safety net)."""
    app = current_app._get_current_object()
    return search.apply_pending(app, timeout=app.config["SEARCH_WRITER_TIMEOUT"] * 10)


def extract_files():
    """Job: read the text of uploaded files waiting for it, then index it."""
    app = current_app._get_current_object()
    done = 0
    while extracted := search.run_extractions(app):  # each commit queues its re-index
        done += extracted
    return done


jobs.periodic("search-drain", drain_outbox, interval=60)
jobs.periodic("search-extract", extract_files, interval=300)
# Saved-search alerts: each search is emailed when its period (daily, weekly) has passed.
jobs.periodic("search-alerts", "app.search.member_searches.send_alerts", interval=900)
