"""Event downloads and streamed responses, through the HTTP client, with real rows.

The test client reads a response body only after the request's app context (and its database
session) has ended, as a real server does, so a body that still needs the view's session fails
here as it would in production.
"""

import csv
import io

import icalendar
from flask import Response, stream_with_context
from sqlalchemy import insert, select

from app.auth.models import User, utcnow
from app.events.models import EventRegistration
from app.extensions import db


def test_client_reads_streamed_bodies_after_the_request_session_is_gone(make_app):
    """The harness itself: a generator holding the view's ORM rows must fail, as under gunicorn."""
    app = make_app()

    @app.route("/probe-stream")
    def probe_stream():
        users = db.session.execute(select(User).execution_options(yield_per=1)).scalars()
        return Response(stream_with_context(user.email for user in users))

    with app.app_context():
        db.session.add(User(email="probe@nhs.net", name="P", organisation="O", job_role="J", password_hash="x"))
        db.session.commit()
    client = app.test_client()
    try:
        client.get("/probe-stream").get_data()
    except Exception as error:  # noqa: BLE001 - any failure proves the session had ended
        assert "no longer valid" in str(error) or "closed" in str(error).lower()
    else:
        raise AssertionError("the streamed body was read inside the request's session")


def _bulk_registrations(event, count):
    now = utcnow()
    db.session.execute(
        insert(User),
        [
            dict(
                email=f"bulk{n}@nhs.net",
                name=f"Bulk Person {n}",
                organisation="Bulk NHS Foundation Trust",
                job_role="Occupational health nurse",
                password_hash="x",
                role="member",
                session_token=f"t{n}",
                is_active_account=True,
                created_at=now,
            )
            for n in range(count)
        ],
    )
    ids = db.session.scalars(select(User.id).where(User.email.like("bulk%")).order_by(User.id)).all()
    db.session.execute(
        insert(EventRegistration),
        [
            dict(
                event_id=event.id,
                user_id=user_id,
                status="confirmed" if n < 400 else "waiting",
                position=n + 1,
                access_needs=f"Needs {n}",
                show_on_attendee_list=False,
                registered_at=now,
            )
            for n, user_id in enumerate(ids)
        ],
    )
    db.session.commit()


def test_attendee_csv_streams_every_row_in_several_chunks(client, auth, make_user, make_event):
    event = make_event(capacity=400)
    _bulk_registrations(event, 1200)  # more than one query batch and several 64 KB chunks
    auth.login(make_user(role="moderator"))
    response = client.get(f"/events/{event.slug}/attendees.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1201 and len(response.data) > 2 * 64 * 1024
    assert rows[1][0] == "Bulk Person 0" and rows[1][4] == "confirmed"
    assert rows[401][4] == "waiting" and rows[401][5] == "1" and rows[-1][5] == "800"
    assert rows[-1][8] == "Needs 1199"


def test_calendar_downloads_carry_their_events(client, auth, make_user, make_event, register):
    event = make_event(title="Wellbeing fair")
    member = make_user()
    register(event, member)
    for url in (f"/events/{event.slug}.ics", "/events/feed.ics"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        summaries = [str(c["SUMMARY"]) for c in icalendar.Calendar.from_ical(response.data).walk("VEVENT")]
        assert summaries == ["Wellbeing fair"]
    auth.login(member)
    client.post("/events/calendar-feed", data={"action": "renew"})
    page = client.get("/events/calendar-feed").get_data(as_text=True)
    token = page.split("/calendar/")[1].split(".ics")[0]
    auth.logout()
    personal = client.get(f"/calendar/{token}.ics")
    assert personal.status_code == 200 and b"Wellbeing fair" in personal.data
