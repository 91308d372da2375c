"""/healthz: 200 when the database and the search index answer, 503 otherwise."""

from sqlalchemy.exc import OperationalError


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "checks": {"database": "ok", "search_index": "ok"},
        "search_backend": "whoosh",
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
