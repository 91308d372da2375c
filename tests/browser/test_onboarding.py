"""Getting started and the moderators' way in, in a real browser at 1280 px and 390 px: every page
passes the axe check and logs no console error.

Journeys: register -> verify -> profile -> listed (with the steps shown on the home and account
pages until they are hidden); an anonymous visitor at the directory; a moderator publishes a
submitted case study from its own page through the confirmation page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.conftest import Mailbox
from tests.kb import conftest as kb_fixtures

pytestmark = pytest.mark.browser
make_case_study = kb_fixtures.make_case_study  # the knowledge base's case-study factory fixture, shared here

WIDTHS = (1280, 390)
PASSWORD = "a long enough password"


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


def test_register_verify_profile_listed(sized, live_server):
    page = sized
    mailbox = Mailbox(live_server.app.config["OUTBOX_DIR"])
    _check(page, "/auth/register")
    page.fill("#name", "Kerensa Trewin")
    page.fill("#email", "kerensa.trewin@nhs.net")
    page.fill("#organisation", "St Julia's Hospice")
    page.fill("#job_role", "OH nurse")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")

    page.goto("/auth/login")
    page.fill("#email", "kerensa.trewin@nhs.net")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Get started: 0 of 3 steps done")).to_be_visible()
    _check(page)

    link = mailbox.link(mailbox.last("kerensa.trewin@nhs.net"))
    page.goto(link)
    page.wait_for_url("**/account/")
    expect(page.get_by_text("You have completed 1 of 3 steps.")).to_be_visible()
    _check(page)

    page.get_by_role("link", name="Create your profile and list it in the directory").click()
    page.wait_for_url("**/directory/me/edit")
    _check(page)
    page.locator("input[name=specialisms]").first.check()
    page.check("#listed")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been listed")).to_be_visible()

    _check(page, "/account/")
    expect(page.get_by_text("You have completed 3 of 3 steps.")).to_be_visible()
    _check(page, "/")
    expect(page.get_by_text("Get started: 3 of 3 steps done")).to_be_visible()
    page.get_by_role("button", name="Hide these steps").click()
    expect(page.get_by_text("The getting started steps are hidden")).to_be_visible()
    expect(page.get_by_text("Get started")).to_have_count(0)
    _check(page)


def test_an_anonymous_visitor_finds_out_about_the_directory(sized):
    page = sized
    _check(page, "/")
    page.get_by_role("link", name="Find out what the directory offers and how to join").click()
    page.wait_for_url("**/directory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find peers in the practitioner directory")
    _check(page)
    _check(page, "/directory/peers")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/auth/register")


def test_a_moderator_publishes_from_the_items_page(sized, live_server, make_user, make_case_study):
    page = sized
    with live_server.app.app_context():
        make_user(email="moderator@nhs.net", role="moderator")
        story = make_case_study(status="submitted", title="Flu vaccination uptake in a hospice")
        slug = story.slug
    page.goto("/auth/login")
    page.fill("#email", "moderator@nhs.net")
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    moderation = page.get_by_role("link", name=re.compile(r"Moderation \(1 waiting\)"))
    expect(moderation).to_have_count(1)
    _check(page, f"/case-studies/{slug}")
    expect(page.get_by_text("Review this case study")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish this case study?")
    _check(page)
    page.get_by_role("button", name="Yes, publish it").click()
    page.wait_for_url(f"**/case-studies/{slug}")
    expect(page.get_by_text("has been published and its author told")).to_be_visible()
    expect(page.get_by_text("Review this case study")).to_have_count(0)
    _check(page)
    _check(page, "/account/")
    expect(page.get_by_text("0 items are waiting for review")).to_be_visible()
