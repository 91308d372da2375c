"""Behind a reverse proxy: the client's address and scheme come from the proxy's headers only when
TRUSTED_PROXY_COUNT says how many proxies to trust; otherwise those headers are ignored."""

import pytest
from flask import request

from app.extensions import limiter

FORWARDED_FROM = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "ohwb.example"}


def _seen_by(app):
    """A probe route that answers what the app believes about the request."""
    app.add_url_rule("/_probe", "probe", lambda: f"{request.remote_addr} {request.scheme} {request.host}")
    return app.test_client()


def test_forwarded_headers_are_ignored_without_trusted_proxies(make_app):
    client = _seen_by(make_app())
    assert client.get("/_probe", headers=FORWARDED_FROM).get_data(as_text=True) == "127.0.0.1 http localhost"


def test_one_trusted_proxy_gives_the_client_address_scheme_and_host(make_app):
    client = _seen_by(make_app(TRUSTED_PROXY_COUNT=1))
    assert client.get("/_probe", headers=FORWARDED_FROM).get_data(as_text=True) == "203.0.113.7 https ohwb.example"
    # With two addresses, the one the trusted proxy appended is used, not the one the client sent.
    spoofed = dict(FORWARDED_FROM, **{"X-Forwarded-For": "10.9.9.9, 198.51.100.4"})
    assert client.get("/_probe", headers=spoofed).get_data(as_text=True).startswith("198.51.100.4 ")


def _sign_in_attempts(client, address):
    return [
        client.post(
            "/auth/login", data={"email": "x@nhs.net", "password": "nope"}, headers={"X-Forwarded-For": address}
        ).status_code
        for _ in range(3)
    ]


def test_behind_a_proxy_each_client_has_its_own_sign_in_limit(make_app):
    app = make_app(TRUSTED_PROXY_COUNT=1, LOGIN_RATE_LIMIT="2 per minute")
    limiter.reset()
    client = app.test_client()
    with app.app_context():
        assert _sign_in_attempts(client, "203.0.113.7") == [400, 400, 429]
        assert _sign_in_attempts(client, "203.0.113.8") == [400, 400, 429]
    limiter.reset()


def test_without_trusting_the_proxy_forged_addresses_do_not_escape_the_limit(make_app):
    app = make_app(LOGIN_RATE_LIMIT="2 per minute")
    limiter.reset()
    client = app.test_client()
    with app.app_context():
        assert _sign_in_attempts(client, "203.0.113.7") == [400, 400, 429]
        assert _sign_in_attempts(client, "203.0.113.8") == [429, 429, 429]
    limiter.reset()


def test_a_negative_proxy_count_stops_the_app_from_starting(make_app):
    with pytest.raises(RuntimeError, match="TRUSTED_PROXY_COUNT"):
        make_app(TRUSTED_PROXY_COUNT=-1)
