"""The directory is for verified members only: not through search (results, facet counts,
snippets, spelling suggestions), not through a saved search's feed, not through its pages."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import utcnow
from app.extensions import db
from app.search.member_searches import send_alerts
from app.search.models import SavedSearch
from tests.directory.conftest import term

SECRETS = ("Quillfeather", "Zanzibar Wellbeing Trust", "Fatigue Lead", "moonlit-bio-words")


@pytest.fixture
def practitioner(make_user, make_profile):
    """A listed profile whose every field is visible to members."""
    return make_profile(
        user=make_user(email="priya@nhs.net"),
        display_name="Priya Quillfeather",
        job_title="Fatigue Lead",
        organisation="Zanzibar Wellbeing Trust",
        bio_markdown="moonlit-bio-words",
        bio_html="<p>moonlit-bio-words</p>",
        specialisms=[("topic", "menopause")],
        sector=term("sector", "ambulance"),
    )


def _sign_in_as(viewer, auth, make_user):
    if viewer == "unverified":
        auth.login(make_user(verified=False))
    elif viewer == "member":
        auth.login(make_user())


SEARCHES = ("/search?type=Practitioner", "/search?q=Zanzibar", "/search?q=moonlit", "/search?q=Quillfeathr")


@pytest.mark.parametrize("viewer", ["anonymous", "unverified"])
@pytest.mark.parametrize("path", SEARCHES)
def test_non_members_get_no_practitioner_data_from_search(client, auth, make_user, practitioner, viewer, path):
    _sign_in_as(viewer, auth, make_user)
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for secret in SECRETS:
        assert secret not in html and secret.lower() not in html.lower(), secret
    assert "Practitioner (1)" not in html and "Ambulance" not in html
    if viewer == "unverified" and "q=" in path:
        assert "Verify your email address</a> to search content shared only with members" in html


@pytest.mark.parametrize("path", SEARCHES[:3])
def test_verified_members_find_practitioners_with_facets_and_snippets(client, auth, make_user, practitioner, path):
    _sign_in_as("member", auth, make_user)
    html = client.get(path).get_data(as_text=True)
    assert "Priya Quillfeather" in html and "Practitioner (1)" in html
    if "moonlit" in path:
        assert "<mark>moonlit" in html


def test_spelling_suggestion_from_a_profile_only_for_members(client, auth, make_user, practitioner):
    _sign_in_as("member", auth, make_user)
    assert "quillfeather" in client.get("/search?q=Quillfeathr").get_data(as_text=True).lower()


@pytest.mark.parametrize(
    "path_of", [lambda p: "/directory/", lambda p: f"/directory/{p.slug}", lambda p: f"/directory/{p.slug}.json"]
)
def test_unverified_accounts_are_turned_away_from_directory_pages(client, auth, make_user, practitioner, path_of):
    _sign_in_as("unverified", auth, make_user)
    response = client.get(path_of(practitioner))
    assert response.status_code == 302 and "/account" in response.headers["Location"]
    assert "Quillfeather" not in response.get_data(as_text=True)


def _save_practitioner_search(client):
    response = client.post(
        "/search/save", data={"q": "", "facets": "type=Practitioner", "name": "People", "frequency": "daily"}
    )
    assert response.status_code == 302
    return db.session.scalar(select(SavedSearch))


def test_an_unverified_accounts_saved_search_feed_lists_nobody(client, auth, make_user, practitioner):
    _sign_in_as("unverified", auth, make_user)
    saved = _save_practitioner_search(client)
    auth.logout()
    response = client.get(f"/feeds/search/{saved.feed_token}.atom")
    assert response.status_code == 404
    assert "Quillfeather" not in response.get_data(as_text=True)


@pytest.mark.parametrize("change", ["unverified", "deactivated"])
def test_feed_and_alerts_stop_when_the_owner_is_no_longer_a_member(
    client, auth, make_user, make_profile, practitioner, mailbox, change
):
    owner = make_user(email="owner@nhs.net")
    auth.login(owner)
    saved = _save_practitioner_search(client)
    auth.logout()
    feed = f"/feeds/search/{saved.feed_token}.atom"
    assert "Priya Quillfeather" in client.get(feed).get_data(as_text=True)
    if change == "unverified":
        owner.email_verified_at = None
    else:
        owner.is_active_account = False
    db.session.commit()
    response = client.get(feed)
    assert response.status_code == 404 and "Quillfeather" not in response.get_data(as_text=True)
    make_profile(display_name="Newly Listed Person")
    assert send_alerts(now=utcnow() + timedelta(days=2)) == {"checked": 0, "emailed": 0, "failed": 0}
    assert mailbox.to("owner@nhs.net") == []
    # Back to being a verified, active member: the feed and alerts resume with their rights.
    owner.email_verified_at, owner.is_active_account = utcnow(), True
    db.session.commit()
    assert "Newly Listed Person" in client.get(feed).get_data(as_text=True)
    assert send_alerts(now=utcnow() + timedelta(days=2)) == {"checked": 1, "emailed": 1, "failed": 0}


def test_feed_stops_when_the_owner_deletes_their_account(client, auth, make_user, practitioner):
    owner = make_user()
    auth.login(owner)
    saved = _save_practitioner_search(client)
    token = saved.feed_token
    response = client.post("/account/delete", data={"password": "correct horse battery", "confirm": "y"})
    assert response.status_code == 302
    assert client.get(f"/feeds/search/{token}.atom").status_code == 404
