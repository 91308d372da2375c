"""Whole pages kept per viewer and data version (app/pagecache.py): a page seen again is served
without SQL, yet never to another viewer, never after what it shows changed, never with a
message meant for one request."""

import re

import pytest
from redis.exceptions import RedisError
from sqlalchemy import event, func, select

from app.cache import bump_version
from app.extensions import cache, db
from app.search.models import SearchMiss
from app.spaces.models import Thread
from tests.conftest import AuthActions


def _member(app, make_user, **fields):
    client = app.test_client()
    user = make_user(**fields)
    assert AuthActions(client).login(user).status_code == 302
    client.get("/")  # a browser's first page makes the session's form token (the sign-in page, here)
    return client, user


def _get(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return response


def _statements(app, client, path, **kwargs):
    """(response, SQL statements the request sent)."""
    sent = []

    def record(*args):
        sent.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(path, **kwargs)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return response, sent


def _csrf(html):
    return re.search(r'name="csrf_token" value="([^".]+)', html).group(1)


@pytest.mark.parametrize(
    "path", ["/", "/case-studies/", "/resources/", "/events/", "/directory/", "/search?q=menopause"]
)
def test_a_page_seen_again_is_the_same_page_and_costs_no_sql(app, client, make_case_study, path):
    make_case_study(title="Menopause clinic for staff", visibility="public")
    first = _get(client, path)
    assert first.headers["X-Page-Cache"] == "miss"  # rendered and kept
    again, sent = _statements(app, client, path)
    assert again.status_code == 200 and again.headers["X-Page-Cache"] == "hit"
    assert sent == []
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Security-Policy"] and again.headers["X-Request-ID"]


def test_a_members_page_never_reaches_another_member_or_a_visitor(app, client, make_user, make_case_study):
    alice, alice_user = _member(app, make_user, name="Alice Example")
    bob, _ = _member(app, make_user, name="Bob Example")
    make_case_study(title="Unfinished draft by Alice", status="draft", author=alice_user)
    make_case_study(title="Published for members", visibility="members")

    for _ in range(2):  # the second of Alice's is from the cache
        page = _get(alice, "/case-studies/").get_data(as_text=True)
        assert "Alice Example" in page and "Unfinished draft by Alice" in page
    alice_token = _csrf(page)

    page = _get(bob, "/case-studies/")
    assert page.headers.get("X-Page-Cache") != "hit"
    html = page.get_data(as_text=True)
    assert "Bob Example" in html and "Alice Example" not in html and "Unfinished draft by Alice" not in html
    assert _csrf(html) != alice_token

    visitor = _get(client, "/case-studies/")
    assert visitor.headers.get("X-Page-Cache") != "hit"
    html = visitor.get_data(as_text=True)
    assert "Alice Example" not in html and "Published for members" not in html and alice_token not in html


def test_two_browsers_of_one_member_each_keep_their_own_form_token(app, make_user):
    user = make_user(name="Two Browsers")
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        AuthActions(client).login(user)
        client.get("/")
    one = _get(first, "/").get_data(as_text=True)
    assert _get(first, "/").headers["X-Page-Cache"] == "hit"
    other = _get(second, "/")
    assert other.headers.get("X-Page-Cache") != "hit"
    assert _csrf(other.get_data(as_text=True)) != _csrf(one)


def test_a_change_shows_on_the_next_request(app, client, make_case_study):
    item = make_case_study(title="First title", visibility="public")
    assert "First title" in _get(client, "/case-studies/").get_data(as_text=True)
    assert "First title" in _get(client, f"/case-studies/{item.slug}").get_data(as_text=True)
    item.title = "Second title"
    db.session.commit()
    listed = _get(client, "/case-studies/")
    assert listed.headers.get("X-Page-Cache") != "hit" and "Second title" in listed.get_data(as_text=True)
    assert "Second title" in _get(client, f"/case-studies/{item.slug}").get_data(as_text=True)
    item.status = "draft"
    db.session.commit()
    assert client.get(f"/case-studies/{item.slug}").status_code == 404
    assert "Second title" not in _get(client, "/case-studies/").get_data(as_text=True)


def test_a_new_item_is_found_by_a_search_seen_before(app, client, make_case_study):
    make_case_study(title="Menopause clinic for staff", visibility="public")
    assert "1 result" in _get(client, "/search?q=menopause").get_data(as_text=True)
    make_case_study(title="Menopause café for nurses", visibility="public")
    page = _get(client, "/search?q=menopause")
    assert page.headers.get("X-Page-Cache") != "hit"
    assert "Menopause café for nurses" in page.get_data(as_text=True)


def test_a_search_that_finds_nothing_is_logged_every_time(app, client):
    for _ in range(3):
        assert _get(client, "/search?q=zzyzxnothing").headers.get("X-Page-Cache") is None
    assert db.session.scalar(select(func.count()).select_from(SearchMiss)) == 3


def test_a_flash_message_is_shown_once_and_never_kept(app, make_user, make_case_study):
    item = make_case_study(title="A case study to save", visibility="public")
    member, _ = _member(app, make_user)
    _get(member, f"/case-studies/{item.slug}")
    _get(member, f"/case-studies/{item.slug}")  # kept now
    response = member.post(f"/saved/case_study/{item.id}", data={"next": f"/case-studies/{item.slug}"})
    assert response.status_code == 302
    with_message = _get(member, response.headers["Location"])
    assert with_message.headers.get("X-Page-Cache") is None
    assert "nhsuk-notification-banner" in with_message.get_data(as_text=True)
    after = _get(member, response.headers["Location"])
    assert "nhsuk-notification-banner" not in after.get_data(as_text=True)


def test_a_member_signed_out_elsewhere_or_deactivated_is_not_served_their_page(app, make_user):
    member, user = _member(app, make_user, name="Soon Gone")
    assert "Soon Gone" in _get(member, "/spaces/").get_data(as_text=True)
    assert _get(member, "/spaces/").headers["X-Page-Cache"] == "hit"
    user.is_active_account = False
    db.session.commit()
    response = member.get("/spaces/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_session_used_from_another_browser_is_not_answered_from_the_cache(app, make_user):
    member = app.test_client()
    member.environ_base["HTTP_USER_AGENT"] = "Browser A"
    AuthActions(member).login(make_user())
    member.get("/")
    member.get("/")
    assert _get(member, "/").headers["X-Page-Cache"] == "hit"
    member.environ_base["HTTP_USER_AGENT"] = "Browser B"  # the same cookie, stolen or copied
    assert _get(member, "/").headers.get("X-Page-Cache") != "hit"


def test_a_thread_is_kept_once_read_and_a_new_reply_shows_at_once(
    app, make_user, make_space, make_thread, make_case_study
):
    author = make_user()
    member, user = _member(app, make_user)
    space = make_space(name="Menopause leads", members=[user])
    thread = make_thread(space, author, replies=2)
    for _ in range(2):  # the first view writes the read marker; the second is the page to keep
        _get(member, f"/threads/{thread.id}")
    assert _get(member, f"/threads/{thread.id}").headers["X-Page-Cache"] == "hit"
    assert db.session.get(Thread, thread.id).view_count >= 2
    response = member.post(f"/threads/{thread.id}/replies", data={"body": "A brand new answer"})
    assert response.status_code == 302
    assert "A brand new answer" in _get(member, f"/threads/{thread.id}").get_data(as_text=True)


def test_errors_redirects_and_posts_are_never_kept(app, client, make_user):
    for _ in range(2):
        assert client.get("/case-studies/no-such-item").status_code == 404
        assert client.get("/spaces/").status_code == 302
    assert client.get("/case-studies/no-such-item").headers.get("X-Page-Cache") is None


def test_pages_are_served_when_the_cache_fails(app, client, make_case_study, monkeypatch):
    make_case_study(title="Still here", visibility="public")
    _get(client, "/case-studies/")

    def broken(*args, **kwargs):
        raise RedisError("down")

    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    page = _get(client, "/case-studies/?sort=useful")
    assert "Still here" in page.get_data(as_text=True)


def test_a_change_to_a_cached_part_the_page_used_renders_it_afresh(app, client):
    """The header comes from the cache (no SQL), yet the page depends on it: a new header
    version means a new page."""
    _get(client, "/events/")
    assert _get(client, "/events/").headers["X-Page-Cache"] == "hit"
    with app.test_request_context():
        bump_version("chrome")
    assert _get(client, "/events/").headers.get("X-Page-Cache") != "hit"
