"""The inbox and the Saved page in a real browser at 1280 px and 390 px: every page passes the
axe check and logs no console error.

Journeys: from a profile's "Send a message" to a conversation (with the error page on the way),
the reply read by the other member with the header count, reporting it, a moderator's reported
conversations; saving a case study and a profile and finding them on the Saved page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import check_page
from tests.directory import conftest as directory_fixtures
from tests.kb import conftest as kb_fixtures
from tests.spaces import conftest as spaces_fixtures

pytestmark = pytest.mark.browser
make_profile = directory_fixtures.make_profile
make_case_study = kb_fixtures.make_case_study
make_space = spaces_fixtures.make_space
make_thread = spaces_fixtures.make_thread


@pytest.fixture
def people(live_server, make_user, make_profile):
    """A sender and a listed recipient; returns the recipient's profile slug."""
    with live_server.app.app_context():
        make_user(email="sender@nhs.net", name="Sally Sender")
        recipient = make_user(email="recipient@nhs.net", name="Rory Recipient")
        make_user(email="moderator@nhs.net", name="Mo Derator", role="moderator")
        return make_profile(user=recipient, display_name="Rory Recipient").slug


def test_message_journey(sized, people, sign_in):
    page, slug = sized, people
    sign_in(page, "sender@nhs.net")
    check_page(page, "/inbox/")
    page.goto(f"/directory/{slug}")
    page.get_by_role("link", name="Send a message").click()
    check_page(page)
    page.get_by_role("button", name="Send message").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    page.errors.remove("Failed to load resource: the server responded with a status of 400 (BAD REQUEST)")
    check_page(page)
    page.fill("#subject", "Shared audit tool")
    page.fill("#body", "Could we **compare** notes?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message has been sent")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "recipient@nhs.net")
    expect(page.get_by_role("link", name="Inbox (1 new)")).to_have_count(1)
    check_page(page, "/inbox/")
    page.get_by_role("link", name="Shared audit tool").click()
    check_page(page)
    expect(page.locator("strong", has_text="compare")).to_be_visible()
    page.fill("#body", "Yes please.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply has been sent")).to_be_visible()
    page.get_by_role("link", name="Report this conversation to moderators").click()
    check_page(page)
    page.get_by_label("Advertising or spam").check()
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("A moderator will read this conversation")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "moderator@nhs.net")
    check_page(page, "/inbox/reports")
    page.get_by_role("link", name="Shared audit tool").click()
    check_page(page)
    page.get_by_label("Dismiss the report").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("The report has been closed")).to_be_visible()


def test_saved_items(sized, live_server, people, make_case_study, sign_in):
    page, slug = sized, people
    with live_server.app.app_context():
        study_slug = make_case_study(title="Fast-track physiotherapy").slug
    sign_in(page, "sender@nhs.net")
    check_page(page, "/saved/")
    page.goto(f"/case-studies/{study_slug}")
    page.get_by_role("button", name=re.compile(r"^Save")).click()
    expect(page.get_by_role("button", name=re.compile("Saved ✓ — remove"))).to_be_visible()
    check_page(page)
    page.goto(f"/directory/{slug}")
    page.get_by_role("button", name=re.compile(r"^Save")).click()
    check_page(page, "/saved/")
    expect(page.get_by_role("link", name="Fast-track physiotherapy")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Profiles \(1\)")).click()
    check_page(page)
    expect(page.get_by_role("link", name="Rory Recipient")).to_be_visible()


def test_saved_threads(sized, live_server, make_user, make_space, make_thread, sign_in):
    page = sized
    with live_server.app.app_context():
        member, manager = make_user(email="member@nhs.net"), make_user(name="Space Manager")
        open_space = make_space(name="Menopause champions", members=[manager])
        closed = make_space(name="Hospice OH leads", policy="private", managers=[manager], members=[member])
        ids = [
            make_thread(open_space, manager, title="Menopause passport: how did you start?", replies=2).id,
            make_thread(closed, manager, title="Staffing plan for the winter", kind="discussion").id,
        ]
    sign_in(page, "member@nhs.net")
    check_page(page, "/saved/")
    expect(page.get_by_text("You have not saved anything yet.")).to_be_visible()
    for thread_id in ids:
        check_page(page, f"/threads/{thread_id}")
        page.get_by_role("button", name=re.compile(r"^Save")).click()
        expect(page.get_by_role("button", name=re.compile("Saved ✓ — remove"))).to_be_visible()
        check_page(page)
    check_page(page, "/saved/")
    expect(page.get_by_role("link", name=re.compile(r"^Discussions \(2\)"))).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Discussions \(2\)")).click()
    check_page(page)
    expect(page.get_by_text("Question in Menopause champions, 2 replies")).to_be_visible()
    page.get_by_role("link", name="Staffing plan for the winter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staffing plan for the winter")
