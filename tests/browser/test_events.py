"""Event pages in a real browser (CSRF on), each checked with axe (the events feature's browser tier)."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.auth.models import utcnow
from app.events.models import Event, EventRegistration
from app.extensions import db, limiter
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """These tests sign in several times; keep the login rate limit from spilling into other tests."""
    limiter.reset()
    yield
    limiter.reset()


def _event(app, **fields):
    with app.app_context():
        start = utcnow().replace(microsecond=0) + timedelta(days=3)
        values = dict(
            slug="menopause-cafe",
            title="Menopause cafe",
            summary="Tea and talk for menopause champions",
            event_type="network_meeting",
            format="in_person",
            venue="Staff wellbeing hub",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=1,
            status="published",
            description_md="Bring questions",
            description_html="<p>Bring questions</p>",
        )
        values.update(fields)
        event = Event(**values)
        db.session.add(event)
        db.session.commit()
        return event.id


def _sign_in(page, email):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()


def test_list_calendar_and_detail_are_accessible(page, live_server):
    _event(live_server.app)
    for path in ["/events/", "/events/?when=past", "/events/calendar", "/events/menopause-cafe"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1
        assert_accessible(page)
    page.goto(f"/events/calendar?month={(utcnow() + timedelta(days=3)).strftime('%Y-%m')}")
    assert page.get_by_role("link", name="Menopause cafe").count() >= 1


def test_member_registers_then_second_member_joins_waiting_list(page, live_server, make_user):
    app = live_server.app
    _event(app)
    with app.app_context():
        make_user(email="first@nhs.net")
        make_user(email="second@nhs.net")
    _sign_in(page, "first@nhs.net")
    page.goto("/events/menopause-cafe")
    page.get_by_role("link", name="Book a place").click()
    page.wait_for_url("**/events/menopause-cafe/register")
    assert_accessible(page)
    page.fill("#access_needs", "Quiet space")
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("Your place is confirmed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, "second@nhs.net")
    page.goto("/events/menopause-cafe")
    page.get_by_role("link", name="Join the waiting list").click()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_text("You are number 1 on the waiting list").first).to_be_visible()
    page.get_by_role("link", name="Cancel your waiting-list entry").click()
    page.wait_for_url("**/events/menopause-cafe/cancel")
    assert_accessible(page)
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration has been cancelled")).to_be_visible()
    with app.app_context():
        statuses = sorted(r.status for r in db.session.query(EventRegistration).all())
    assert statuses == ["cancelled", "confirmed"]


def test_create_form_errors_and_attendees_page_are_accessible(page, live_server, make_user):
    app = live_server.app
    _event(app)
    with app.app_context():
        make_user(email="mod@nhs.net", role="moderator")
    _sign_in(page, "mod@nhs.net")
    page.goto("/events/new")
    assert_accessible(page)
    page.get_by_role("button", name="Save event").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.goto("/events/menopause-cafe/attendees")
    assert_accessible(page)
    page.goto("/events/calendar-feed")
    assert_accessible(page)
