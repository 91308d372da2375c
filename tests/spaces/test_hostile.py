"""Hostile input: scripts, javascript: links, 100 KB bodies, unicode and NUL characters give
clear errors or safe output, never a 500, and nothing half-written."""

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.spaces.models import Reply, Space, Thread

HOSTILE = [
    "<script>alert('x')</script>",
    "[click](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    "<a href='javascript:alert(1)'>x</a>",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
]


@pytest.fixture
def thread(make_user, make_space, make_thread):
    member = make_user(name="Hostile Tester")
    space = make_space(name="Network", members=[member])
    return make_thread(space, member), member


@pytest.mark.parametrize("body", HOSTILE)
def test_scripts_and_javascript_links_never_reach_the_page(client, auth, thread, body):
    found, member = thread
    auth.login(member)
    assert client.post(f"/threads/{found.id}/replies", data={"body": body}).status_code == 302
    response = client.post("/ask/new", data={"kind": "discussion", "title": body, "body": body})
    assert response.status_code == 302
    for url in (f"/threads/{found.id}", response.headers["Location"], "/ask/"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page and not re.search(r"<[^>]*(onerror=|javascript:|data:text)", page)


def test_a_100_kb_body_is_refused_clearly(client, auth, thread):
    found, member = thread
    auth.login(member)
    big = "a" * 100_000
    response = client.post(f"/threads/{found.id}/replies", data={"body": big})
    assert response.status_code == 400
    assert "Your reply must be 10,000 characters or fewer" in response.get_data(as_text=True)
    response = client.post("/ask/new", data={"kind": "question", "title": "Big", "body": big})
    assert response.status_code == 400 and "20,000 characters or fewer" in response.get_data(as_text=True)
    response = client.post("/spaces/new", data={"name": big, "purpose": big, "join_policy": "open"})
    assert response.status_code == 400 and "Name must be 120 characters or fewer" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Reply)) == 0
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 1


def test_unicode_and_nul_characters(client, auth, thread):
    found, member = thread
    auth.login(member)
    title = "Ménopause 👩‍⚕️ ٣ \u202eevil\x00 title"
    response = client.post(
        "/ask/new", data={"kind": "question", "title": title, "body": "Body\x00 with NUL\u2028and separators"}
    )
    assert response.status_code == 302
    created = db.session.scalar(select(Thread).where(Thread.id != found.id))
    assert "\x00" not in created.title and "\x00" not in created.body_md and "👩‍⚕️" in created.title
    assert client.get(response.headers["Location"]).status_code == 200
    response = client.post("/spaces/new", data={"name": "Ünïcödé \x00 space", "purpose": "x", "join_policy": "open"})
    assert response.status_code == 302
    space = db.session.scalar(select(Space).where(Space.slug != "network"))
    assert space.slug == "unicode-space" and client.get(f"/spaces/{space.slug}").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/spaces/?topic=%00&region=%F0%9F%98%80&policy=x&page=99999999999",
        "/spaces/network?sort=%00&tag=" + "x" * 5000,
        "/ask/?sort=helpful&page=-1",
        "/threads/99999999999",
        "/threads/1%00",
        "/spaces/%00",
    ],
)
def test_odd_addresses_are_never_a_500(client, auth, thread, url):
    _found, member = thread
    auth.login(member)
    assert client.get(url).status_code in (200, 404)


def test_odd_form_values_are_clear_errors(client, auth, thread):
    found, member = thread
    auth.login(member)
    response = client.post("/ask/new", data={"kind": "poll", "title": "x", "body": "y", "topics": ["abc", "-1"]})
    assert response.status_code == 400
    response = client.post(f"/threads/{found.id}/replies", data={"body": "ok", "quote": "999999999999"})
    assert response.status_code == 302  # an odd quote id is ignored
    response = client.post(f"/threads/{found.id}/replies", data={"body": "ok", "quote": "2147483647"})
    assert response.status_code == 400 and "no longer available" in response.get_data(as_text=True)
