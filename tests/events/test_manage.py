"""Creating and running events: authorisation for each role, bad input, CSV, cancelling."""

import csv
import io

from sqlalchemy import select

from app.events.models import Event, EventOrganiser, EventRegistration
from app.extensions import db
from app.taxonomy.services import regions, terms

FORM = {
    "title": "Menopause cafe: North West",
    "event_type": "network_meeting",
    "summary": "An informal cafe for menopause champions",
    "description": "Bring your questions.\n\n<script>alert(1)</script> **welcome**",
    "starts_at": "2030-03-14T10:00",
    "ends_at": "2030-03-14T12:30",
    "format": "hybrid",
    "venue": "Salford Royal",
    "address": "Stott Lane, Salford",
    "joining_url": "https://teams.example/meet/123",
    "accessibility_info": "Step-free access, hearing loop",
    "capacity": "40",
    "audience": "public",
    "region": "",
    "publish": "y",
}


def _created():
    return db.session.scalar(select(Event).where(Event.title == FORM["title"]))


def test_moderator_creates_published_event_with_sanitised_description(client, auth, make_user):
    auth.login(make_user(role="moderator"))
    assert client.get("/events/new").status_code == 200
    form = dict(FORM, region=str(regions()[1].id))
    topic = terms("topic")[0]
    response = client.post("/events/new", data={**form, "topics": [str(topic.id)]})
    assert response.status_code == 302, response.get_data(as_text=True)
    event = _created()
    assert event.status == "published" and event.capacity == 40
    assert "<script>" not in event.description_html and "<strong>welcome</strong>" in event.description_html
    assert [t.id for t in event.terms] == [topic.id]
    assert event.region_id == regions()[1].id
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "40 of 40 places left" in page and "<script>alert(1)</script>" not in page
    assert "Thursday 14 March 2030, 10am to 12:30pm" in page


def test_members_cannot_create_events_and_anonymous_must_sign_in(client, auth, make_user):
    assert client.get("/events/new").status_code == 302
    auth.login(make_user())
    assert client.get("/events/new").status_code == 403
    assert client.post("/events/new", data=FORM).status_code == 403
    assert _created() is None


def test_bad_event_input_gives_errors_and_saves_nothing(client, auth, make_user):
    auth.login(make_user(role="admin"))
    cases = [
        ({"title": ""}, "Enter a title"),
        ({"ends_at": "2030-03-14T09:00"}, "The end must be after the start"),
        ({"capacity": "abc"}, "Number of places"),
        ({"capacity": "10000000000"}, "from 1 to 100,000"),
        ({"capacity": "0"}, "from 1 to 100,000"),
        ({"starts_at": "not a date"}, "Start"),
        ({"joining_url": "javascript:alert(1)"}, "https://"),
        ({"joining_url": "javascript://example.com/%0Aalert(1)"}, "https://"),
        ({"joining_url": ""}, "joining link"),
        ({"event_type": "rave"}, "Choose the type of event from the options shown"),
        ({"region": "99999"}, "Choose the region from the options shown"),
        ({"title": "x" * 500}, "Title must be 200 characters or fewer"),
        ({"starts_at": "2030-03-31T01:30", "ends_at": "2030-03-31T03:00"}, "clocks go forward"),
    ]
    for change, text in cases:
        response = client.post("/events/new", data={**FORM, **change})
        body = response.get_data(as_text=True)
        assert response.status_code == 400, change
        assert "<title>Error:" in body and "There is a problem" in body, change
        assert text in body, (change, text)
    assert db.session.query(Event).count() == 0


def test_draft_then_publish(client, auth, make_user):
    auth.login(make_user(role="moderator"))
    client.post("/events/new", data={k: v for k, v in FORM.items() if k != "publish"})
    event = _created()
    assert event.status == "draft"
    assert client.post(f"/events/{event.slug}/publish").status_code == 302
    db.session.refresh(event)
    assert event.status == "published"
    assert client.post(f"/events/{event.slug}/publish").status_code == 400


