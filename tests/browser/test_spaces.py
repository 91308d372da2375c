"""Spaces and discussions in a real browser: every page passes axe at 1280 and 390 pixels wide
with no console errors, and a member replies (and quotes) with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.spaces.models import Reply, Report
from tests.browser.axe import assert_accessible
from tests.spaces import conftest as spaces_fixtures

pytestmark = pytest.mark.browser
make_space = spaces_fixtures.make_space  # the spaces tests' factory fixtures, shared here
make_thread = spaces_fixtures.make_thread
WIDTHS = (1280, 390)


@pytest.fixture
def world(live_server, make_user, make_space, make_thread):
    """A manager signed in to a space with a thread, replies, a report and a waiting request."""
    with live_server.app.app_context():
        manager = make_user(email="manager@nhs.net", name="Browser Manager", role="moderator")
        member = make_user(name="Browser Member")
        asker = make_user(name="Asking Member")
        space = make_space(name="Menopause champions", managers=[manager], members=[member], pending=[asker])
        thread = make_thread(space, member, replies=3, repliers=[member, manager])
        make_thread(None, member, title="Anyone using a wellbeing passport?")
        reply_id = db.session.scalar(select(Reply.id).where(Reply.author_id == manager.id).order_by(Reply.id))
        db.session.add(Report(thread_id=thread.id, reply_id=reply_id, reporter_id=member.id, reason="spam"))
        db.session.commit()
        ids = {"slug": space.slug, "thread": thread.id, "reply": reply_id}
    return ids


def _sign_in(page, email="manager@nhs.net"):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("You are signed in")).to_be_visible()


def _pages(ids):
    slug, thread, reply = ids["slug"], ids["thread"], ids["reply"]
    return [
        "/spaces/",
        "/spaces/new",
        f"/spaces/{slug}",
        f"/spaces/{slug}/edit",
        f"/spaces/{slug}/members",
        f"/spaces/{slug}/members?show=pending",
        f"/spaces/{slug}/threads/new",
        "/ask/",
        "/ask/new",
        f"/threads/{thread}",
        f"/threads/{thread}?quote={reply}",
        f"/threads/{thread}/edit",
        f"/threads/{thread}/report",
        f"/threads/{thread}/hide",
        f"/threads/{thread}/move",
        f"/threads/{thread}/merge",
        f"/replies/{reply}/edit",
        f"/replies/{reply}/history",
        f"/replies/{reply}/report",
        f"/replies/{reply}/hide",
        "/spaces/moderation",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_spaces_page_is_accessible(page, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    _sign_in(page)
    for path in _pages(world):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_form_errors_are_accessible(page, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page)
    page.goto("/spaces/new")
    page.get_by_role("button", name="Create space").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert_accessible(page)
    page.goto(f"/threads/{world['thread']}")
    page.get_by_role("button", name="Post reply").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_reply_form_works_with_the_keyboard_alone(page, world):
    _sign_in(page)
    page.goto(f"/threads/{world['thread']}")
    quote = page.get_by_role("link", name=re.compile(r"^Quote this reply")).first
    quote.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("You are quoting")).to_be_visible()
    page.locator("#body").focus()
    page.keyboard.type("We used a menopause passport, and it worked.")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Post reply"
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your reply has been posted")).to_be_visible()
    expect(page.get_by_text("We used a menopause passport, and it worked.")).to_be_visible()
    assert_accessible(page)
