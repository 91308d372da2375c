"""The search pages in a real browser, checked with axe."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.browser.axe import assert_accessible
from tests.search.probe import Probe, install, uninstall

pytestmark = pytest.mark.browser


@pytest.fixture
def indexed(live_server):
    with live_server.app.app_context():
        install()
        for n in range(12):
            db.session.add(
                Probe(title=f"Menopause support {n}", summary="Peer support cafe for menopause", topics="Menopause")
            )
        db.session.add(Probe(title="Members menopause notes", visibility="members", topics="Stigma"))
        db.session.commit()
    yield
    with live_server.app.app_context():
        uninstall()


def test_results_page_is_accessible_and_filters_work_without_js(page, indexed):
    page.goto("/")
    page.fill("#search-field", "menopause")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=menopause")
    assert page.locator("h1").count() == 1
    assert "12 results" in page.locator("[role=status]").inner_text()
    assert page.locator("mark").count() >= 1
    assert_accessible(page)
    page.get_by_label("Menopause (12)").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**topic=Menopause**")
    page.get_by_role("link", name="Page 2").click()
    page.wait_for_url("**page=2**")
    expect(page.locator("ol.app-search-results li")).to_have_count(2)
    assert_accessible(page)


def test_no_results_page_is_accessible(page, indexed):
    page.goto("/search?q=zzzxq")
    assert "No results found" in page.content()
    assert_accessible(page)


def test_save_search_form_and_list_are_accessible(page, live_server, make_user, indexed):
    with live_server.app.app_context():
        make_user(email="saver@nhs.net")
    page.goto("/auth/login")
    page.fill("#email", "saver@nhs.net")
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/search?q=menopause")
    page.get_by_role("link", name="Save this search and get alerts").click()
    page.fill("#name", "")
    page.get_by_role("button", name="Save search").click()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    page.fill("#name", "Menopause")
    page.get_by_role("button", name="Save search").click()
    assert page.locator("h1").inner_text() == "Your saved searches"
    assert_accessible(page)
