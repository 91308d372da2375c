"""Lists rendered once per data version and shared between viewers (app/publishing/listing.py
`rendered`): one member's private data never reaches another, and a change shows at once."""

import re

from sqlalchemy import event, update

from app.case_studies.models import CaseStudy
from app.extensions import db
from app.publishing.models import UsefulMark
from app.taxonomy.models import Term
from tests.conftest import AuthActions


def _member(app, make_user, **fields):
    """A test client signed in as a new member (verified unless told)."""
    client = app.test_client()
    user = make_user(**fields)
    assert AuthActions(client).login(user).status_code == 302
    return client, user


def _page(client, path="/case-studies/"):
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _csrf(html):
    """The session's CSRF secret in the page's sign-out form (the part before the timestamp)."""
    return re.search(r'name="csrf_token" value="([^".]+)', html).group(1)


def _queries(path, client):
    statements = []

    def record(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        _page(client, path)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return statements


def test_one_members_drafts_and_token_never_reach_another_member_or_a_visitor(app, make_user, make_case_study):
    alice, alice_user = _member(app, make_user, name="Alice Example")
    bob, _ = _member(app, make_user, name="Bob Example")
    make_case_study(title="Unfinished draft by Alice", status="draft", author=alice_user)
    make_case_study(title="Published for members", visibility="members")
    make_case_study(title="Published for everyone", visibility="public")

    first = _page(alice)
    assert "Unfinished draft by Alice" in first and "Published for members" in first
    second = _page(bob)  # the list itself now comes from the cache
    assert "Published for members" in second and "Published for everyone" in second
    assert "Unfinished draft by Alice" not in second and "Your unpublished case studies" not in second
    assert "Alice Example" not in second
    visitor = _page(app.test_client())
    assert "Published for everyone" in visitor
    assert "Published for members" not in visitor and "Unfinished draft by Alice" not in visitor
    # Each session's forms carry that session's CSRF token, never the one of whoever filled the cache.
    assert _csrf(first) != _csrf(second)
    assert _csrf(first) not in visitor and _csrf(second) not in visitor and "csrf_token" not in visitor
    assert _csrf(_page(alice)) == _csrf(first)


def test_an_unverified_member_after_a_verified_one_sees_only_public_items(app, make_user, make_case_study):
    make_case_study(title="Published for members", visibility="members")
    verified, _ = _member(app, make_user)
    assert "Published for members" in _page(verified)
    unverified, _ = _member(app, make_user, verified=False)
    assert "Published for members" not in _page(unverified)
    assert "Published for members" in _page(verified)


def test_the_list_is_built_once_and_again_as_soon_as_anything_it_shows_changes(app, client, make_user, make_case_study):
    item = make_case_study(title="First title", visibility="public")
    assert "First title" in _page(client)
    assert not [s for s in _queries("/case-studies/", client) if "case_study" in s]  # served from the cache

    # A change through the ORM.
    item.title = "Second title"
    db.session.commit()
    assert "Second title" in _page(client) and "First title" not in _page(client)
    # A new item.
    make_case_study(title="A newer case study", visibility="public")
    assert "A newer case study" in _page(client)
    # An UPDATE statement that names no object.
    db.session.execute(update(CaseStudy).where(CaseStudy.id == item.id).values(title="Third title"))
    db.session.commit()
    assert "Third title" in _page(client)
    # A row in another table the list shows: a 'found useful' mark, and a renamed tag.
    marker = make_user()
    db.session.add(UsefulMark(kind="case_study", object_id=item.id, user_id=marker.id))
    db.session.commit()
    assert "1 found useful" in _page(client)
    topic = db.session.scalar(db.select(Term).filter_by(vocabulary="topic", slug="menopause"))
    topic.name = "Menopause at work"
    db.session.commit()
    try:
        assert "Menopause at work (" in _page(client)
    finally:  # the vocabularies outlive each test
        topic.name = "Menopause"
        db.session.commit()
    # Unpublishing takes it off the list at once.
    item.status = "archived"
    db.session.commit()
    assert "Third title" not in _page(client)


def test_each_filter_sort_and_page_is_its_own_entry_and_odd_query_strings_are_not_kept(app, client, make_case_study):
    app.extensions["page_cache"] = (
        False  # the list's own cache, beneath the whole page's (tests/main/test_page_cache.py)
    )
    make_case_study(title="About the menopause", visibility="public", topics=("menopause",))
    make_case_study(title="About musculoskeletal health", visibility="public", topics=("musculoskeletal-health",))
    assert "About musculoskeletal health" in _page(client)
    filtered = _page(client, "/case-studies/?topic=menopause")
    assert "About the menopause" in filtered and "About musculoskeletal health" not in filtered
    assert "About musculoskeletal health" in _page(client, "/case-studies/?sort=useful")
    # An argument the list does not know is rendered afresh each time (its links carry it).
    odd = "/case-studies/?topic=menopause&utm_source=" + "x" * 20
    assert "utm_source" in _page(client, odd) and [s for s in _queries(odd, client) if "case_study" in s]


def test_resources_list_shows_a_new_download_count_at_once(app, client, make_resource):
    item = make_resource(title="A template to download", visibility="public")
    assert "0 downloads" in _page(client, "/resources/")
    assert client.get(f"/resources/{item.slug}/download").status_code == 200
    assert "1 downloads" in _page(client, "/resources/")


def test_a_feed_answers_304_to_a_reader_that_has_it_and_shows_a_new_item_at_once(app, client, make_case_study):
    make_case_study(title="First public item", visibility="public")
    first = client.get("/feeds/case-studies.atom")
    assert first.status_code == 200 and "First public item" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    again = client.get("/feeds/case-studies.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    make_case_study(title="Second public item", visibility="public")
    changed = client.get("/feeds/case-studies.atom", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "Second public item" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag
