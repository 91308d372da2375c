"""Contact messages: the email, the daily limit, replies revealing the sender, blocking, reports."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import utcnow
from app.directory.models import Block, ContactMessage, ProfileReport
from app.extensions import db

MESSAGE = {"subject": "Menopause clinic", "body": "Could we talk about your clinic?"}


def test_message_emails_recipient_with_name_and_organisation_but_not_sender_email(
    client, auth, make_user, make_profile, mailbox
):
    profile = make_profile(user=make_user(email="recipient@nhs.net"))
    sender = make_user(email="sender@nhs.net", name="Sam Sender", organisation="Sender Trust")
    auth.login(sender)
    assert client.get(f"/directory/{profile.slug}/contact").status_code == 200
    response = client.post(f"/directory/{profile.slug}/contact", data=MESSAGE)
    assert response.status_code == 302
    email = mailbox.last("recipient@nhs.net")
    body = mailbox.body(email)
    assert "Sam Sender" in body and "Sender Trust" in body and "Could we talk" in body
    assert "sender@nhs.net" not in body and "sender@nhs.net" not in str(email["Reply-To"])
    message = db.session.scalar(select(ContactMessage))
    assert f"/directory/messages/{message.id}" in body


def test_reply_reveals_sender_email_to_recipient_only_after_replying(client, auth, make_user, make_profile, mailbox):
    recipient = make_user(email="recipient@nhs.net")
    profile = make_profile(user=recipient)
    sender = make_user(email="sender@nhs.net")
    auth.login(sender)
    client.post(f"/directory/{profile.slug}/contact", data=MESSAGE)
    message = db.session.scalar(select(ContactMessage))
    auth.logout()
    auth.login(recipient)
    before = client.get(f"/directory/messages/{message.id}").get_data(as_text=True)
    assert "Could we talk" in before and "sender@nhs.net" not in before
    assert "sender@nhs.net" not in client.get("/directory/messages").get_data(as_text=True)
    response = client.post(f"/directory/messages/{message.id}", data={"body": "Yes, happy to."})
    assert response.status_code == 302
    after = client.get(f"/directory/messages/{message.id}").get_data(as_text=True)
    assert "sender@nhs.net" in after and "Yes, happy to." in after
    reply_email = mailbox.last("sender@nhs.net")
    assert "Yes, happy to." in mailbox.body(reply_email)
    assert "recipient@nhs.net" not in mailbox.body(reply_email)
    again = client.post(f"/directory/messages/{message.id}", data={"body": "Twice"})
    assert again.status_code == 400 and "already replied" in again.get_data(as_text=True)


def test_only_sender_and_recipient_see_a_message_and_only_recipient_replies(client, auth, make_user, make_profile):
    profile = make_profile()
    sender = make_user()
    auth.login(sender)
    client.post(f"/directory/{profile.slug}/contact", data=MESSAGE)
    message = db.session.scalar(select(ContactMessage))
    assert client.get(f"/directory/messages/{message.id}").status_code == 200
    assert client.post(f"/directory/messages/{message.id}", data={"body": "self reply"}).status_code == 404
    auth.logout()
    auth.login(make_user())
    assert client.get(f"/directory/messages/{message.id}").status_code == 404
    assert client.get("/directory/messages/999999").status_code == 404


def test_ten_messages_a_day_counted_in_the_database(client, auth, make_user, make_profile, mailbox):
    profiles = [make_profile() for _ in range(3)]
    sender = make_user()
    auth.login(sender)
    for i in range(10):
        target = profiles[i % 3]
        assert client.post(f"/directory/{target.slug}/contact", data=MESSAGE).status_code == 302
    refused = client.post(f"/directory/{profiles[0].slug}/contact", data=MESSAGE)
    assert refused.status_code == 429
    assert "limit" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ContactMessage.id))) == 10
    assert len(mailbox.messages) == 10
    # A day later the oldest no longer count.
    for message in db.session.scalars(select(ContactMessage)):
        message.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    assert client.post(f"/directory/{profiles[0].slug}/contact", data=MESSAGE).status_code == 302


def test_limit_holds_across_app_instances(make_app, make_user, make_profile):
    """A fresh process (new limiter memory) still sees the count in the database."""
    profile = make_profile()
    sender = make_user(email="busy@nhs.net")
    for _ in range(10):
        db.session.add(ContactMessage(sender_id=sender.id, recipient_id=profile.user_id, subject="s", body="b"))
    db.session.commit()
    other = make_app().test_client()
    other.post("/auth/login", data={"email": "busy@nhs.net", "password": "correct horse battery"})
    assert other.post(f"/directory/{profile.slug}/contact", data=MESSAGE).status_code == 429


def test_bad_contact_input(client, auth, make_user, make_profile):
    profile = make_profile()
    auth.login(make_user())
    empty = client.post(f"/directory/{profile.slug}/contact", data={"subject": "", "body": ""})
    assert empty.status_code == 400
    assert "Enter a subject" in empty.get_data(as_text=True)
    huge = client.post(f"/directory/{profile.slug}/contact", data={"subject": "x", "body": "y" * 50000})
    assert huge.status_code == 400
    script = client.post(
        f"/directory/{profile.slug}/contact", data={"subject": "<script>x</script>", "body": "<b>hi</b>"}
    )
    assert script.status_code == 302
    assert db.session.scalar(select(func.count(ContactMessage.id))) == 1


def test_cannot_message_yourself_or_an_unlisted_profile(client, auth, make_user, make_profile):
    mine = make_profile()
    hidden = make_profile(listed=False)
    auth.login(mine.user)
    assert client.get(f"/directory/{mine.slug}/contact").status_code == 404
    assert client.post(f"/directory/{hidden.slug}/contact", data=MESSAGE).status_code == 404


def test_blocking_stops_messages_and_requests(client, auth, make_user, make_profile, mailbox):
    recipient = make_user(email="recipient@nhs.net")
    profile = make_profile(user=recipient)
    sender = make_user()
    auth.login(sender)
    client.post(f"/directory/{profile.slug}/contact", data=MESSAGE)
    message = db.session.scalar(select(ContactMessage))
    auth.logout()
    auth.login(recipient)
    assert client.post(f"/directory/members/{sender.id}/block").status_code == 302
    assert db.session.get(Block, (recipient.id, sender.id)) is not None
    assert MESSAGE["subject"] not in client.get("/directory/messages").get_data(as_text=True)
    auth.logout()
    auth.login(sender)
    page = client.get(f"/directory/{profile.slug}").get_data(as_text=True)
    assert "not accepting messages" in page
    refused = client.post(f"/directory/{profile.slug}/contact", data=MESSAGE)
    assert refused.status_code == 403
    assert client.post(f"/directory/{profile.slug}/connect").status_code == 403
    assert len(mailbox.to("recipient@nhs.net")) == 1
    assert db.session.scalar(select(func.count(ContactMessage.id))) == 1
    assert message.id
    auth.logout()
    auth.login(recipient)
    assert client.post(f"/directory/members/{sender.id}/unblock").status_code == 302
    auth.logout()
    auth.login(sender)
    assert client.post(f"/directory/{profile.slug}/contact", data=MESSAGE).status_code == 302


def test_block_and_unblock_errors(client, auth, make_user):
    me = make_user()
    auth.login(me)
    assert client.post(f"/directory/members/{me.id}/block").status_code == 404
    assert client.post("/directory/members/999999/block").status_code == 404
    assert client.post("/directory/members/999999/unblock").status_code == 404
    assert client.get("/directory/blocked").status_code == 200


def test_report_reaches_moderators_who_can_unlist(client, auth, make_user, make_profile, mailbox):
    owner = make_user(email="owner@nhs.net")
    profile = make_profile(user=owner, display_name="Reported Person")
    reporter = make_user()
    auth.login(reporter)
    assert client.get(f"/directory/{profile.slug}/report").status_code == 200
    missing = client.post(f"/directory/{profile.slug}/report", data={})
    assert missing.status_code == 400 and "Select why" in missing.get_data(as_text=True)
    assert (
        client.post(f"/directory/{profile.slug}/report", data={"reason": "spam", "details": "Adverts"}).status_code
        == 302
    )
    assert client.get("/directory/reports").status_code == 403
    report = db.session.scalar(select(ProfileReport))
    assert client.post(f"/directory/reports/{report.id}", data={"action": "unlist"}).status_code == 403
    auth.logout()
    auth.login(make_user(role="moderator"))
    page = client.get("/directory/reports").get_data(as_text=True)
    assert "Reported Person" in page and "Adverts" in page
    assert client.post(f"/directory/reports/{report.id}", data={"action": "unlist"}).status_code == 302
    db.session.refresh(profile)
    assert profile.listed is False
    assert "unlisted" in mailbox.last("owner@nhs.net")["Subject"]
    assert client.post(f"/directory/reports/{report.id}", data={"action": "dismiss"}).status_code == 404
    auth.logout()
    auth.login(reporter)
    assert client.get(f"/directory/{profile.slug}").status_code == 404


def test_cannot_report_own_profile(client, auth, make_profile):
    profile = make_profile()
    auth.login(profile.user)
    assert client.post(f"/directory/{profile.slug}/report", data={"reason": "spam"}).status_code == 404


def test_line_breaks_in_subject_cannot_reach_email_headers(client, auth, make_user, make_profile, mailbox):
    profile = make_profile(user=make_user(email="recipient@nhs.net"))
    auth.login(make_user())
    data = {"subject": "Hello\r\nBcc: victim@example.com", "body": "Hi"}
    assert client.post(f"/directory/{profile.slug}/contact", data=data).status_code == 302
    email = mailbox.last("recipient@nhs.net")
    assert email["Bcc"] is None and "\n" not in email["Subject"]


@pytest.mark.slow
def test_limit_holds_when_requests_arrive_together(app, client, auth, make_user, make_profile):
    """Six messages at once with two left under the limit: exactly two are sent."""
    profile = make_profile()
    sender = make_user(email="racer@nhs.net")
    for _ in range(8):
        db.session.add(ContactMessage(sender_id=sender.id, recipient_id=profile.user_id, subject="s", body="b"))
    db.session.commit()
    clients = [app.test_client() for _ in range(6)]
    for each in clients:
        each.post("/auth/login", data={"email": "racer@nhs.net", "password": "correct horse battery"})
    barrier = threading.Barrier(len(clients))
    path = f"/directory/{profile.slug}/contact"

    def send(each):
        barrier.wait()
        return each.post(path, data=MESSAGE).status_code

    with ThreadPoolExecutor(len(clients)) as pool:
        codes = sorted(pool.map(send, clients))
    assert codes == [302, 302, 429, 429, 429, 429]
    assert db.session.scalar(select(func.count(ContactMessage.id))) == 10
