"""The foundation's pages in a real browser, each checked with axe."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/auth/register", "/auth/login", "/auth/reset", "/accessibility", "/privacy"])
def test_page_is_accessible(page, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.locator("a.nhsuk-skip-link").count() == 1
    assert_accessible(page)


def test_error_page_is_accessible(page):
    response = page.goto("/no-such-page")
    assert response.status == 404
    assert "Page not found" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_register_form_errors_are_accessible(page):
    page.goto("/auth/register")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)


def test_header_search_box_submits_to_search(page):
    page.goto("/")
    page.fill("#search-field", "menopause")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=menopause")


def test_sign_in_and_out_through_the_header(page, live_server, make_user):
    with live_server.app.app_context():
        make_user(email="browser@nhs.net", name="Browser Person")
    page.goto("/auth/login")
    page.fill("#email", "browser@nhs.net")
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in as Browser Person")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/case-studies/", "/events/", "/search?q=menopause", "/auth/login"])
def test_pages_log_no_console_errors_and_request_no_remote_font(page, path):
    """The default stylesheet declares no remote font, so the CSP blocks nothing and nothing is fetched
    from another origin (the compiled NHS.UK stylesheet once logged 8 blocked font loads per page)."""
    errors, requested = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("request", lambda request: requested.append(urlsplit(request.url).netloc))
    page.goto(path)
    own = urlsplit(page.url).netloc
    page.wait_for_load_state("networkidle")
    assert errors == []
    assert set(requested) == {own}
