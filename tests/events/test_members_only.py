"""Members-only events, their files and the personal calendar feed follow the members rule."""

import io

import pytest
from sqlalchemy import select

from app.events.models import CalendarFeed, EventMaterial
from app.extensions import db

REFUSAL = "Only members who have verified their email address can see this"


@pytest.fixture
def private_event(client, auth, make_user, make_event):
    """A members-only event with a stored slide file, uploaded by a moderator."""
    event = make_event(title="Quiet room network", audience="members")
    auth.login(make_user(role="moderator"))
    data = {"title": "Slides", "url": "", "upload": (io.BytesIO(b"%PDF-1.4 slides"), "slides.pdf")}
    assert (
        client.post(f"/events/{event.slug}/materials", data=data, content_type="multipart/form-data").status_code == 302
    )
    auth.logout()
    material = db.session.scalar(select(EventMaterial))
    return event, [
        f"/events/{event.slug}",
        f"/events/{event.slug}.ics",
        f"/events/{event.slug}/materials/{material.id}",
    ]


def test_unverified_accounts_get_a_403_that_says_why(client, auth, make_user, private_event):
    event, paths = private_event
    auth.login(make_user(verified=False))
    for path in paths:
        response = client.get(path)
        assert response.status_code == 403 and REFUSAL in response.get_data(as_text=True), path
        assert b"%PDF" not in response.data
    month = event.starts_at.strftime("%Y-%m")
    for listing in ("/events/", f"/events/calendar?month={month}", "/search?q=quiet"):
        assert "Quiet room network" not in client.get(listing).get_data(as_text=True), listing


def test_visitors_sign_in_and_verified_members_see_it(client, auth, make_user, private_event):
    event, paths = private_event
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/auth/login" in response.location
    auth.login(make_user())
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert "Quiet room network" in client.get("/events/").get_data(as_text=True)


@pytest.mark.parametrize("change", ["unverified", "deactivated"])
def test_personal_calendar_feed_stops_when_its_owner_is_no_longer_a_member(
    client, auth, make_user, make_event, register, change
):
    event = make_event(title="Quiet room network", audience="members")
    owner = make_user()
    register(event, owner)
    auth.login(owner)
    client.post("/events/calendar-feed", data={"action": "renew"})
    auth.logout()
    token = db.session.scalar(select(CalendarFeed.token))
    assert b"Quiet room network" in client.get(f"/calendar/{token}.ics").data
    if change == "unverified":
        owner.email_verified_at = None
    else:
        owner.is_active_account = False
    db.session.commit()
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 404 and b"Quiet room network" not in response.data
