"""Issue 13, events: the cancellation removes the calendar entry, one-click calendar links, venue
postcodes with a map link, attendee names linking to listed profiles, and a month chooser."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
from sqlalchemy import select

from app.directory.models import PractitionerProfile
from app.events.forms import month_choices
from app.events.models import Event
from app.extensions import db
from app.models_base import utcnow
from tests.events.test_manage import FORM


def _calendar(part):
    content = part.get_content()
    return icalendar.Calendar.from_ical(content.encode() if isinstance(content, str) else content)


def _links(page):
    """{label: query parameters} of the add-to-calendar links on an event page."""
    found = {}
    for chunk in page.split('<a href="')[1:]:
        href, _, rest = chunk.partition('"')
        label = rest.partition(">")[2].partition("<")[0]
        if label.startswith("Add to ") and href.startswith("https://"):
            found[label[len("Add to ") :]] = (
                href.replace("&amp;", "&"),
                parse_qs(urlsplit(href.replace("&amp;", "&")).query),
            )
    return found


def test_cancelling_sends_each_registrant_a_calendar_cancellation(
    client, auth, make_user, make_event, register, mailbox
):
    event = make_event(title="Schwartz round: December")
    attendee = make_user(email="attendee@nhs.net")
    register(event, attendee)
    (confirmation,) = [_calendar(part) for part in mailbox.last(attendee.email).iter_attachments()]
    (booked,) = confirmation.walk("VEVENT")

    auth.login(make_user(role="moderator"))
    assert client.post(f"/events/{event.slug}/cancel-event", data={"reason": "Room flooded"}).status_code == 302
    message = mailbox.last(attendee.email)
    assert (
        "Event cancelled" in message["Subject"]
        and "remove the event from your calendar" in message.get_body().get_content()
    )
    (part,) = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "CANCEL"
    assert part.get_filename() == "cancel-event.ics"
    cancellation = _calendar(part)
    assert str(cancellation["METHOD"]) == "CANCEL"
    (cancelled,) = cancellation.walk("VEVENT")
    assert str(cancelled["UID"]) == str(booked["UID"]) == event.uid
    assert int(cancelled["SEQUENCE"]) > int(booked["SEQUENCE"])
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["ATTENDEE"]).lower() == "mailto:attendee@nhs.net"
    assert str(cancelled["ORGANIZER"]).startswith("mailto:")
    assert "Room flooded" in str(cancelled["DESCRIPTION"])
    # The event's own .ics (for feeds and downloads) stays a published calendar, struck out.
    download = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}.ics").data)
    assert str(download["METHOD"]) == "PUBLISH" and str(download.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_event_page_offers_google_and_outlook_links_beside_the_ics(client, make_event):
    starts = datetime(2030, 7, 1, 9, 30, tzinfo=UTC)  # 10:30 in London (BST)
    event = make_event(
        title="MSK self-referral & triage",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        format="hybrid",
        joining_url="https://teams.example/meet/secret-room",
        postcode="LS1 3EX",
    )
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Add to your calendar" in page and f'href="/events/{event.slug}.ics"' in page
    links = _links(page)
    assert set(links) == {"Google Calendar", "Outlook (NHSmail, Microsoft 365)", "Outlook.com"}
    google_url, google = links["Google Calendar"]
    assert google_url.startswith("https://calendar.google.com/calendar/render?")
    assert google["action"] == ["TEMPLATE"] and google["text"] == ["MSK self-referral & triage"]
    assert google["dates"] == ["20300701T093000Z/20300701T113000Z"]
    assert "Leeds General Infirmary" in google["location"][0] and "LS1 3EX" in google["location"][0]
    outlook_url, outlook = links["Outlook (NHSmail, Microsoft 365)"]
    assert outlook_url.startswith("https://outlook.office.com/calendar/deeplink/compose?")
    assert outlook["startdt"] == ["2030-07-01T09:30:00+00:00"] and outlook["subject"] == ["MSK self-referral & triage"]
    assert links["Outlook.com"][0].startswith("https://outlook.live.com/calendar/deeplink/compose?")
    # The joining link is only for people with a place: never in links anyone can see.
    assert "secret-room" not in google_url + outlook_url


def test_no_calendar_links_for_a_cancelled_or_finished_event(client, make_event):
    cancelled = make_event(status="cancelled", cancel_reason="Strike")
    past = make_event(starts_at=utcnow() - timedelta(days=3))
    for event in (cancelled, past):
        page = client.get(f"/events/{event.slug}").get_data(as_text=True)
        assert _links(page) == {} and f"/events/{event.slug}.ics" in page


def test_venue_postcode_is_tidied_shown_with_a_map_link_and_written_into_calendars(client, auth, make_user):
    auth.login(make_user(role="moderator"))
    assert client.post("/events/new", data={**FORM, "postcode": "  m6 8hd "}).status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == FORM["title"]))
    assert event.postcode == "M6 8HD"
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Salford Royal, Stott Lane, Salford, M6 8HD" in page
    assert 'href="https://www.openstreetmap.org/search?query=M6+8HD"' in page and "View M6 8HD on OpenStreetMap" in page
    # A link, not an embedded map: no tiles, frames or scripts from elsewhere, and the CSP is as it was.
    response = client.get(f"/events/{event.slug}")
    assert "<iframe" not in page and "tile.openstreetmap" not in page
    assert "openstreetmap" not in response.headers.get("Content-Security-Policy", "")
    (vevent,) = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}.ics").data).walk("VEVENT")
    assert "M6 8HD" in str(vevent["LOCATION"])
    assert 'value="M6 8HD"' in client.get(f"/events/{event.slug}/edit").get_data(as_text=True)


def test_a_postcode_that_is_not_one_is_explained_and_nothing_is_saved(client, auth, make_user):
    auth.login(make_user(role="moderator"))
    for bad in ("two", "LS1", "12345", "LS1 4AP LS1 4AP", "<script>"):
        response = client.post("/events/new", data={**FORM, "postcode": bad})
        assert response.status_code == 400, bad
        assert "Enter a real postcode, like LS1 4AP" in response.get_data(as_text=True)
    assert db.session.scalar(select(Event.id).where(Event.title == FORM["title"])) is None


def test_attendee_names_link_to_profiles_only_where_the_profile_is_listed(
    client, auth, make_user, make_event, register
):
    event = make_event()
    listed, unlisted, no_profile = (make_user(name=n) for n in ("Listed Person", "Unlisted Person", "Plain Person"))
    db.session.add_all(
        [
            PractitionerProfile(user=listed, slug="listed-person", display_name="Listed Person", listed=True),
            PractitionerProfile(user=unlisted, slug="unlisted-person", display_name="Unlisted Person", listed=False),
        ]
    )
    db.session.commit()
    viewer = make_user()
    for user in (listed, unlisted, no_profile, viewer):
        register(event, user, show_on_list=True)
    auth.login(viewer)
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    who = page.split("Who is coming")[1]
    assert '<a href="/directory/listed-person">Listed Person</a>' in who
    assert "Unlisted Person" in who and "/directory/unlisted-person" not in page
    assert "Plain Person" in who and who.count("/directory/") == 1
    auth.logout()
    auth.login(make_user(role="moderator"))
    roster = client.get(f"/events/{event.slug}/attendees").get_data(as_text=True)
    assert (
        '<a href="/directory/listed-person">Listed Person</a>' in roster and "/directory/unlisted-person" not in roster
    )


def test_month_filter_is_a_choice_of_months(client, make_event):
    soon = make_event(title="Soon", starts_at=utcnow() + timedelta(days=40))
    make_event(title="Later", starts_at=utcnow() + timedelta(days=120))
    page = client.get("/events/").get_data(as_text=True)
    assert '<select class="nhsuk-select" id="month" name="month">' in page and 'name="month" type="text"' not in page
    assert '<option value="" selected>Any month</option>' in page
    month = soon.starts_at.strftime("%Y-%m")
    assert f'<option value="{month}">{soon.starts_at:%B %Y}</option>' in page
    chosen = client.get(f"/events/?month={month}").get_data(as_text=True)
    assert f'<option value="{month}" selected>' in chosen
    assert ">Soon</a>" in chosen and ">Later</a>" not in chosen
    # An old link to a month outside the window still works, and the choice shows it.
    old = client.get("/events/?month=2019-05").get_data(as_text=True)
    assert '<option value="2019-05" selected>May 2019</option>' in old and "Events in May 2019" in old


def test_month_choices_run_a_year_back_and_a_year_ahead():
    choices = month_choices(today=datetime(2026, 11, 29).date())
    assert choices[0] == ("2025-11", "November 2025") and choices[-1] == ("2027-11", "November 2027")
    assert len(choices) == 25 and ("2026-11", "November 2026") in choices
    assert month_choices("2031-02", today=datetime(2026, 11, 29).date())[-1] == ("2031-02", "February 2031")
    assert len(month_choices("nonsense", today=datetime(2026, 11, 29).date())) == 25
