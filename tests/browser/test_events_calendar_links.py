"""The issue 13 event changes in a real browser, at 1280 and 390 pixels wide: the month chooser,
the calendar links, the venue's map link, attendee names linking to profiles, the postcode error,
and the journey from booking to a cancellation that takes the event out of the calendar."""

import re
from datetime import timedelta

import icalendar
import pytest
from playwright.sync_api import expect

from app.auth.models import utcnow
from app.directory.models import PractitionerProfile
from app.events.models import Event
from app.events.services.registration import register
from app.extensions import db, limiter
from tests.browser.axe import assert_accessible
from tests.conftest import Mailbox

pytestmark = pytest.mark.browser
WIDTHS = (1280, 390)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


def _world(app, make_user):
    """An event in 40 days with a postcode; a listed attendee on the list; a signed-up viewer."""
    with app.app_context():
        start = utcnow().replace(microsecond=0) + timedelta(days=40)
        event = Event(
            slug="trim-network",
            title="TRiM practitioner network",
            summary="Case discussion and peer support",
            event_type="network_meeting",
            format="in_person",
            venue="Education centre",
            address="Great George Street, Leeds",
            postcode="LS1 3EX",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=20,
            status="published",
            description_md="Bring a case",
            description_html="<p>Bring a case</p>",
        )
        db.session.add(event)
        attendee = make_user(email="listed@nhs.net", name="Gita Tran")
        db.session.add(PractitionerProfile(user=attendee, slug="gita-tran", display_name="Gita Tran", listed=True))
        viewer = make_user(email="viewer@nhs.net")
        db.session.commit()
        register(event.id, attendee.id, show_on_list=True)
        register(event.id, viewer.id, show_on_list=False)
        make_user(email="mod@nhs.net", role="moderator")
        return start.strftime("%Y-%m")


def _sign_in(page, email):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_month_chooser_calendar_links_map_and_attendees(page, live_server, make_user):
    month = _world(live_server.app, make_user)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _sign_in(page, "viewer@nhs.net")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/events/")
        if not page.locator("#month").is_visible():  # on a phone the filters sit behind "Filter results"
            page.locator("[data-app-filters] summary").click()
        page.select_option("#month", month)
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(rf"month={month}"))
        expect(page.locator("h1")).to_contain_text("Events in")
        expect(page.get_by_role("link", name="TRiM practitioner network")).to_be_visible()
        assert_accessible(page)

        page.get_by_role("link", name="TRiM practitioner network").click()
        expect(page.get_by_role("link", name="View LS1 3EX on OpenStreetMap")).to_have_attribute(
            "href", "https://www.openstreetmap.org/search?query=LS1+3EX"
        )
        expect(page.get_by_role("link", name="Download a calendar file (.ics)")).to_be_visible()
        expect(page.get_by_role("link", name="Add to Google Calendar")).to_have_attribute(
            "href", re.compile(r"^https://calendar\.google\.com/calendar/render\?action=TEMPLATE")
        )
        expect(page.get_by_role("link", name="Add to Outlook (NHSmail, Microsoft 365)")).to_be_visible()
        expect(page.get_by_role("link", name="Gita Tran")).to_have_attribute("href", "/directory/gita-tran")
        assert page.locator("iframe").count() == 0
        assert_accessible(page)
    assert errors == []


def test_postcode_error_on_the_event_form(page, live_server, make_user):
    _world(live_server.app, make_user)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    _sign_in(page, "mod@nhs.net")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/events/new")
        page.fill("#postcode", "two")
        page.get_by_role("button", name="Save event").click()
        expect(page).to_have_title(re.compile(r"^Error:"))
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a real postcode, like LS1 4AP")
        expect(page.locator("#postcode")).to_have_value("two")
        assert_accessible(page)
    # The form answers 400 on purpose (Chromium logs the status itself); nothing else may complain.
    assert [error for error in errors if "status of 400" not in error] == []


def _calendar_of(message):
    (part,) = list(message.iter_attachments())
    content = part.get_content()
    return part, icalendar.Calendar.from_ical(content.encode() if isinstance(content, str) else content)


@pytest.mark.parametrize("width", WIDTHS)
def test_book_then_the_organiser_cancels_and_both_calendar_files_arrive(page, live_server, make_user, width):
    """The issue 13 journey: book an event, it is cancelled, and the calendar entry goes again."""
    _world(live_server.app, make_user)
    with live_server.app.app_context():
        make_user(email="booker@nhs.net")
    mailbox = Mailbox(live_server.app.config["OUTBOX_DIR"])
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, "booker@nhs.net")
    page.goto("/events/trim-network")
    page.get_by_role("link", name="Book a place").click()
    page.get_by_role("button", name="Book a place").click()
    expect(page.get_by_text("Your place is confirmed")).to_be_visible()
    assert_accessible(page)
    _, booked = _calendar_of(mailbox.last("booker@nhs.net"))
    (booked_event,) = booked.walk("VEVENT")
    assert str(booked["METHOD"]) == "PUBLISH" and "LS1 3EX" in str(booked_event["LOCATION"])
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, "mod@nhs.net")
    page.goto("/events/trim-network")
    page.get_by_role("link", name="Cancel event").click()
    assert_accessible(page)
    page.fill("#reason", "The room is needed for vaccination clinics")
    page.get_by_role("button", name="Cancel the event").click()
    expect(page.get_by_text("This event has been cancelled")).to_be_visible()
    assert_accessible(page)
    message = mailbox.last("booker@nhs.net")
    assert message["Subject"].startswith("Event cancelled")
    part, cancelled = _calendar_of(message)
    (cancelled_event,) = cancelled.walk("VEVENT")
    assert part.get_param("method") == "CANCEL" and str(cancelled["METHOD"]) == "CANCEL"
    assert str(cancelled_event["UID"]) == str(booked_event["UID"])
    assert int(cancelled_event["SEQUENCE"]) > int(booked_event["SEQUENCE"])
    assert errors == []
