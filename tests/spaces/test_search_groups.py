"""The closed-group seam of the search service: a document with the visibility "group:<key>"
reaches only members of that group, in results, snippets, facet counts, spelling
suggestions, saved-search alerts and feeds. The groups come from a registered provider
(the spaces feature registers the real one; these tests register a small one)."""

# ruff: noqa: F811  (the fixtures imported below are parameters of the tests)
from datetime import timedelta

import feedparser
import pytest
from sqlalchemy import select

from app.auth.access import register_group_provider, unregister_group_provider, viewer_groups
from app.auth.models import utcnow
from app.extensions import db
from app.search import search
from app.search.engine import SearchRequest
from app.search.member_searches import send_alerts
from app.search.models import SavedSearch
from tests.search.conftest import find, probes  # noqa: F401  (fixtures)

MEMBERSHIP = {}


def _groups(user):
    return MEMBERSHIP.get(user.id, ())


@pytest.fixture(autouse=True)
def provider():
    MEMBERSHIP.clear()
    register_group_provider(_groups)
    yield
    unregister_group_provider(_groups)
    MEMBERSHIP.clear()


def titles(text, member=True, groups=()):
    request = SearchRequest(text=text, member=member, groups=frozenset(groups))
    return sorted(hit.title for hit in search.query(request).hits)


def test_a_group_document_is_found_only_by_members_of_that_group(probes):
    probes("Open burnout toolkit")
    probes("Guardians burnout board report", visibility="group:g1")
    probes("Other burnout notes", visibility="group:g2")
    assert titles("burnout", member=False) == ["Open burnout toolkit"]
    assert titles("burnout", member=False, groups=["g1"]) == ["Open burnout toolkit"]  # not a verified member
    assert titles("burnout") == ["Open burnout toolkit"]
    assert titles("burnout", groups=["g1"]) == ["Guardians burnout board report", "Open burnout toolkit"]
    assert titles("burnout", groups=["g1", "g2"]) == [
        "Guardians burnout board report",
        "Open burnout toolkit",
        "Other burnout notes",
    ]


def test_results_page_snippets_and_facet_counts_respect_membership(probes, find, auth, make_user):
    probes("Public menopause guide", topics="Menopause")
    probes(
        "Hospice menopause policy",
        summary="Our hospice policy on menopause, written with the unions",
        topics="Menopause|Stigma",
        visibility="group:g1",
    )
    outsider, insider = make_user(), make_user()
    MEMBERSHIP[insider.id] = ["g1"]
    auth.login(outsider)
    status, html = find(q="menopause")
    assert status == 200 and "Hospice menopause policy" not in html and "written with the unions" not in html
    assert "Menopause (1)" in html and "Stigma" not in html
    auth.logout()
    auth.login(insider)
    status, html = find(q="menopause")
    assert "Hospice menopause policy" in html and "written with the <mark>unions</mark>" not in html
    assert "Menopause (2)" in html and "Stigma (1)" in html and "Private space" in html
    status, html = find(q="unions")
    assert "written with the <mark>unions</mark>" in html


def test_browsing_by_facet_alone_hides_group_documents(probes, find, auth, make_user):
    probes("Stigma leaflet", topics="Stigma", visibility="members")
    probes("Stigma in the guardians group", topics="Stigma", visibility="group:g1")
    auth.login(make_user())
    status, html = find(topic="Stigma")
    assert "Stigma leaflet" in html and "Stigma in the guardians group" not in html and "Stigma (1)" in html


def test_spelling_suggestion_never_reveals_a_word_only_in_a_group_document(probes):
    probes("Wellbeing walk", summary="A walk at lunchtime")
    probes("Zolendronate audit", summary="A private audit", visibility="group:g1")
    request = SearchRequest(text="zolendronat", member=True)
    assert search.query(request).suggestion is None
    request = SearchRequest(text="zolendronat", member=True, groups=frozenset({"g1"}))
    assert search.query(request).suggestion == "zolendronate"


def test_viewer_groups_are_empty_for_anonymous_and_unverified(app, make_user):
    from flask_login import AnonymousUserMixin

    unverified = make_user(verified=False)
    MEMBERSHIP[unverified.id] = ["g1"]
    assert viewer_groups(AnonymousUserMixin()) == frozenset()
    assert viewer_groups(unverified) == frozenset()
    member = make_user()
    MEMBERSHIP[member.id] = ["g1", 7]
    assert viewer_groups(member) == frozenset({"g1", "7"})


def _save(client, q):
    return client.post("/search/save", data={"q": q, "facets": "", "name": q, "frequency": "daily"})


def test_saved_search_alert_tells_a_group_document_only_to_members_of_the_group(
    probes,
    client,
    auth,
    make_user,
    mailbox,
):
    owner = make_user(email="owner@nhs.net")
    auth.login(owner)
    _save(client, "fatigue")
    probes("Fatigue rota in our private space", visibility="group:g1")
    later = utcnow() + timedelta(days=1)
    assert send_alerts(now=later) == {"checked": 1, "emailed": 0, "failed": 0}
    assert mailbox.to("owner@nhs.net") == []
    MEMBERSHIP[owner.id] = ["g1"]  # the owner joins the space: alerts follow their rights as they are now
    assert send_alerts(now=later + timedelta(days=1)) == {"checked": 1, "emailed": 1, "failed": 0}
    assert "Fatigue rota in our private space" in mailbox.body(mailbox.last("owner@nhs.net"))


def test_saved_search_feed_follows_the_owners_groups(probes, client, auth, make_user):
    probes("Fatigue leaflet")
    probes("Fatigue rota in our private space", visibility="group:g1")
    owner = make_user()
    auth.login(owner)
    _save(client, "fatigue")
    token = db.session.scalar(select(SavedSearch.feed_token))
    auth.logout()
    entries = [e.title for e in feedparser.parse(client.get(f"/feeds/search/{token}.atom").get_data()).entries]
    assert entries == ["Fatigue leaflet"]
    MEMBERSHIP[owner.id] = ["g1"]
    entries = [e.title for e in feedparser.parse(client.get(f"/feeds/search/{token}.atom").get_data()).entries]
    assert sorted(entries) == ["Fatigue leaflet", "Fatigue rota in our private space"]
    MEMBERSHIP[owner.id] = []  # removed from the space: the feed closes on its documents again
    entries = [e.title for e in feedparser.parse(client.get(f"/feeds/search/{token}.atom").get_data()).entries]
    assert entries == ["Fatigue leaflet"]
