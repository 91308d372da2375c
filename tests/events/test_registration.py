"""Registering, the waiting list, cancelling and promotion, through the pages."""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import utcnow
from app.events.models import Event, EventRegistration
from app.extensions import db
from tests.events.conftest import registrations


def _status(event, user):
    return db.session.scalar(
        select(EventRegistration.status).where(
            EventRegistration.event_id == event.id, EventRegistration.user_id == user.id
        )
    )


def test_member_books_a_place_and_gets_confirmation_with_ics(client, auth, make_user, make_event, mailbox):
    event = make_event(capacity=2)
    user = make_user()
    auth.login(user)
    page = client.get(f"/events/{event.slug}/register")
    assert page.status_code == 200 and "Book a place" in page.get_data(as_text=True)
    response = client.post(
        f"/events/{event.slug}/register", data={"access_needs": "Step-free access", "show_on_list": "y"}
    )
    assert response.status_code == 302
    assert _status(event, user) == "confirmed"
    db.session.refresh(event)
    assert event.confirmed_count == 1
    message = mailbox.last(user.email)
    assert "Your place is confirmed" in message["Subject"]
    attachments = [part for part in message.iter_attachments()]
    assert attachments and attachments[0].get_content_type() == "text/calendar"
    detail = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "You have a place" in detail and "1 of 2 places left" in detail


def test_full_event_puts_people_on_waiting_list_in_order(client, auth, make_user, make_event, register, mailbox):
    event = make_event(capacity=1)
    first, second, third = make_user(), make_user(), make_user()
    register(event, first)
    register(event, second)
    register(event, third)
    assert [r.status for r in registrations(event)] == ["confirmed", "waiting", "waiting"]
    assert "number 2" in mailbox.body(mailbox.last(third.email))
    auth.login(third)
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "You are number 2 on the waiting list" in page
    assert "2 people on the waiting list" in page and "Fully booked" in page


def test_duplicate_registration_is_refused(client, auth, make_user, make_event, register):
    event = make_event()
    user = make_user()
    register(event, user)
    auth.login(user)
    response = client.post(f"/events/{event.slug}/register", data={})
    assert response.status_code == 302  # already registered: sent back to the event
    from app.events.services import EventError
    from app.events.services import registration as service

    try:
        service.register(event.id, user.id)
    except EventError as error:
        assert "already registered" in error.message
    else:
        raise AssertionError("duplicate accepted")
    assert len(registrations(event)) == 1


def test_a_second_click_of_book_arriving_during_the_first_is_sent_back_to_the_event(
    client, auth, make_user, make_event, register, monkeypatch
):
    """Two "Book" requests of one member at once: the second passes the page's check before
    the first commits, and the service refuses it; the member sees their place, not an error."""
    from app.events.services import queries

    event = make_event()
    user = make_user()
    register(event, user)
    auth.login(user)
    monkeypatch.setattr(queries, "own_registration", lambda event, user: None)  # the check ran too early
    response = client.post(f"/events/{event.slug}/register", data={})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/events/{event.slug}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are already registered for this event." in page
    assert len(registrations(event)) == 1


def test_cancelling_promotes_first_waiting_person_and_emails_them(
    client, auth, make_user, make_event, register, mailbox
):
    event = make_event(capacity=1)
    holder, first_waiting, second_waiting = make_user(), make_user(), make_user()
    register(event, holder)
    register(event, first_waiting)
    register(event, second_waiting)
    auth.login(holder)
    assert client.get(f"/events/{event.slug}/cancel").status_code == 200
    assert client.post(f"/events/{event.slug}/cancel").status_code == 302
    assert _status(event, holder) == "cancelled"
    assert _status(event, first_waiting) == "confirmed"
    assert _status(event, second_waiting) == "waiting"
    db.session.refresh(event)
    assert event.confirmed_count == 1
    assert "A place is now yours" in mailbox.last(first_waiting.email)["Subject"]
    assert "cancelled" in mailbox.last(holder.email)["Subject"]
    again = client.post(f"/events/{event.slug}/cancel")
    assert again.status_code == 400 and "not registered" in again.get_data(as_text=True)


def test_re_registering_after_cancelling_goes_to_the_back_of_the_queue(make_user, make_event, register):
    from app.events.services import registration as service

    event = make_event(capacity=1)
    a, b, c = make_user(), make_user(), make_user()
    register(event, a)
    register(event, b)
    service.cancel(event.id, b.id)
    register(event, c)
    register(event, b)
    waiting = [r.user_id for r in registrations(event) if r.status == "waiting"]
    assert waiting == [c.id, b.id]