def test_organiser_rights_are_granted_by_moderators(client, auth, make_user, make_event, mailbox):
    event = make_event()
    member, organiser = make_user(), make_user(email="organiser@nhs.net")
    auth.login(member)
    assert client.get(f"/events/{event.slug}/organisers").status_code == 403
    assert client.get(f"/events/{event.slug}/attendees").status_code == 403
    assert client.get(f"/events/{event.slug}/edit").status_code == 403
    auth.logout()
    auth.login(make_user(role="moderator"))
    response = client.post(f"/events/{event.slug}/organisers", data={"email": "Organiser@NHS.net"})
    assert response.status_code == 302
    assert "You are now an organiser" in mailbox.last("organiser@nhs.net")["Subject"]
    again = client.post(f"/events/{event.slug}/organisers", data={"email": "organiser@nhs.net"})
    assert again.status_code == 400 and "already an organiser" in again.get_data(as_text=True)
    unknown = client.post(f"/events/{event.slug}/organisers", data={"email": "nobody@nhs.net"})
    assert unknown.status_code == 400 and "No member has this email" in unknown.get_data(as_text=True)
    auth.logout()
    auth.login(organiser)
    assert client.get(f"/events/{event.slug}/attendees").status_code == 200
    assert client.get(f"/events/{event.slug}/edit").status_code == 200
    assert client.get(f"/events/{event.slug}/organisers").status_code == 403  # only moderators grant
    assert db.session.query(EventOrganiser).count() == 1


