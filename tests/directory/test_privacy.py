"""A hidden field never appears in HTML, JSON, search documents, suggestions or exports."""

import json

from app.directory.models import VISIBLE_FIELDS, Connection
from app.directory.searchable import profile_document
from app.extensions import db
from tests.directory.conftest import ics, term

SECRETS = ("Secret Hospital Trust", "Secret Job Title", "secret-bio-words", "Menopause", "West Yorkshire", "Ambulance")


def _hidden_profile(make_user, make_profile, listed=True):
    owner = make_user(email="hidden.owner@nhs.net", name="Hidden Owner", organisation="Account Org Secret")
    return make_profile(
        user=owner,
        listed=listed,
        display_name="Harriet Hidden",
        job_title="Secret Job Title",
        organisation="Secret Hospital Trust",
        bio_markdown="secret-bio-words",
        bio_html="<p>secret-bio-words</p>",
        ics=ics("west-yorkshire"),
        sector=term("sector", "ambulance"),
        specialisms=[("topic", "menopause")],
        professions=["oh-physician"],
        roles=["ohwb-lead"],
        photo_name="abcdef0123.jpg",
        hidden=tuple(VISIBLE_FIELDS),
    )


def _assert_no_secrets(text):
    for secret in SECRETS + ("hidden.owner@nhs.net", "OH physician", "OHWB lead", "photo"):
        assert secret not in text, secret


def test_hidden_fields_absent_from_profile_page_and_json(client, auth, make_user, make_profile):
    profile = _hidden_profile(make_user, make_profile)
    auth.login(make_user())
    page = client.get(f"/directory/{profile.slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Harriet Hidden" in html
    _assert_no_secrets(html.replace("/directory/", ""))
    data = client.get(f"/directory/{profile.slug}.json").get_json()
    assert data["display_name"] == "Harriet Hidden"
    for key in ("job_title", "organisation", "sector", "region", "ics", "professions", "specialisms", "roles"):
        assert key not in data
    assert "bio_html" not in data and "photo_url" not in data and "email" not in data
    _assert_no_secrets(json.dumps(data))
    assert client.get(f"/directory/{profile.slug}/photo").status_code == 404


def test_hidden_fields_cannot_be_found_filtered_or_counted(client, auth, make_user, make_profile):
    _hidden_profile(make_user, make_profile)
    auth.login(make_user())
    everyone = client.get("/directory/").get_data(as_text=True)
    assert "Harriet Hidden" in everyone
    for query in ("Secret", "secret-bio", "menopause", "physician"):
        html = client.get(f"/directory/?q={query}").get_data(as_text=True)
        assert "Harriet Hidden" not in html, query
    for args in ("region=north-east-and-yorkshire", "ics=west-yorkshire", "specialism=menopause", "sector=ambulance"):
        html = client.get(f"/directory/?{args}").get_data(as_text=True)
        assert "Harriet Hidden" not in html, args
        assert "0 practitioners" in html
    assert "West Yorkshire (" not in everyone and "Menopause (" not in everyone


def test_search_document_holds_only_visible_fields(app, make_user, make_profile):
    profile = _hidden_profile(make_user, make_profile)
    document = profile_document(profile)
    assert document.title == "Harriet Hidden"
    assert document.visibility == "members"
    text = " ".join([document.title, document.summary, document.body, json.dumps(document.facets)])
    _assert_no_secrets(text)
    profile.listed = False
    assert profile_document(profile) is None


def test_search_document_of_a_visible_profile(app, make_user, make_profile):
    profile = make_profile(
        display_name="Vera Visible",
        ics=ics("west-yorkshire"),
        specialisms=[("topic", "menopause")],
        bio_html="<p>Hi there</p>",
    )
    document = profile_document(profile)
    assert "Menopause" in document.body and "West Yorkshire" in document.body and "Hi there" in document.body
    assert document.facets["region"] == ["North East and Yorkshire"]
    assert document.url == f"/directory/{profile.slug}"
    profile.user.is_active_account = False
    assert profile_document(profile) is None


def test_email_is_never_shown_until_connected(client, auth, make_user, make_profile):
    profile = make_profile(user=make_user(email="peer@nhs.net"))
    viewer = make_user()
    auth.login(viewer)
    assert "peer@nhs.net" not in client.get(f"/directory/{profile.slug}").get_data(as_text=True)
    assert "email" not in client.get(f"/directory/{profile.slug}.json").get_json()
    db.session.add(Connection(requester_id=viewer.id, recipient_id=profile.user_id, status="accepted"))
    db.session.commit()
    assert 'href="mailto:peer@nhs.net"' in client.get(f"/directory/{profile.slug}").get_data(as_text=True)
    assert client.get(f"/directory/{profile.slug}.json").get_json()["email"] == "peer@nhs.net"


def test_other_members_hidden_fields_never_reach_my_export(client, auth, make_user, make_profile):
    profile = _hidden_profile(make_user, make_profile)
    me = make_user()
    auth.login(me)
    client.post(f"/inbox/new?to={profile.slug}", data={"subject": "Hello", "body": "A question"})
    client.post(f"/directory/{profile.slug}/connect")
    export = client.get("/account/export").get_data(as_text=True)
    data = json.loads(export)
    assert data["inbox"]["conversations"][0]["subject"] == "Hello"
    _assert_no_secrets(export)


def test_my_own_export_holds_my_whole_profile(client, auth, make_user, make_profile):
    profile = _hidden_profile(make_user, make_profile)
    auth.login(profile.user)
    data = client.get("/account/export").get_json(force=True)
    mine = data["directory"]["profile"]
    assert mine["organisation"] == "Secret Hospital Trust"
    assert mine["visibility"]["organisation"] == "hidden"


def test_owner_sees_own_hidden_fields(client, auth, make_user, make_profile):
    profile = _hidden_profile(make_user, make_profile, listed=False)
    auth.login(profile.user)
    html = client.get(f"/directory/{profile.slug}").get_data(as_text=True)
    assert "Secret Hospital Trust" in html and "Only you can see this profile" in html


def test_deactivating_an_account_queues_its_profile_for_reindexing(app, make_user, make_profile):
    from sqlalchemy import select

    from app.search.models import SearchOutbox

    profile = make_profile()
    db.session.query(SearchOutbox).delete()
    db.session.commit()
    profile.user.is_active_account = False
    db.session.commit()
    assert db.session.scalar(select(SearchOutbox).filter_by(kind="practitioner", object_id=profile.id))
    assert profile_document(profile) is None
