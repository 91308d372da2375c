"""The spaces-extras pages in a real browser, checked with axe at 1280 and 390 pixels wide and
with no console errors: a space page with its upcoming events and recommended resources, the
recommend form (with its errors), the event form's space question, and discussions in search."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.auth.models import utcnow
from app.content import render_markdown
from app.events.models import Event
from app.extensions import db
from app.resources.models import Resource
from app.spaces.models import Reply, Space, SpaceMember, Thread
from app.spaces.recommend_models import SpaceRecommendation
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser
WIDTHS = (1280, 390)


def _console_error(seen, message):
    # A form page answering 400 is the page's own status (NHS.UK error pattern), not a script error.
    if message.type == "error" and "responded with a status of 400" not in message.text:
        seen.append(message.text)


@pytest.fixture
def errors(page):
    """Console errors and uncaught exceptions seen by the page."""
    seen = []
    page.on("console", lambda message: _console_error(seen, message))
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def check_widths(page, errors):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    assert errors == []


@pytest.fixture
def space_world(live_server, make_user):
    """A manager of an open space with an upcoming event, a recommended resource and a question."""
    with live_server.app.app_context():
        manager = make_user(email="manager@nhs.net", name="Mani Manager")
        moderator = make_user(email="moderator@nhs.net", role="moderator")
        space = Space(
            slug="menopause-champions",
            name="Menopause champions",
            purpose="For menopause champions",
            description_md="About",
            description_html="<p>About</p>",
            join_policy="open",
            member_count=1,
        )
        db.session.add(space)
        db.session.flush()
        db.session.add(SpaceMember(space_id=space.id, user_id=manager.id, role="manager", status="active"))
        starts = utcnow().replace(microsecond=0) + timedelta(days=7)
        db.session.add(
            Event(
                slug="menopause-cafe",
                title="Menopause cafe",
                summary="Drop in and talk",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                status="published",
                venue="Leeds",
                space_id=space.id,
            )
        )
        resource = Resource(
            slug="menopause-policy",
            title="Menopause policy template",
            summary="A policy you can adapt",
            resource_type="template",
            status="published",
            visibility="members",
            author_id=manager.id,
            external_url="https://www.england.nhs.uk/",
            published_at=utcnow(),
        )
        db.session.add(resource)
        db.session.flush()
        db.session.add(SpaceRecommendation(space_id=space.id, kind="resource", object_id=resource.id, note="We use it"))
        thread = Thread(
            space_id=space.id,
            kind="question",
            title="Menopause passport for a small hospice?",
            body_md="Has anyone adapted one?",
            body_html=render_markdown("Has anyone adapted one?"),
            author_id=manager.id,
            last_activity_at=utcnow(),
        )
        db.session.add(thread)
        db.session.flush()
        answer = Reply(thread_id=thread.id, body_md="Yes, ours", body_html="<p>Yes, ours</p>", author_id=manager.id)
        db.session.add(answer)
        db.session.flush()
        thread.accepted_reply_id = answer.id
        db.session.commit()
        return {"manager": manager.email, "moderator": moderator.email, "space": space.slug}


def sign_in(page, email):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()


def test_space_page_with_events_and_recommendations_is_accessible(page, errors, space_world):
    sign_in(page, space_world["manager"])
    page.goto(f"/spaces/{space_world['space']}")
    assert page.get_by_role("heading", name="Upcoming events").is_visible()
    assert page.get_by_role("link", name="Menopause cafe").is_visible()
    assert page.get_by_role("link", name="Menopause policy template").is_visible()
    check_widths(page, errors)


def test_recommend_form_with_errors_then_success_is_accessible(page, errors, space_world):
    sign_in(page, space_world["manager"])
    page.goto(f"/spaces/{space_world['space']}")
    page.get_by_role("button", name="Remove recommendation").click()
    expect(page.get_by_text("No resources recommended yet.")).to_be_visible()  # waits for the new page
    page.get_by_role("link", name="Recommend a resource or case study").click()
    page.fill("#address", "/resources/nothing-here")
    page.get_by_role("button", name="Recommend").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    check_widths(page, errors)
    page.fill("#address", "/resources/menopause-policy")
    page.fill("#note", "Our favourite")
    page.get_by_role("button", name="Recommend").click()
    expect(page.get_by_text("Our favourite")).to_be_visible()
    check_widths(page, errors)


def test_event_form_space_question_is_accessible(page, errors, space_world):
    sign_in(page, space_world["moderator"])
    page.goto("/events/new")
    assert page.get_by_label("Space").is_visible()
    check_widths(page, errors)


def test_discussion_in_search_results_is_accessible(page, errors, space_world):
    sign_in(page, space_world["manager"])
    page.goto("/search?q=passport")
    assert "Menopause passport for a small hospice?" in page.content()
    assert page.get_by_label("Answered (1)").is_visible()
    check_widths(page, errors)
