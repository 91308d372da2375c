"""Shared fixtures: an app per test on a migrated database, clients, users, the outbox.

The schema is built once per run with the real migrations (SQLite file by default, or
PostgreSQL when TEST_DATABASE_URL is set). After each test every table is emptied except
those whose rows come from migrations (marked `info={"seeded": True}`).
"""

import email
import email.policy
import os
import re
from pathlib import Path

import pytest
from flask import has_app_context, has_request_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db, limiter
from config import TestingConfig, normalise_database_url

DEFAULT_PASSWORD = "correct horse battery"


def _database_url(tmp_root):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return f"sqlite:///{tmp_root / 'test.db'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database migrated to head, empty but for the seeded vocabularies."""
    url = _database_url(tmp_path_factory.mktemp("db"))
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        _empty_tables()  # rows data migrations add for real sites (the starter spaces) are not test data
        db.engine.dispose()
    return url


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (fresh `g` and DB session), as in production,
    even while a test holds an app context open to query the database."""

    def run_wsgi_app(self, environ, buffered=False):
        """Only the WSGI call runs in the request's app context: a streamed body is read after
        that context has ended, as a real server reads it."""
        application = self.application

        def isolated(environ, start_response):
            with application.app_context():
                return application(environ, start_response)

        self.application = isolated
        try:
            return super().run_wsgi_app(environ, buffered=buffered)
        finally:
            self.application = application

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # the test then reads what the request wrote
        return response


@pytest.fixture
def make_app(database_url, tmp_path, request):
    """Factory: a fresh app on the shared database, with config overrides.

    Search uses the backend a deployment on that database gets by default: Whoosh on SQLite,
    PostgreSQL on PostgreSQL. Tests marked `whoosh` (of the index folder itself) get Whoosh.
    """
    created = []
    backend = "whoosh" if request.node.get_closest_marker("whoosh") else ""

    def factory(**overrides):
        config = {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "search_index"),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "WTF_CSRF_ENABLED": False,
            "SEARCH_BACKEND": backend,
        }
        config.update(overrides)
        app = create_app(TestingConfig, overrides=config)
        app.test_client_class = IsolatedClient
        created.append(app)
        return app

    yield factory
    for app in created:
        with app.app_context():
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


def _empty_tables():
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if not table.info.get("seeded"):
                conn.execute(table.delete())


@pytest.fixture
def app(make_app):
    """The app under test, with an application context pushed."""
    application = make_app()
    limiter.reset()
    with application.app_context():
        yield application
        db.session.remove()
        # A request context left pushed would be every later test's request (its user, its
        # query counter): use `with app.test_request_context():` instead of push().
        assert not has_request_context(), "the test left a request context pushed"


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Factory: a saved account (verified member by default) with DEFAULT_PASSWORD."""
    from app.auth.models import User, utcnow

    counter = {"n": 0}

    def factory(role="member", verified=True, email=None, name=None, password=DEFAULT_PASSWORD, **fields):
        counter["n"] += 1
        n = counter["n"]
        user = User(
            email=email or f"user{n}@nhs.net",
            name=name or f"Test User {n}",
            organisation=fields.pop("organisation", "Test NHS Trust"),
            job_role=fields.pop("job_role", "OH nurse"),
            role=role,
            email_verified_at=utcnow() if verified else None,
            **fields,
        )
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    return factory


class AuthActions:
    """Sign in and out through the real forms (flaskr style)."""

    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password=DEFAULT_PASSWORD, remember=False, follow=False):
        email_address = getattr(user_or_email, "email", user_or_email)
        data = {"email": email_address, "password": password}
        if remember:
            data["remember"] = "y"
        return self._client.post("/auth/login", data=data, follow_redirects=follow)

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


class Mailbox:
    """The .eml files the app wrote to its outbox, parsed."""

    def __init__(self, folder):
        self.folder = Path(folder)

    @property
    def messages(self):
        if not self.folder.exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]

    def last(self, address=None):
        found = self.to(address) if address else self.messages
        assert found, f"no email sent{' to ' + address if address else ''}"
        return found[-1]

    @staticmethod
    def body(message):
        return message.get_body(preferencelist=("plain",)).get_content()

    def link(self, message, pattern=r"https?://\S+"):
        """The first link in the message, as a path the test client can open."""
        match = re.search(pattern, self.body(message))
        assert match, "no link in the email"
        return re.sub(r"^https?://[^/]+", "", match.group(0))


@pytest.fixture
def mailbox(app):
    return Mailbox(app.config["OUTBOX_DIR"])


def pytest_terminal_summary(terminalreporter):
    """Say plainly when the browser tier did not run."""
    from tests.browser.conftest import SKIP_REASON, chromium_available

    if not chromium_available():
        terminalreporter.write_line(f"NOTE: {SKIP_REASON}", yellow=True, bold=True)
