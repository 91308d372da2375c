"""Calendars: .ics validity (parsed back with icalendar), BST/GMT, feeds and the month view."""

from datetime import UTC, datetime, timedelta

import icalendar
from sqlalchemy import select

from app.events.models import Event
from app.extensions import db
from tests.events.test_manage import FORM


def _vevents(data):
    calendar = icalendar.Calendar.from_ical(data)
    return [c for c in calendar.walk("VEVENT")]


def _aware(value):
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_event_spanning_the_change_from_bst_to_gmt(client, auth, make_user):
    # The clocks go back at 02:00 BST on Sunday 25 October 2026 (last Sunday of October).
    auth.login(make_user(role="moderator"))
    data = {
        **FORM,
        "title": "TRiM practitioner overnight",
        "starts_at": "2026-10-24T18:00",
        "ends_at": "2026-10-25T10:00",
    }
    assert client.post("/events/new", data=data).status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == "TRiM practitioner overnight"))
    assert _aware(event.starts_at) == datetime(2026, 10, 24, 17, 0, tzinfo=UTC)  # BST = UTC+1
    assert _aware(event.ends_at) == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)  # GMT = UTC
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Saturday 24 October 2026, 6pm to Sunday 25 October 2026, 10am" in page
    (vevent,) = _vevents(client.get(f"/events/{event.slug}.ics").data)
    assert vevent.decoded("dtstart") == datetime(2026, 10, 24, 17, 0, tzinfo=UTC)
    assert vevent.decoded("dtend") == datetime(2026, 10, 25, 10, 0, tzinfo=UTC)
    # 16 hours on the wall clock, but the clocks go back an hour overnight: 17 real hours.
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == timedelta(hours=17)
    edit = client.get(f"/events/{event.slug}/edit").get_data(as_text=True)
    assert 'value="2026-10-24T18:00"' in edit and 'value="2026-10-25T10:00"' in edit


def test_ics_has_stable_uid_sequence_bumps_and_cancelled_status(client, auth, make_user, make_event):
    event = make_event(title="Schwartz round")
    response = client.get(f"/events/{event.slug}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert calendar["VERSION"] == "2.0" and "OHWB" in str(calendar["PRODID"])
    (first,) = _vevents(response.data)
    assert str(first["UID"]) == f"event-{event.id}@ohwb-exchange"
    assert int(first["SEQUENCE"]) == 0 and str(first["STATUS"]) == "CONFIRMED"
    assert str(first["SUMMARY"]) == "Schwartz round" and "DTSTAMP" in first
    auth.login(make_user(role="moderator"))
    data = {**FORM, "title": "Schwartz round (moved)", "format": "in_person", "joining_url": ""}
    assert client.post(f"/events/{event.slug}/edit", data=data).status_code == 302
    (second,) = _vevents(client.get(f"/events/{event.slug}.ics").data)
    assert str(second["UID"]) == str(first["UID"])
    assert int(second["SEQUENCE"]) == 1 and str(second["SUMMARY"]) == "Schwartz round (moved)"
    assert client.post(f"/events/{event.slug}/cancel-event", data={"reason": "Room unavailable"}).status_code == 302
    (third,) = _vevents(client.get(f"/events/{event.slug}.ics").data)
    assert str(third["UID"]) == str(first["UID"])
    assert int(third["SEQUENCE"]) == 2 and str(third["STATUS"]) == "CANCELLED"


def test_changing_time_emails_registrants_an_updated_ics(client, auth, make_user, make_event, register, mailbox):
    event = make_event()
    attendee = make_user()
    register(event, attendee)
    auth.login(make_user(role="moderator"))
    data = {**FORM, "title": event.title, "format": "in_person", "joining_url": ""}
    assert client.post(f"/events/{event.slug}/edit", data=data).status_code == 302
    message = mailbox.last(attendee.email)
    assert "Event details changed" in message["Subject"]
    (part,) = list(message.iter_attachments())
    (vevent,) = _vevents(part.get_content().encode() if isinstance(part.get_content(), str) else part.get_content())
    assert int(vevent["SEQUENCE"]) == 1
    assert vevent.decoded("dtstart") == datetime(2030, 3, 14, 10, 0, tzinfo=UTC)  # GMT in March


def test_confirmation_attachment_parses_and_has_joining_link(make_user, make_event, register, mailbox):
    event = make_event(format="online", venue=None, joining_url="https://meet.example/room-42")
    user = make_user()
    register(event, user)
    (part,) = list(mailbox.last(user.email).iter_attachments())
    content = part.get_content()
    data = content.encode() if isinstance(content, str) else content
    (vevent,) = _vevents(data)
    assert str(vevent["UID"]) == event.uid
    assert "room-42" in str(vevent["DESCRIPTION"])


def test_personal_feed_works_without_sign_in_and_can_be_renewed_or_revoked(
    client, auth, make_user, make_event, register
):
    mine, other = make_event(title="Mine"), make_event(title="Not mine")
    user = make_user()
    register(mine, user)
    auth.login(user)
    assert client.get("/events/calendar-feed").status_code == 200
    client.post("/events/calendar-feed", data={"action": "renew"})
    page = client.get("/events/calendar-feed").get_data(as_text=True)
    token = page.split("/calendar/")[1].split(".ics")[0]
    auth.logout()
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    titles = [str(v["SUMMARY"]) for v in _vevents(response.data)]
    assert titles == ["Mine"] and other.title not in titles
    auth.login(user)
    client.post("/events/calendar-feed", data={"action": "renew"})
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    client.post("/events/calendar-feed", data={"action": "revoke"})
    assert "do not have a calendar address" in client.get("/events/calendar-feed").get_data(as_text=True)
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get(f"/calendar/{'x' * 200}.ics").status_code == 404


def test_public_feed_lists_public_events_only(client, make_event):
    make_event(title="Wellbeing fair")
    make_event(title="Members only forum", audience="members")
    make_event(title="Draft thing", status="draft")
    make_event(title="Called off", status="cancelled", cancel_reason="Strike")
    response = client.get("/events/feed.ics")
    assert response.status_code == 200
    events = {str(v["SUMMARY"]): str(v["STATUS"]) for v in _vevents(response.data)}
    assert events == {"Wellbeing fair": "CONFIRMED", "Called off": "CANCELLED"}


def test_month_calendar_places_events_on_london_dates(client, make_event):
    # 23:30 UTC on 31 July is 00:30 BST on 1 August: it belongs to August.
    make_event(title="Late night huddle", starts_at=datetime(2030, 7, 31, 23, 30, tzinfo=UTC))
    august = client.get("/events/calendar?month=2030-08").get_data(as_text=True)
    july = client.get("/events/calendar?month=2030-07").get_data(as_text=True)
    assert "Late night huddle" in august and "Late night huddle" not in july
    assert "<h1>August 2030</h1>" in august
    assert client.get("/events/calendar").status_code == 200
    for bad in ("2030-13", "junk", "99999-01", "<script>"):
        assert client.get(f"/events/calendar?month={bad}").status_code == 400
