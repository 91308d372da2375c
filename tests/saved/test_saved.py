"""Saving case studies, resources, events and profiles: the button on each page, the private
Saved page with type facets and pages, removal, items that stop being visible, and the registry."""

import json

from sqlalchemy import func, select

from app.extensions import db
from app.saved.models import SavedItem
from app.saved.registry import SaveableKind, SavedView, register, unregister


def saved_count(user=None):
    stmt = select(func.count(SavedItem.id))
    if user is not None:
        stmt = stmt.where(SavedItem.user_id == user.id)
    return db.session.scalar(stmt)


def _save_studies(member, make_case_study, count):
    """`count` case studies ("Study number 00" ...) saved by `member` in that order."""
    studies = [make_case_study(title=f"Study number {n:02d}") for n in range(count)]
    for study in studies:
        db.session.add(SavedItem(user_id=member.id, kind="case_study", object_id=study.id))
    db.session.commit()
    return studies


def test_save_each_kind_from_its_page_and_find_it_on_the_saved_page(
    client, auth, make_user, make_case_study, make_resource, make_event, make_profile
):
    study = make_case_study(title="Fast-track physio")
    resource = make_resource(title="Stress risk template")
    event = make_event(title="Regional OH forum")
    profile = make_profile(display_name="Dana Peer", job_title="OH physician")
    member = make_user()
    auth.login(member)
    pages = [
        (f"/case-studies/{study.slug}", "case_study", study.id),
        (f"/resources/{resource.slug}", "resource", resource.id),
        (f"/events/{event.slug}", "event", event.id),
        (f"/directory/{profile.slug}", "profile", profile.id),
    ]
    for path, kind, object_id in pages:
        page = client.get(path).get_data(as_text=True)
        assert f'action="/saved/{kind}/{object_id}"' in page and ">Save<" in page, path
        response = client.post(f"/saved/{kind}/{object_id}", data={"next": path})
        assert response.status_code == 302 and response.headers["Location"] == path
        again = client.get(path).get_data(as_text=True)
        assert "Saved ✓ — remove" in again and f'action="/saved/{kind}/{object_id}/remove"' in again, path
    client.post(f"/saved/event/{event.id}", data={"next": "/"})  # saving twice keeps one
    assert saved_count(member) == 4
    listing = client.get("/saved/").get_data(as_text=True)
    for text in ("Fast-track physio", "Stress risk template", "Regional OH forum", "Dana Peer", "OH physician"):
        assert text in listing
    assert "All (4)" in listing and "Events (1)" in listing
    only_events = client.get("/saved/?type=event").get_data(as_text=True)
    assert "Regional OH forum" in only_events and "Fast-track physio" not in only_events
    removed = client.post(f"/saved/event/{event.id}/remove", data={"next": f"/events/{event.slug}"})
    assert removed.status_code == 302 and removed.headers["Location"] == f"/events/{event.slug}"
    assert saved_count(member) == 3
    assert ">Save<" in client.get(f"/events/{event.slug}").get_data(as_text=True)


def test_saved_items_are_private(client, auth, make_user, make_case_study):
    study = make_case_study(title="Private bookmark")
    owner, other = make_user(), make_user()
    auth.login(owner)
    client.post(f"/saved/case_study/{study.id}")
    auth.logout()
    auth.login(other)
    assert "Private bookmark" not in client.get("/saved/").get_data(as_text=True)
    assert client.post(f"/saved/case_study/{study.id}/remove").status_code == 404
    assert saved_count(owner) == 1
    auth.logout()
    assert client.get("/saved/").status_code == 302
    assert client.post(f"/saved/case_study/{study.id}").status_code == 302  # to sign in
    auth.login(make_user(verified=False))
    assert client.get("/saved/").status_code == 302
    page = client.get("/events/").get_data(as_text=True)
    assert "/saved/" not in page
    assert saved_count() == 1


