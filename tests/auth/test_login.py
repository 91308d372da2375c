"""Signing in and out, remember-me, throttling and the `next` parameter."""

import pytest

from app.auth.models import User
from app.extensions import db


def test_sign_in_and_out(client, auth, make_user):
    user = make_user(name="Priya Shah")
    response = auth.login(user, follow=True)
    assert response.status_code == 200
    assert "You are signed in as Priya Shah" in response.get_data(as_text=True)
    assert "Sign out" in client.get("/").get_data(as_text=True)
    assert db.session.get(User, user.id).last_login_at is not None
    auth.logout()
    assert client.get("/account/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(client, auth, make_user):
    user = make_user()
    wrong = auth.login(user, password="not the password")
    unknown = auth.login("nobody@nhs.net")
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_email_is_case_insensitive(auth, make_user):
    make_user(email="case@nhs.net")
    assert auth.login("  CASE@NHS.NET ").status_code == 302


def test_signing_out_needs_post(client, auth, make_user):
    auth.login(make_user())
    confirm = client.get("/auth/logout")
    assert confirm.status_code == 200 and "Sign out of OHWB Exchange" in confirm.get_data(as_text=True)
    assert client.get("/account/").status_code == 200  # GET did not sign out


def test_deactivated_account_cannot_sign_in(auth, make_user):
    user = make_user()
    user.is_active_account = False
    db.session.commit()
    assert auth.login(user).status_code == 400


def test_remember_me_cookie_lasts_14_days_and_is_httponly(client, auth, make_user):
    response = auth.login(make_user(), remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember and "SameSite=Lax" in remember
    assert "Max-Age=1209600" in remember or "Expires=" in remember
    session = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session


def test_no_remember_cookie_without_remember_me(auth, make_user):
    response = auth.login(make_user())
    assert not any(c.startswith("remember_token=") for c in response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/\r\nSet-Cookie:x",
        "///evil.example",
        " //evil.example",
    ],
)
def test_next_never_leaves_the_site(client, auth, make_user, target):
    user = make_user()
    response = client.post(
        "/auth/login", query_string={"next": target}, data={"email": user.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/"


def test_next_keeps_a_same_site_path(client, make_user):
    user = make_user()
    response = client.post(
        "/auth/login",
        query_string={"next": "/account/?tab=1"},
        data={"email": user.email, "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/account/?tab=1"


def test_pages_needing_sign_in_send_you_back_after(client, make_user):
    response = client.get("/account/details")
    assert response.status_code == 302
    assert "/auth/login?next=/account/details" in response.headers["Location"]


def test_sign_in_is_throttled_with_a_friendly_429(make_app, make_user):
    app = make_app(LOGIN_RATE_LIMIT="3 per minute")
    from app.extensions import limiter

    limiter.reset()
    client = app.test_client()
    with app.app_context():
        for _ in range(3):
            assert client.post("/auth/login", data={"email": "x@nhs.net", "password": "nope"}).status_code == 400
        blocked = client.post("/auth/login", data={"email": "x@nhs.net", "password": "nope"})
        assert blocked.status_code == 429
        html = blocked.get_data(as_text=True)
        assert "Too many attempts" in html and "nhsuk-header" in html
        assert client.get("/auth/login").status_code == 200  # reading the page is not limited


def _redis_available():
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_throttling_with_redis_storage_is_shared_between_app_instances(make_app):
    """With several workers, the count must be shared: two app instances stand in for two workers."""
    import uuid

    from app.extensions import limiter

    settings = dict(
        LOGIN_RATE_LIMIT="2 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
        RATELIMIT_KEY_PREFIX=uuid.uuid4().hex,
    )
    first = make_app(**settings)
    with first.app_context():
        assert first.test_client().post("/auth/login", data={"email": "r@nhs.net", "password": "x"}).status_code == 400
        assert first.test_client().post("/auth/login", data={"email": "r@nhs.net", "password": "x"}).status_code == 400
    second = make_app(**settings)
    with second.app_context():
        assert second.test_client().post("/auth/login", data={"email": "r@nhs.net", "password": "x"}).status_code == 429
        limiter.reset()
