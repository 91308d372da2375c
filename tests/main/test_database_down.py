"""The database out of reach: an NHS-styled 503 page with Retry-After and no stack trace, and the
app back by itself once the database answers again (the shared PostgreSQL is never stopped:
the app is pointed at a closed port, or at a TCP relay this test cuts and restores)."""

import socket
import threading
import time

import pytest
from sqlalchemy.engine import make_url

from app import create_app
from config import TestingConfig

CLOSED = "postgresql+psycopg://postgres@127.0.0.1:1/ohwb"  # nothing listens on port 1


def _is_site_page(html):
    return "nhsuk-header" in html and "nhsuk-footer" in html and "Skip to main content" in html


def unreachable_app(folder, **overrides):
    """An app whose database does not answer (its own folders under `folder`)."""
    config = {
        "SQLALCHEMY_DATABASE_URI": CLOSED,
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "OUTBOX_DIR": str(folder / "outbox"),
    }
    return create_app(TestingConfig, overrides={**config, **overrides})


@pytest.fixture
def unreachable(tmp_path):
    return unreachable_app(tmp_path, WTF_CSRF_ENABLED=False)


def test_pages_say_the_service_is_unavailable_and_when_to_come_back(unreachable, caplog):
    response = unreachable.test_client().get("/case-studies/")
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "10"
    assert "Sorry, the service is unavailable" in html and "Try again in a minute" in html and _is_site_page(html)
    assert "Traceback" not in html and "OperationalError" not in html and "127.0.0.1" not in html
    assert "Database unreachable on GET /case-studies/" in caplog.text


def test_a_form_sent_while_the_database_is_down_says_nothing_was_saved(unreachable):
    response = unreachable.test_client().post("/auth/login", data={"email": "a@nhs.net", "password": "x" * 12})
    assert response.status_code == 503
    assert "Nothing you entered on this page has been saved" in response.get_data(as_text=True)


def test_a_signed_in_member_gets_the_page_too(unreachable):
    client = unreachable.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:token"
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 503 and _is_site_page(html) and "Sign in" in html


def test_callers_wanting_json_get_json(unreachable):
    response = unreachable.test_client().get("/case-studies/", headers={"Accept": "application/json"})
    assert response.status_code == 503 and response.json["error"] == "Sorry, the service is unavailable"


def test_other_database_errors_stay_500(app, client):
    from sqlalchemy import text

    from app.extensions import db

    app.add_url_rule("/_test/bad-sql", "bad_sql", lambda: str(db.session.execute(text("SELECT * FROM nowhere"))))
    response = client.get("/_test/bad-sql")
    assert response.status_code == 500 and "Retry-After" not in response.headers


class Relay:
    """A TCP relay to the database that a test can cut (every connection dropped, the port
    closed) and restore on the same port."""

    def __init__(self, host, port):
        self.target = (host, port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.sockets, self.listener = [], None

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() waiting in its thread
        self.listener.close()
        for end in self.sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
                end.close()
            except OSError:
                pass
        self.sockets = []


@pytest.fixture
def relay(database_url):
    """A relay to the test database (requested before make_app, so it outlives the app's cleanup)."""
    url = make_url(database_url)
    if not url.drivername.startswith("postgresql"):
        pytest.skip("a relay to a database server needs PostgreSQL (SQLite has no connection to cut)")
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    relay.start()
    relay.url = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    yield relay
    relay.cut()


def test_the_app_recovers_by_itself_when_the_database_returns(relay, make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI=relay.url)
    client = app.test_client()
    assert client.get("/case-studies/").status_code == 200

    relay.cut()
    # A list already rendered may still come from the shared cache; one never asked for needs
    # the database (the list renders only its own arguments' query strings from the cache).
    down = client.get("/case-studies/?down=1")
    assert down.status_code == 503 and "Sorry, the service is unavailable" in down.get_data(as_text=True)
    assert client.get("/case-studies/?down=2").status_code == 503  # and again, not a stale connection's one-off

    relay.start()
    back = time.monotonic()
    assert client.get("/case-studies/?back=1").status_code == 200
    assert time.monotonic() - back < 10
