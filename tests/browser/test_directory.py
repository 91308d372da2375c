"""The directory, a profile and the edit-profile form in a real browser, checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.directory import conftest as directory_fixtures
from tests.directory.conftest import ics

pytestmark = pytest.mark.browser
make_profile = directory_fixtures.make_profile  # the directory's profile factory fixture, shared here


@pytest.fixture
def signed_in(page, live_server, make_user, make_profile):
    """A signed-in member with a few listed peers; returns (page, a peer's profile slug)."""
    with live_server.app.app_context():
        me = make_user(email="browser@nhs.net", name="Browser Person")
        make_profile(user=me, specialisms=[("topic", "menopause")], ics=ics("devon"), listed=False)
        peer = make_profile(
            display_name="Peer Browser",
            ics=ics("devon"),
            specialisms=[("topic", "menopause")],
            professions=["oh-nurse"],
            is_solo=True,
            open_peer_support=True,
            offers_mentoring=True,
            max_mentees=2,
            bio_html="<p>I run <strong>menopause</strong> clinics.</p>",
        )
        for i in range(3):
            make_profile(display_name=f"Other {i}", ics=ics("west-yorkshire"))
        slug = peer.slug
    page.goto("/auth/login")
    page.fill("#email", "browser@nhs.net")
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    return page, slug


def _check(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_directory_and_filters_are_accessible(signed_in):
    page, _slug = signed_in
    _check(page, "/directory/")
    expect(page.get_by_text("Peer Browser")).to_be_visible()
    page.get_by_role("link", name="Solo practitioner (1)").click()
    expect(page.get_by_text("1 practitioner", exact=True)).to_be_visible()
    assert_accessible(page)
    page.fill("#directory-q", "other")
    page.get_by_role("button", name="Search the directory").click()
    expect(page.get_by_text("0 practitioners")).to_be_visible()


def test_profile_and_forms_are_accessible(signed_in):
    page, slug = signed_in
    _check(page, f"/directory/{slug}")
    expect(page.get_by_text("Open to peer support").first).to_be_visible()
    for path in (f"/directory/{slug}/contact", f"/directory/{slug}/report", f"/directory/{slug}/mentoring"):
        _check(page, path)
    page.goto(f"/directory/{slug}/contact")
    page.get_by_role("button", name="Send message").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert_accessible(page)
    page.fill("#subject", "Hello")
    page.fill("#body", "Could we talk?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message has been sent")).to_be_visible()
    page.goto(f"/directory/{slug}")
    page.get_by_role("button", name="Ask to connect").click()
    expect(page.get_by_text("Your request to connect has been sent")).to_be_visible()


def test_edit_profile_is_accessible_and_saves(signed_in):
    page, _slug = signed_in
    _check(page, "/directory/me/edit")
    page.fill("#display_name", "")
    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert_accessible(page)
    page.fill("#display_name", "Browser Person")
    page.check("#listed")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been listed")).to_be_visible()
    assert_accessible(page)


def test_network_pages_are_accessible(signed_in):
    page, _slug = signed_in
    for path in ("/directory/peers", "/directory/network", "/directory/mentoring", "/directory/messages"):
        _check(page, path)
    page.goto("/directory/peers")
    expect(page.get_by_text("same ICS: Devon · menopause · open to peer support")).to_be_visible()
