"""Following, notifications and their settings in a real browser at 1280 px and 390 px: every page
passes the axe check and logs no console error.

Journey: follow a space from its page, see it on the Following page, follow a topic there; a reply
by someone else appears as a notification with the header count; open it, mark all read; change a
setting. Screenshots of each new page land in the pytest temporary folder."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.following.models import Follow
from app.notifications.models import Notification
from tests.browser.axe import assert_accessible
from tests.spaces import conftest as spaces_fixtures

pytestmark = pytest.mark.browser
make_space = spaces_fixtures.make_space
make_thread = spaces_fixtures.make_thread

WIDTHS = (1280, 390)


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def sized(request, page):
    page.set_viewport_size({"width": request.param, "height": 900})
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.errors = errors
    page.width = request.param
    return page


def _check(page, path=None, shot=None, folder=None):
    if path is not None:
        response = page.goto(path)
        assert response.status == 200, path
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert page.errors == [], page.errors
    if shot and folder:
        page.screenshot(path=str(folder / f"{shot}-{page.width}.png"), full_page=True)


def _sign_in(page, email):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def world(live_server, make_user, make_space, make_thread):
    with live_server.app.app_context():
        reader = make_user(email="reader@nhs.net", name="Rita Reader")
        author = make_user(email="author@nhs.net", name="Ada Author")
        space = make_space(name="Menopause network", members=[reader, author])
        thread = make_thread(space, author, title="Menopause passports")
        db.session.add(Follow(user_id=reader.id, kind="thread", object_id=thread.id))
        for n in range(3):
            db.session.add(
                Notification(
                    user_id=reader.id,
                    type="reply",
                    event_key=f"r:{n}",
                    title=f"Ada Author replied in “Menopause passports” ({n + 1})",
                    url=f"/threads/{thread.id}",
                )
            )
        db.session.commit()
        return {"space": space.slug, "thread": thread.id}


def test_following_and_notifications_journey(sized, world, tmp_path_factory):
    page, folder = sized, tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    _sign_in(page, "reader@nhs.net")
    page.goto(f"/spaces/{world['space']}")
    page.get_by_role("button", name="Follow Menopause network").click()
    expect(page.get_by_text("You are following this space")).to_be_visible()
    _check(page)
    _check(page, "/following/", "following", folder)
    page.select_option("#follow-item", label="Burnout and mental health")
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_text("You are following this topic")).to_be_visible()
    _check(page)
    _check(page, "/notifications/", "notifications", folder)
    expect(page.get_by_role("link", name="Notifications (3)")).to_be_visible()
    page.get_by_role("link", name="Ada Author replied in “Menopause passports” (3)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Menopause passports")
    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("2 notifications marked as read.")).to_be_visible()
    _check(page)
    _check(page, "/notifications/settings", "settings", folder)
    page.select_option("#pref-reply", "weekly")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(page.locator("#pref-reply")).to_have_value("weekly")
    _check(page, "/", "home", folder)
