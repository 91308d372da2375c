"""The PostgreSQL search backend: documents in `search_document` (a weighted tsvector with a GIN
index, facet values in a text[] with one), kept in step by the same outbox as the Whoosh backend,
searched with the same parsing, visibility and relevance rules.

Chosen when the database is PostgreSQL (or SEARCH_BACKEND=postgres); SEARCH_BACKEND=whoosh
keeps the Whoosh folder. The migration 0022 creates the tables and the pg_trgm extension.
"""

from sqlalchemy import text

from app.extensions import db
from app.search.pg import rebuild as fresh_table
from app.search.pg import search, writer


class PostgresBackend:
    """The search service's backend on PostgreSQL (see app/search/index_service.py)."""

    name = "postgres"

    def query(self, request):
        return search.run(request)

    def apply_pending(self, app, timeout):
        return writer.apply_pending(app, timeout)

    def rebuild(self, app, progress=None):
        with app.app_context():
            return fresh_table.rebuild(progress=progress)

    def check(self, app):
        with app.app_context():
            return writer.check()

    def stored(self, key):
        return writer.stored(key)

    def ping(self):
        db.session.execute(text("SELECT 1 FROM search_document LIMIT 1")).all()
        return True
