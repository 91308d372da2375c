"""The Whoosh search backend: an index folder on this machine's disk (app/search/store.py).

The embedded default (`make run`: SQLite, nothing to install). Several app servers need the
PostgreSQL backend instead (app/search/pg/), which keeps the index in the shared database.
"""

from app.search import engine, indexer


class WhooshBackend:
    """The search service's backend on a Whoosh index folder (see app/search/index_service.py)."""

    name = "whoosh"

    def __init__(self, store):
        self.store = store

    def query(self, request):
        return engine.run(self.store.searcher(), request)

    def apply_pending(self, app, timeout):
        return indexer.apply_pending(self.store, app, timeout)

    def rebuild(self, app, progress=None):
        with app.app_context():
            return indexer.rebuild(self.store, progress=progress, timeout=app.config["SEARCH_WRITER_TIMEOUT"] * 10)

    def check(self, app):
        with app.app_context():
            return indexer.check(self.store)

    def stored(self, key):
        with self.store.index().searcher() as searcher:
            return searcher.document(key=key)

    def ping(self):
        self.store.searcher().doc_count()
        return True
