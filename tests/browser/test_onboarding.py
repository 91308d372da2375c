"""Getting started and the moderators' way in, in a real browser at 1280 px and 390 px: every page
passes the axe check and logs no console error.

Journeys: register -> verify -> profile -> listed (with the steps shown on the home and account
pages until they are hidden); an anonymous visitor at the directory; a moderator publishes a
submitted case study from its own page through the confirmation page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import check_page
from tests.conftest import Mailbox
from tests.kb import conftest as kb_fixtures

pytestmark = pytest.mark.browser
make_case_study = kb_fixtures.make_case_study  # the knowledge base's case-study factory fixture, shared here

PASSWORD = "a long enough password"


def test_register_verify_profile_listed(sized, live_server):
    page = sized
    mailbox = Mailbox(live_server.app.config["OUTBOX_DIR"])
    check_page(page, "/auth/register")
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
    check_page(page)

    link = mailbox.link(mailbox.last("kerensa.trewin@nhs.net"))
    page.goto(link)
    page.wait_for_url("**/account/")
    expect(page.get_by_text("You have completed 1 of 3 steps.")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Create your profile and list it in the directory").click()
    page.wait_for_url("**/directory/me/edit")
    check_page(page)
    page.locator("input[name=specialisms]").first.check()
    page.check("#listed")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been listed")).to_be_visible()

    check_page(page, "/account/")
    expect(page.get_by_text("You have completed 3 of 3 steps.")).to_be_visible()
    check_page(page, "/")
    expect(page.get_by_text("Get started: 3 of 3 steps done")).to_be_visible()
    page.get_by_role("button", name="Hide these steps").click()
    expect(page.get_by_text("The getting started steps are hidden")).to_be_visible()
    expect(page.get_by_text("Get started")).to_have_count(0)
    check_page(page)


def test_an_anonymous_visitor_finds_out_about_the_directory(sized):
    page = sized
    check_page(page, "/")
    page.get_by_role("link", name="Find out what the directory offers and how to join").click()
    page.wait_for_url("**/directory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find peers in the practitioner directory")
    check_page(page)
    check_page(page, "/directory/peers")
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/auth/register")


def test_a_moderator_publishes_from_the_items_page(sized, live_server, make_user, make_case_study, sign_in):
    page = sized
    with live_server.app.app_context():
        make_user(email="moderator@nhs.net", role="moderator")
        story = make_case_study(status="submitted", title="Flu vaccination uptake in a hospice")
        slug = story.slug
    sign_in(page, "moderator@nhs.net")
    moderation = page.get_by_role("link", name=re.compile(r"Moderation \(1 waiting\)"))
    expect(moderation).to_have_count(1)
    check_page(page, f"/case-studies/{slug}")
    expect(page.get_by_text("Review this case study")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish this case study?")
    check_page(page)
    page.get_by_role("button", name="Yes, publish it").click()
    page.wait_for_url(f"**/case-studies/{slug}")
    expect(page.get_by_text("has been published and its author told")).to_be_visible()
    expect(page.get_by_text("Review this case study")).to_have_count(0)
    check_page(page)
    check_page(page, "/account/")
    expect(page.get_by_text("0 items are waiting for review")).to_be_visible()
