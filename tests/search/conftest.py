"""Search fixtures: a registered test-only type and helpers to add items of it."""

from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from app.extensions import db
from app.search import search
from app.search.pg.writer import LOCK_KEY
from app.search.synonyms import forget
from tests.search.probe import Probe, install, uninstall


@pytest.fixture
def probes(app):
    """Factory: add and commit a searchable Probe (public and published by default)."""
    install()
    forget()

    def factory(title, commit=True, **fields):
        fields.setdefault("date", datetime(2026, 1, 1, tzinfo=UTC))
        probe = Probe(title=title, **fields)
        db.session.add(probe)
        if commit:
            db.session.commit()
        return probe

    yield factory
    db.session.rollback()
    uninstall()


@pytest.fixture
def find(client):
    """GET /search and return (status, text)."""

    def get(query_string="", **params):
        response = client.get("/search" + query_string, query_string=params or None)
        return response.status_code, response.get_data(as_text=True)

    return get


@contextmanager
def writer_held():
    """Another "process" holds the index writer: Whoosh's lock, or the PostgreSQL backend's
    advisory lock (taken on a connection of its own)."""
    if search.backend_name == "whoosh":
        blocker = search.store.writer(timeout=1)
        try:
            yield
        finally:
            blocker.cancel()
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        try:
            yield
        finally:
            connection.rollback()