def test_waiting_person_cancelling_does_not_change_places(make_user, make_event, register):
    from app.events.services import registration as service

    event = make_event(capacity=1)
    a, b = make_user(), make_user()
    register(event, a)
    register(event, b)
    service.cancel(event.id, b.id)
    db.session.refresh(event)
    assert event.confirmed_count == 1
    assert _status(event, a) == "confirmed"


def test_anonymous_and_unverified_cannot_register(client, auth, make_user, make_event):
    event = make_event()
    response = client.post(f"/events/{event.slug}/register", data={})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    auth.login(make_user(verified=False))
    response = client.post(f"/events/{event.slug}/register", data={})
    assert response.status_code == 302 and "/account" in response.headers["Location"]
    assert registrations(event) == []


def test_registration_closed_states_give_a_clear_400(client, auth, make_user, make_event):
    now = utcnow()
    not_yet = make_event(registration_opens_at=now + timedelta(days=1))
    closed = make_event(registration_closes_at=now - timedelta(hours=1))
    started = make_event(starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=1))
    cancelled = make_event(status="cancelled", cancel_reason="Venue flooded")
    auth.login(make_user())
    for event, text in [
        (not_yet, "has not opened yet"),
        (closed, "has closed"),
        (started, "already started"),
        (cancelled, "has been cancelled"),
    ]:
        response = client.post(f"/events/{event.slug}/register", data={})
        assert response.status_code == 400, event.slug
        body = response.get_data(as_text=True)
        assert text in body and "<title>Error:" in body
    assert db.session.query(EventRegistration).count() == 0


def test_drafts_are_404_to_members_and_visible_to_moderators(client, auth, make_user, make_event):
    draft = make_event(status="draft")
    assert client.get(f"/events/{draft.slug}").status_code == 404
    auth.login(make_user())
    assert client.get(f"/events/{draft.slug}").status_code == 404
    assert client.post(f"/events/{draft.slug}/register", data={}).status_code == 404
    assert client.get(f"/events/{draft.slug}.ics").status_code == 404
    auth.logout()
    auth.login(make_user(role="moderator"))
    assert client.get(f"/events/{draft.slug}").status_code == 200
    assert client.get("/events/no-such-event").status_code == 404


def test_members_only_event_needs_sign_in(client, auth, make_user, make_event):
    event = make_event(audience="members")
    response = client.get(f"/events/{event.slug}")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert event.title not in client.get("/events/").get_data(as_text=True)
    auth.login(make_user())
    assert client.get(f"/events/{event.slug}").status_code == 200


def test_access_needs_too_long_is_refused_and_nothing_saved(client, auth, make_user, make_event):
    event = make_event()
    auth.login(make_user())
    response = client.post(f"/events/{event.slug}/register", data={"access_needs": "x" * 3000})
    assert response.status_code == 400
    assert "2,000 characters" in response.get_data(as_text=True)
    assert registrations(event) == []
    db.session.refresh(event)
    assert event.confirmed_count == 0


def test_joining_link_only_for_confirmed_registrants(client, auth, make_user, make_event, register):
    event = make_event(format="online", venue=None, joining_url="https://meet.example/secret-room", capacity=1)
    holder, waiter = make_user(), make_user()
    register(event, holder)
    register(event, waiter)
    assert "secret-room" not in client.get(f"/events/{event.slug}").get_data(as_text=True)
    auth.login(waiter)
    assert "secret-room" not in client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "secret-room" not in client.get(f"/events/{event.slug}.ics").get_data(as_text=True)
    auth.logout()
    auth.login(holder)
    assert "secret-room" in client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "secret-room" in client.get(f"/events/{event.slug}.ics").get_data(as_text=True).replace("\r\n ", "")


def test_deleting_an_account_frees_the_place_for_the_waiting_list(
    client, auth, make_user, make_event, register, mailbox
):
    event = make_event(capacity=1)
    leaver, waiting = make_user(), make_user()
    register(event, leaver, access_needs="Hearing loop")
    register(event, waiting)
    auth.login(leaver)
    export = client.get("/account/export").get_json()
    assert export["events"]["registrations"][0]["access_needs"] == "Hearing loop"
    response = client.post("/account/delete", data={"password": "correct horse battery"})
    assert response.status_code == 302
    rows = registrations(event)
    assert [(r.user_id, r.status, r.access_needs) for r in rows][0] == (None, "cancelled", None)
    assert _status(event, waiting) == "confirmed"
    db.session.refresh(event)
    assert event.confirmed_count == 1
    assert db.session.get(Event, event.id) is not None
