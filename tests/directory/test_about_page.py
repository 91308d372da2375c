"""Anonymous visitors to the directory get a page about it and how to join, never a profile."""

import pytest

FRONT_DOORS = ("/directory/", "/directory/peers")


@pytest.mark.parametrize("path", FRONT_DOORS)
def test_visitors_see_what_the_directory_offers_and_how_to_join(client, make_profile, path):
    make_profile(display_name="Priya Quillfeather", organisation="Secret Ambulance Trust")
    make_profile(display_name="Tomos Pryce", listed=False)
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Find peers in the practitioner directory</h1>" in html
    assert "1 practitioner is in the directory" in html
    assert "How to join" in html and "Who can see profiles" in html
    assert 'href="/auth/register"' in html
    assert f'href="/auth/login?next={path}"' in html
    assert "Priya Quillfeather" not in html and "Secret Ambulance" not in html


@pytest.mark.parametrize("path", ("/directory/?q=Priya&region=london&page=7", "/directory/peers?page=abc"))
def test_any_query_string_gets_the_same_page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "How to join" in response.get_data(as_text=True)


def test_other_member_pages_still_send_visitors_to_sign_in(client, make_profile):
    profile = make_profile()
    for path in (f"/directory/{profile.slug}", "/directory/network", "/directory/me/edit", "/inbox/"):
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], path


def test_unverified_accounts_are_still_told_to_verify(client, auth, make_user):
    auth.login(make_user(verified=False))
    response = client.get("/directory/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/"


def test_members_get_the_directory_itself(client, auth, make_user, make_profile):
    make_profile(display_name="Priya Quillfeather")
    auth.login(make_user())
    html = client.get("/directory/").get_data(as_text=True)
    assert "Priya Quillfeather" in html and "How to join" not in html


def test_the_home_page_links_visitors_to_the_directory_page(client):
    html = client.get("/").get_data(as_text=True)
    assert '<a href="/directory/">Find out what the directory offers and how to join</a>' in html


def test_an_empty_directory_invites_the_first_members(client):
    html = client.get("/directory/").get_data(as_text=True)
    assert "be one of the first practitioners in it" in html and "0 practitioners" not in html
