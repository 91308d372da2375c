"""/healthz: 200 when the database and the search index answer, 503 otherwise."""

import pytest
from sqlalchemy.exc import OperationalError


def test_healthy(app, client):

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "checks": {"database": "ok", "search_index": "ok"},
        # Whoosh on SQLite, PostgreSQL's tables on PostgreSQL (the default of each deployment)
        "search_backend": "postgres" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "whoosh",
        "queue": {"backend": "in-process", "depth": 0},
    }


def test_database_down(app, client, monkeypatch):
    from app.extensions import db

    def fail(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", fail)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "failing"


@pytest.mark.whoosh
def test_search_index_unreadable(make_app, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the index folder should be")
    app = make_app(SEARCH_INDEX_DIR=str(blocker / "index"))
    with app.app_context():
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.json["checks"]["search_index"] == "failing"


def test_home_page(client):
    html = client.get("/").get_data(as_text=True)
    assert "OHWB Exchange" in html
    for label in ["Case studies", "Resources", "Events", "Directory"]:
        assert f">{label}</a>" in html
    assert 'action="/search"' in html and "Accessibility statement" in html and "Privacy notice" in html


def test_with_the_queue_on_redis_it_reports_redis_and_the_queue_depth(app, client):
    from tests.jobs.conftest import REDIS_URL, redis_available

    if not redis_available():
        import pytest

        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    from app import jobs
    from tests.jobs.test_queue import record

    app.config["REDIS_URL"] = REDIS_URL
    jobs.queue().empty()
    jobs.enqueue(record, "/dev/null", "waiting")
    try:
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json["checks"] == {"database": "ok", "search_index": "ok", "redis": "ok"}
        assert response.json["queue"] == {"backend": "redis", "depth": 1, "workers": 0}
        assert response.json["status"] == "degraded"  # a job waits and no worker runs it
    finally:
        jobs.queue().empty()


def test_redis_down_degrades_but_pages_are_still_served(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "degraded" and response.json["checks"]["redis"] == "failing"
    assert response.json["queue"] == {"backend": "redis", "depth": None, "workers": None}
    assert "127.0.0.1" not in response.get_data(as_text=True)  # no addresses or settings


def test_database_down_with_redis_is_still_503(app, client, monkeypatch):
    from app.extensions import db

    def fail(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(db.session, "execute", fail)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json["status"] == "unavailable"


def test_an_empty_queue_on_redis_is_ok(app, client):
    from tests.jobs.conftest import REDIS_URL, redis_available

    if not redis_available():
        import pytest

        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    from app import jobs

    app.config["REDIS_URL"] = REDIS_URL
    jobs.queue().empty()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["status"] == "ok"
    assert response.json["queue"]["depth"] == 0