def test_only_visible_items_can_be_saved(client, auth, make_user, make_case_study, make_event, make_profile):
    draft = make_case_study(status="draft")
    unlisted = make_profile(listed=False)
    draft_event = make_event(status="draft")
    member = make_user()
    mine = make_profile(user=member)
    auth.login(member)
    for kind, object_id in (
        ("case_study", draft.id),
        ("profile", unlisted.id),
        ("profile", mine.id),
        ("event", draft_event.id),
        ("case_study", 999_999),
        ("nonsense", 1),
    ):
        assert client.post(f"/saved/{kind}/{object_id}").status_code == 404, (kind, object_id)
    assert client.post("/saved/case_study/abc").status_code == 404
    assert client.post("/saved/case_study/99999999999999").status_code == 404
    assert saved_count() == 0


def test_an_item_that_stops_being_visible_stays_listed_as_unavailable(client, auth, make_user, make_case_study):
    study = make_case_study(title="Soon archived away")
    member = make_user()
    auth.login(member)
    client.post(f"/saved/case_study/{study.id}")
    study.status = "draft"
    db.session.commit()
    page = client.get("/saved/").get_data(as_text=True)
    assert "Soon archived away" not in page and "no longer available" in page
    assert client.post(f"/saved/case_study/{study.id}/remove").status_code == 302
    assert saved_count() == 0


def test_hostile_return_addresses_and_pages(client, auth, make_user, make_case_study):
    study = make_case_study()
    auth.login(make_user())
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.post(f"/saved/case_study/{study.id}", data={"next": target})
        assert response.headers["Location"] == "/saved/", target
        client.post(f"/saved/case_study/{study.id}/remove")
    assert client.get("/saved/?page=abc&type=<script>").status_code == 200
    assert client.get("/saved/?page=999999").status_code == 200


def test_saved_page_is_paginated(client, auth, make_user, make_case_study):
    member = make_user()
    _save_studies(member, make_case_study, 25)
    auth.login(member)
    first = client.get("/saved/").get_data(as_text=True)
    second = client.get("/saved/?page=2").get_data(as_text=True)
    assert first.count('">Study number') == 20 and second.count('">Study number') == 5
    assert "Next" in first


def test_a_new_kind_registers_in_one_line(client, auth, make_user):
    register(
        SaveableKind("widget", "Widget", "Widgets", lambda ids, user: {i: SavedView(f"Widget {i}", "/") for i in ids})
    )
    try:
        auth.login(make_user())
        assert client.post("/saved/widget/7").status_code == 302
        page = client.get("/saved/?type=widget").get_data(as_text=True)
        assert "Widget 7" in page and "Widgets (1)" in page
    finally:
        unregister("widget")


def test_saved_items_in_the_export_and_gone_with_the_account(client, auth, make_user, make_case_study):
    study = make_case_study(title="Exported bookmark")
    member = make_user()
    auth.login(member)
    client.post(f"/saved/case_study/{study.id}")
    exported = json.loads(client.get("/account/export").data)
    assert exported["saved_items"][0]["title"] == "Exported bookmark"
    assert client.post("/account/delete", data={"password": "correct horse battery"}).status_code == 302
    assert saved_count() == 0


def test_removing_the_last_item_on_the_last_page_shows_the_page_before(client, auth, make_user, make_case_study):
    member = make_user()
    studies = _save_studies(member, make_case_study, 21)
    auth.login(member)
    oldest = studies[0]  # saved first, so alone on page 2
    assert "Study number 00" in client.get("/saved/?page=2").get_data(as_text=True)
    response = client.post(f"/saved/case_study/{oldest.id}/remove", data={"next": "/saved/?page=2"})
    assert response.headers["Location"] == "/saved/?page=2"
    page = client.get("/saved/?page=2").get_data(as_text=True)
    assert page.count('">Study number') == 20 and "You have not saved anything" not in page