def test_only_organisers_see_access_needs_and_export(client, auth, make_user, make_event, register):
    event = make_event()
    attendee, other = make_user(), make_user()
    register(event, attendee, access_needs="Wheelchair user", show_on_list=True)
    register(event, other)
    for who in (attendee, other):
        auth.login(who)
        assert "Wheelchair user" not in client.get(f"/events/{event.slug}").get_data(as_text=True)
        assert client.get(f"/events/{event.slug}/attendees").status_code == 403
        assert client.get(f"/events/{event.slug}/attendees.csv").status_code == 403
        assert client.get(f"/events/{event.slug}/feedback-summary").status_code == 403
        auth.logout()
    assert client.get(f"/events/{event.slug}/attendees.csv").status_code == 302
    auth.login(make_user(role="moderator"))
    page = client.get(f"/events/{event.slug}/attendees").get_data(as_text=True)
    assert "Wheelchair user" in page
    response = client.get(f"/events/{event.slug}/attendees.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "Wheelchair user" in response.get_data(as_text=True)


def test_csv_export_neutralises_formulas(client, auth, make_user, make_event, register):
    event = make_event()
    payloads = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    for n, payload in enumerate(payloads):
        user = make_user(name=f"{payload} {n}", organisation=payload)
        register(event, user, access_needs=payload)
    auth.login(make_user(role="moderator"))
    text = client.get(f"/events/{event.slug}/attendees.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Name" and len(rows) == len(payloads) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][0].startswith("'=HYPERLINK")


def test_organiser_adds_and_removes_people(client, auth, make_user, make_event, register, mailbox):
    event = make_event(capacity=1)
    holder, added = make_user(), make_user(email="added@nhs.net")
    register(event, holder)
    auth.login(make_user(role="moderator"))
    response = client.post(f"/events/{event.slug}/attendees", data={"email": "added@nhs.net"})
    assert response.status_code == 302
    assert "waiting list" in mailbox.last("added@nhs.net")["Subject"]
    bad = client.post(f"/events/{event.slug}/attendees", data={"email": "not-an-email"})
    assert bad.status_code == 400
    holder_reg = db.session.scalar(select(EventRegistration).filter_by(user_id=holder.id))
    assert client.post(f"/events/{event.slug}/attendees/{holder_reg.id}/remove").status_code == 302
    assert "withdrawn" in mailbox.last(holder.email)["Subject"]
    added_reg = db.session.scalar(select(EventRegistration).filter_by(user_id=added.id))
    assert added_reg.status == "confirmed"
    assert client.post(f"/events/{event.slug}/attendees/999999/remove").status_code == 404
    other = make_user()
    register(event, other)  # on the waiting list; given a place directly for this test
    other_reg = db.session.scalar(select(EventRegistration).filter_by(user_id=other.id))
    other_reg.status = "confirmed"
    db.session.commit()
    data = {"shown": [str(added_reg.id), "junk"], "attended": [str(added_reg.id), "junk"]}
    response = client.post(f"/events/{event.slug}/attendance", data=data)
    assert response.status_code == 302
    db.session.refresh(added_reg)
    db.session.refresh(other_reg)
    assert added_reg.attended is True
    assert other_reg.attended is None  # not on the submitted page: left alone


def test_cancelling_event_emails_everyone_registered(client, auth, make_user, make_event, register, mailbox):
    event = make_event(capacity=1)
    a, b = make_user(), make_user()
    register(event, a)
    register(event, b)
    auth.login(make_user(role="moderator"))
    empty = client.post(f"/events/{event.slug}/cancel-event", data={"reason": ""})
    assert empty.status_code == 400 and "Enter the reason" in empty.get_data(as_text=True)
    response = client.post(f"/events/{event.slug}/cancel-event", data={"reason": "Speaker unwell"})
    assert response.status_code == 302
    for user in (a, b):
        message = mailbox.last(user.email)
        assert "Event cancelled" in message["Subject"] and "Speaker unwell" in mailbox.body(message)
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "This event has been cancelled" in page
    assert client.get(f"/events/{event.slug}/edit").status_code == 400


def test_email_attendees_reaches_confirmed_only(client, auth, make_user, make_event, register, mailbox):
    event = make_event(capacity=1)
    a, b = make_user(), make_user()
    register(event, a)
    register(event, b)
    organiser = make_user(role="moderator")
    auth.login(organiser)
    assert client.post(f"/events/{event.slug}/email", data={"subject": "", "message": ""}).status_code == 400
    response = client.post(f"/events/{event.slug}/email", data={"subject": "Parking", "message": "Use car park B"})
    assert response.status_code == 302
    assert "Parking" in mailbox.last(a.email)["Subject"]
    assert mailbox.last(a.email)["Reply-To"] == organiser.email
    assert not any("Parking" in m["Subject"] for m in mailbox.to(b.email))


def test_lowering_capacity_below_confirmed_is_refused(client, auth, make_user, make_event, register):
    event = make_event(capacity=3)
    for _ in range(2):
        register(event, make_user())
    auth.login(make_user(role="moderator"))
    form = client.get(f"/events/{event.slug}/edit")
    assert form.status_code == 200
    data = {**FORM, "title": event.title, "format": "in_person", "joining_url": "", "capacity": "1"}
    response = client.post(f"/events/{event.slug}/edit", data=data)
    assert response.status_code == 400 and "2 people already have a place" in response.get_data(as_text=True)


def test_raising_capacity_promotes_waiting_people(client, auth, make_user, make_event, register, mailbox):
    event = make_event(capacity=1)
    register(event, make_user())
    waiting = make_user()
    register(event, waiting)
    auth.login(make_user(role="moderator"))
    data = {**FORM, "title": event.title, "format": "in_person", "joining_url": "", "capacity": "2"}
    assert client.post(f"/events/{event.slug}/edit", data=data).status_code == 302
    assert "A place is now yours" in mailbox.last(waiting.email)["Subject"]


def test_materials_upload_and_download(client, auth, make_user, make_event):
    event = make_event()
    auth.login(make_user(role="moderator"))
    data = {"title": "Slides", "url": "", "upload": (io.BytesIO(b"%PDF-1.4 slides"), "slides.pdf")}
    response = client.post(f"/events/{event.slug}/materials", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Slides" in page
    material_id = (
        event.materials[0].id
        if event.materials
        else db.session.execute(select(db.text("id")).select_from(db.text("event_material"))).scalar()
    )
    download = client.get(f"/events/{event.slug}/materials/{material_id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    fake = {"title": "Fake", "upload": (io.BytesIO(b"<html>"), "fake.pdf")}
    bad = client.post(f"/events/{event.slug}/materials", data=fake, content_type="multipart/form-data")
    assert bad.status_code == 400 and "not a real PDF" in bad.get_data(as_text=True)
    none = client.post(f"/events/{event.slug}/materials", data={"title": "Nothing"})
    assert none.status_code == 400 and "Choose a file or enter a link" in none.get_data(as_text=True)


def test_a_huge_event_capacity_is_a_clear_400(client, auth, make_user):
    auth.login(make_user(role="moderator"))
    response = client.post("/events/new", data={"title": "Fair", "capacity": "9" * 400})
    assert response.status_code == 400 and "Enter the number of places as a whole number, like 12" in response.get_data(
        as_text=True
    )
