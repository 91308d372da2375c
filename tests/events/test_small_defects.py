"""Registration may not open once the event has started; emails keep the venue and the joining link apart."""

from datetime import timedelta

from app.auth.models import utcnow
from app.events.models import Event
from app.events.services import notifications
from app.extensions import db
from tests.events.test_manage import FORM


def test_registration_opening_at_or_after_the_start_is_refused_by_the_field(client, auth, make_user, make_event):
    auth.login(make_user(role="moderator"))
    for opens in ("2030-03-14T10:00", "2030-03-14T11:00", "2030-04-01T09:00"):
        response = client.post("/events/new", data={**FORM, "registration_opens_at": opens})
        body = response.get_data(as_text=True)
        assert response.status_code == 400, opens
        assert body.count("Registration must open before the event starts") == 2  # summary and field
        assert 'href="#registration_opens_at"' in body  # the error summary links to the field
    assert db.session.query(Event).count() == 0
    assert client.post("/events/new", data={**FORM, "registration_opens_at": "2030-03-01T09:00"}).status_code == 302
    event = make_event()
    data = {**FORM, "title": event.title, "registration_opens_at": "2030-03-15T09:00"}
    response = client.post(f"/events/{event.slug}/edit", data=data)
    assert response.status_code == 400 and "Registration must open before the event starts" in response.get_data(
        as_text=True
    )
    db.session.refresh(event)
    assert event.registration_opens_at is None


def test_emails_put_the_venue_and_the_joining_link_on_their_own_lines(
    client, auth, make_user, make_event, register, mailbox
):
    now = utcnow()
    hybrid = dict(format="hybrid", venue="Hall", address="1 Road", joining_url="https://teams.example/meet/1")
    event = make_event(starts_at=now + timedelta(hours=20), **hybrid)
    member = make_user()
    register(event, member)
    confirmed = mailbox.body(mailbox.last(member.email))
    assert "\nHall, 1 Road\nJoin online: https://teams.example/meet/1\n" in confirmed
    notifications.send_reminders(now)
    reminder = mailbox.body(mailbox.last(member.email))
    assert "\nHall, 1 Road\nJoin online: https://teams.example/meet/1\n" in reminder
    auth.login(make_user(role="moderator"))
    data = {**FORM, "title": event.title, "venue": "Annexe", "address": "2 Lane", "format": "hybrid"}
    assert client.post(f"/events/{event.slug}/edit", data=data).status_code == 302
    changed = mailbox.body(mailbox.last(member.email))
    assert "\nWhere: Annexe, 2 Lane\n" in changed


def test_an_address_without_a_venue_is_still_given(make_user, make_event, register, mailbox):
    event = make_event(venue=None, address="Great George Street, Leeds")
    member = make_user()
    register(event, member)
    assert "\nGreat George Street, Leeds\n" in mailbox.body(mailbox.last(member.email))
