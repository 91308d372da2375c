"""Breadcrumbs: every page below the home page shows where it sits, as the NHS.UK pattern expects."""

import re

import pytest

CRUMBS = re.compile(r'<nav class="nhsuk-breadcrumb".*?</nav>', re.S)

ANONYMOUS_PAGES = [
    "/search",
    "/search?q=menopause",
    "/auth/register",
    "/auth/login",
    "/auth/reset",
    "/auth/verify/not-a-token",
    "/auth/reset/not-a-token",
    "/accessibility",
    "/privacy",
    "/case-studies/",
    "/resources/",
    "/events/",
]
MEMBER_PAGES = ["/account/", "/account/details", "/account/password", "/account/email", "/search/saved", "/directory/"]


def crumbs(response):
    found = CRUMBS.search(response.get_data(as_text=True))
    assert found, f"{response.request.path}: no breadcrumbs"
    return found.group(0)


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_public_pages_lead_back_home(client, path):
    response = client.get(path)
    assert response.status_code in (200, 400)
    assert 'href="/"' in crumbs(response)


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_pages_lead_back_home(client, auth, make_user, path):
    auth.login(make_user())
    response = client.get(path)
    assert response.status_code == 200
    assert 'href="/"' in crumbs(response)


def test_password_reset_sits_under_sign_in(client):
    assert 'href="/auth/login"' in crumbs(client.get("/auth/reset"))


def test_register_sent_page_has_breadcrumbs(client):
    from tests.auth.test_register import FORM

    response = client.post("/auth/register", data=FORM)
    assert "Check your email" in response.get_data(as_text=True)
    assert 'href="/"' in crumbs(response)


def test_the_home_page_has_none(client):
    assert CRUMBS.search(client.get("/").get_data(as_text=True)) is None
