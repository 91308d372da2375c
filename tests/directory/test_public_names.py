"""One name rule: wherever another member is shown, their directory display name where set (issue 9, item 7)."""

import json

from app.directory.models import Connection, MentoringPair
from app.events.models import EventOrganiser
from app.events.services import registration
from app.extensions import db
from tests.inbox.conftest import conversation_from

ACCOUNT = "Alexandra Account-Name"
SHOWN = "Dr Alex Shown"


def _member(make_user, make_profile, listed=True):
    """A member whose account name differs from the display name they chose for the directory."""
    user = make_user(name=ACCOUNT, email="alex@nhs.net")
    make_profile(user=user, display_name=SHOWN, listed=listed)
    return user


def _shows_display_name(text):
    assert SHOWN in text
    assert ACCOUNT not in text


def test_bylines_comments_and_feeds_use_the_display_name(app, client, auth, make_user, make_profile, make_case_study):
    alex = _member(make_user, make_profile)
    item = make_case_study(author=alex, visibility="public")
    as_alex = app.test_client()
    as_alex.post("/auth/login", data={"email": alex.email, "password": "correct horse battery"})
    as_alex.post(f"/comments/case_study/{item.slug}", data={"body": "Glad it helps."})
    auth.login(make_user(), follow=True)
    page = client.get(f"/case-studies/{item.slug}").get_data(as_text=True)
    assert "Glad it helps." in page
    _shows_display_name(page)
    _shows_display_name(client.get("/feeds/case-studies.atom").get_data(as_text=True))


def test_comment_email_names_the_commenter_by_display_name(
    client, auth, make_user, make_profile, make_case_study, mailbox
):
    author = make_user(email="author@nhs.net")
    item = make_case_study(author=author)
    auth.login(_member(make_user, make_profile))
    client.post(f"/comments/case_study/{item.slug}", data={"body": "Useful work."})
    _shows_display_name(mailbox.body(mailbox.last("author@nhs.net")))


def test_network_messages_and_mentoring_pages_use_the_display_name(client, auth, make_user, make_profile):
    alex = _member(make_user, make_profile, listed=False)  # an unlisted profile's chosen name still counts
    viewer = make_user()
    db.session.add_all(
        [
            Connection(requester_id=alex.id, recipient_id=viewer.id, status="pending"),
            MentoringPair(mentor_id=viewer.id, mentee_id=alex.id, message="Please", status="pending"),
        ]
    )
    db.session.commit()
    conversation = conversation_from(alex, viewer)
    auth.login(viewer)
    for path in (
        "/directory/network",
        "/inbox/",
        f"/inbox/{conversation}",
        "/directory/mentoring",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        _shows_display_name(response.get_data(as_text=True))


def test_directory_emails_name_the_sender_by_display_name(client, auth, make_user, make_profile, mailbox):
    alex = _member(make_user, make_profile)
    target = make_profile(user=make_user(email="target@nhs.net"))
    auth.login(alex)
    client.post(f"/inbox/new?to={target.slug}", data={"subject": "Hello", "body": "A question about audits"})
    message = mailbox.last("target@nhs.net")
    _shows_display_name(message["Subject"] + mailbox.body(message))


def test_export_names_other_members_by_display_name(client, auth, make_user, make_profile):
    alex = _member(make_user, make_profile)
    viewer = make_user()
    db.session.add(Connection(requester_id=viewer.id, recipient_id=alex.id, status="accepted"))
    db.session.commit()
    conversation_from(alex, viewer)
    auth.login(viewer)
    exported = client.get("/account/export").get_data(as_text=True)
    _shows_display_name(exported)
    directory = json.loads(exported)["directory"]
    assert directory["connections"][0]["name"] == SHOWN
    inbox = json.loads(exported)["inbox"]["conversations"][0]
    assert inbox["messages"][0]["from"] == SHOWN and SHOWN in [m["name"] for m in inbox["members"]]


def test_attendee_lists_and_csv_use_the_display_name(client, auth, make_user, make_profile, make_event):
    alex = _member(make_user, make_profile)
    organiser = make_user()
    event = make_event()
    registration.register(event.id, alex.id, show_on_list=True)
    registration.register(event.id, organiser.id, show_on_list=True)
    db.session.add(EventOrganiser(event_id=event.id, user_id=organiser.id))
    db.session.commit()
    auth.login(organiser)
    for path in (f"/events/{event.slug}", f"/events/{event.slug}/attendees", f"/events/{event.slug}/attendees.csv"):
        response = client.get(path)
        assert response.status_code == 200, path
        _shows_display_name(response.get_data(as_text=True))


def test_members_without_a_profile_are_shown_by_account_name(client, auth, make_user, make_case_study):
    author = make_user(name="Plain Account Name")
    item = make_case_study(author=author)
    auth.login(make_user())
    assert "Plain Account Name" in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)
