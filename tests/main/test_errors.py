"""Error pages: site layout, right status, no stack traces."""

import io

import pytest


def _is_site_page(html):
    return "nhsuk-header" in html and "nhsuk-footer" in html and "Skip to main content" in html


def test_404(client):
    response = client.get("/definitely/not/here")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "Page not found" in html and _is_site_page(html)


def test_403(app, client, auth, make_user):
    from app.auth.decorators import admin_required

    app.add_url_rule("/_test/admin", "test_admin", admin_required(lambda: "secret"))
    auth.login(make_user(role="member"))
    response = client.get("/_test/admin")
    assert response.status_code == 403
    assert "You do not have permission" in response.get_data(as_text=True)
    client.post("/auth/logout")
    auth.login(make_user(role="admin"))
    assert client.get("/_test/admin").get_data(as_text=True) == "secret"


def test_moderator_route_lets_moderators_and_admins_in(app, client, auth, make_user):
    from app.auth.decorators import moderator_required

    app.add_url_rule("/_test/mod", "test_mod", moderator_required(lambda: "queue"))
    assert client.get("/_test/mod").status_code == 302  # anonymous: sign in first
    for role, status in [("member", 403), ("moderator", 200), ("admin", 200)]:
        auth.login(make_user(role=role))
        assert client.get("/_test/mod").status_code == status, role
        client.post("/auth/logout")


def test_400_and_405(client):
    response = client.put("/auth/login")
    assert response.status_code == 405 and _is_site_page(response.get_data(as_text=True))


def test_413_for_a_too_large_request(make_app):
    app = make_app(UPLOAD_MAX_MB=1)
    client = app.test_client()
    with app.app_context():
        response = client.post("/auth/login", data={"file": (io.BytesIO(b"x" * (3 * 1024 * 1024)), "big.pdf")})
        html = response.get_data(as_text=True)
        assert response.status_code == 413 and "The file is too large" in html and "1 MB" in html


def test_500_shows_no_stack_trace(app, client):
    def broken():
        raise RuntimeError("secret internal detail")

    app.add_url_rule("/_test/broken", "test_broken", broken)
    response = client.get("/_test/broken")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html and _is_site_page(html)
    assert "secret internal detail" not in html and "Traceback" not in html


@pytest.mark.parametrize("status", [400, 403, 404, 413, 429, 500])
def test_every_error_page_renders_in_the_layout(app, client, status):
    from flask import abort

    app.add_url_rule(f"/_test/abort/{status}", f"abort_{status}", lambda: abort(status))
    response = client.get(f"/_test/abort/{status}")
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert _is_site_page(html) and "<h1>" in html


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["status"] == 404
