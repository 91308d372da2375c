"""The inbox and the Saved page in a real browser at 1280 px and 390 px: every page passes the
axe check and logs no console error.

Journeys: from a profile's "Send a message" to a conversation (with the error page on the way),
the reply read by the other member with the header count, reporting it, a moderator's reported
conversations; saving a case study and a profile and finding them on the Saved page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.directory import conftest as directory_fixtures
from tests.kb import conftest as kb_fixtures

pytestmark = pytest.mark.browser
make_profile = directory_fixtures.make_profile
make_case_study = kb_fixtures.make_case_study

WIDTHS = (1280, 390)


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def sized(request, page):
    """The page at one width, collecting console errors in `page.errors`."""
    page.set_viewport_size({"width": request.param, "height": 900})
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.errors = errors
    return page


def _check(page, path=None, status=200):
    """Open `path` (or check the current page): one h1, axe clean, nothing in the console."""
    if path is not None:
        response = page.goto(path)
        assert response.status == status, path
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert page.errors == [], page.errors


def _sign_in(page, email):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def people(live_server, make_user, make_profile):
    """A sender and a listed recipient; returns the recipient's profile slug."""
    with live_server.app.app_context():
        make_user(email="sender@nhs.net", name="Sally Sender")
        recipient = make_user(email="recipient@nhs.net", name="Rory Recipient")
        make_user(email="moderator@nhs.net", name="Mo Derator", role="moderator")
        return make_profile(user=recipient, display_name="Rory Recipient").slug


def test_message_journey(sized, people):
    page, slug = sized, people
    _sign_in(page, "sender@nhs.net")
    _check(page, "/inbox/")
    page.goto(f"/directory/{slug}")
    page.get_by_role("link", name="Send a message").click()
    _check(page)
    page.get_by_role("button", name="Send message").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    page.errors.remove("Failed to load resource: the server responded with a status of 400 (BAD REQUEST)")
    _check(page)
    page.fill("#subject", "Shared audit tool")
    page.fill("#body", "Could we **compare** notes?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message has been sent")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, "recipient@nhs.net")
    expect(page.get_by_role("link", name="Inbox (1 new)")).to_have_count(1)
    _check(page, "/inbox/")
    page.get_by_role("link", name="Shared audit tool").click()
    _check(page)
    expect(page.locator("strong", has_text="compare")).to_be_visible()
    page.fill("#body", "Yes please.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply has been sent")).to_be_visible()
    page.get_by_role("link", name="Report this conversation to moderators").click()
    _check(page)
    page.get_by_label("Advertising or spam").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("A moderator will read this conversation")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, "moderator@nhs.net")
    _check(page, "/inbox/reports")
    page.get_by_role("link", name="Shared audit tool").click()
    _check(page)
    page.get_by_label("Dismiss the report").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("The report has been closed")).to_be_visible()


def test_saved_items(sized, live_server, people, make_case_study):
    page, slug = sized, people
    with live_server.app.app_context():
        study_slug = make_case_study(title="Fast-track physiotherapy").slug
    _sign_in(page, "sender@nhs.net")
    _check(page, "/saved/")
    page.goto(f"/case-studies/{study_slug}")
    page.get_by_role("button", name=re.compile(r"^Save")).click()
    expect(page.get_by_role("button", name=re.compile("Saved ✓ — remove"))).to_be_visible()
    _check(page)
    page.goto(f"/directory/{slug}")
    page.get_by_role("button", name=re.compile(r"^Save")).click()
    _check(page, "/saved/")
    expect(page.get_by_role("link", name="Fast-track physiotherapy")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Profiles \(1\)")).click()
    _check(page)
    expect(page.get_by_role("link", name="Rory Recipient")).to_be_visible()
