"""The security baseline: headers, CSRF on every state change, production settings."""

import re

import pytest

from app import create_app
from config import ProductionConfig


def test_security_headers_on_every_response(client):
    for path in ["/", "/auth/login", "/no-such-page", "/healthz", "/static/css/app.css"]:
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        script_src = re.search(r"script-src ([^;]+)", csp).group(1).split()
        assert all(source == "'self'" or source.startswith("'sha256-") for source in script_src)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_except_the_hashed_one(client):
    html = client.get("/").get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    assert len(inline) == 1 and "js-enabled" in inline[0]
    assert " style=" not in html and "<style" not in html
    assert "https://" not in re.sub(r'xmlns="http://www.w3.org/2000/svg"', "", html.split("<body")[0])


# RFC 8058 one-click unsubscribe: mail clients POST without a form, so the route takes no CSRF
# token and acts only on a valid signed token in its address.
ONE_CLICK = {"notifications.unsubscribe"}


def test_every_post_route_rejects_a_missing_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.test_request_context():
        from flask import url_for

        checked = 0
        for rule in app.url_map.iter_rules():
            if "POST" not in rule.methods or rule.endpoint == "static":
                continue
            url = url_for(rule.endpoint, **{arg: "1" for arg in rule.arguments})
            response = client.post(url, data={"anything": "x"})
            assert response.status_code == 400, f"{rule.rule} accepted a POST without a CSRF token"
            if rule.endpoint in ONE_CLICK:  # the signed token in the address is the only authority
                assert "unsubscribe link is not valid" in response.get_data(as_text=True)
                continue
            assert "form has expired" in response.get_data(as_text=True)
            checked += 1
    assert checked >= 8


def test_csrf_token_makes_the_form_work(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make_user()
        client = app.test_client()
        page = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(
            "/auth/login", data={"email": user.email, "password": "correct horse battery", "csrf_token": token}
        )
        assert response.status_code == 302


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, overrides={"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_cookies_are_secure(tmp_path):
    app = create_app(
        ProductionConfig,
        overrides={"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SEARCH_INDEX_DIR": str(tmp_path)},
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["REMEMBER_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax" and app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_DURATION"].days == 14
    assert not app.debug
    response = app.test_client().get("/accessibility")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_passwords_are_hashed_with_scrypt(make_user):
    user = make_user()
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password("correct horse battery") and not user.check_password("Correct horse battery")


def test_production_uses_full_strength_scrypt():
    assert ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"


def test_default_pages_use_the_stylesheet_without_remote_fonts(client):
    """Arial by default: font-src is the site's own origin and the stylesheet declares no @font-face."""
    response = client.get("/")
    assert "font-src 'self';" in response.headers["Content-Security-Policy"]
    assert "assets.nhs.uk" not in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    assert "nhsuk/nhsuk-frontend.min.css" in html and "nhsuk-frontend-fonts" not in html
    css = client.get("/static/nhsuk/nhsuk-frontend.min.css")
    assert css.status_code == 200
    text = css.get_data(as_text=True)
    assert "@font-face" not in text and "assets.nhs.uk" not in text
    assert "html{font-family:arial,sans-serif}" in text


def test_nhs_fonts_setting_serves_frutiger_and_allows_exactly_its_origin(make_app):
    app = make_app(NHS_FONTS=True)
    response = app.test_client().get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "font-src 'self' https://assets.nhs.uk;" in csp
    assert csp.count("assets.nhs.uk") == 1
    html = response.get_data(as_text=True)
    assert "nhsuk/nhsuk-frontend-fonts.min.css" in html
    assert "assets.nhs.uk/fonts" in app.test_client().get("/static/nhsuk/nhsuk-frontend-fonts.min.css").get_data(
        as_text=True
    )
