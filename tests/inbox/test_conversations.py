"""Private conversations: starting one from a profile, replying, read markers, leaving, sharing
an email address (never shown otherwise), the daily limit, blocking both ways, reports."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import utcnow
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from tests.inbox.conftest import MESSAGE, add_messages


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_profile_button_starts_a_conversation_and_emails_without_the_senders_address(
    client, auth, make_user, make_profile, mailbox
):
    profile = make_profile(user=make_user(email="recipient@nhs.net"))
    sender = make_user(email="sender@nhs.net", name="Sam Sender", organisation="Sender Trust")
    auth.login(sender)
    page = client.get(f"/directory/{profile.slug}").get_data(as_text=True)
    assert f"/inbox/new?to={profile.slug}" in page
    form = client.get(f"/inbox/new?to={profile.slug}")
    assert form.status_code == 200 and profile.display_name in form.get_data(as_text=True)
    response = client.post(f"/inbox/new?to={profile.slug}", data=MESSAGE)
    assert response.status_code == 302
    conversation = db.session.scalar(select(Conversation))
    assert response.headers["Location"].endswith(f"/inbox/{conversation.id}")
    email = mailbox.last("recipient@nhs.net")
    body = mailbox.body(email)
    assert "Sam Sender" in body and "Sender Trust" in body and "Could we talk" in body
    assert f"/inbox/{conversation.id}" in body
    assert "sender@nhs.net" not in body and "sender@nhs.net" not in str(email["Reply-To"])
    shown = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert "<strong>clinic</strong>" in shown  # Markdown, through the one sanitiser


def test_reply_read_markers_and_header_count(client, auth, make_user, make_profile, start, mailbox):
    recipient = make_user(email="recipient@nhs.net")
    profile = make_profile(user=recipient)
    sender = make_user(email="sender@nhs.net")
    conversation = start(sender, profile)
    auth.login(recipient)
    listing = client.get("/inbox/").get_data(as_text=True)
    assert "Menopause clinic" in listing and "New" in listing
    assert "Inbox (1 new)" in client.get("/").get_data(as_text=True)
    page = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert "Could we talk" in page and "sender@nhs.net" not in page
    assert "Inbox (1 new)" not in client.get("/inbox/").get_data(as_text=True)  # read now
    response = client.post(f"/inbox/{conversation.id}", data={"body": "Yes, happy to."})
    assert response.status_code == 302
    assert "Yes, happy to." in mailbox.body(mailbox.last("sender@nhs.net"))
    assert "recipient@nhs.net" not in mailbox.body(mailbox.last("sender@nhs.net"))
    auth.logout()
    auth.login(sender)
    assert "Inbox (1 new)" in client.get("/inbox/").get_data(as_text=True)
    page = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert "Yes, happy to." in page and "recipient@nhs.net" not in page
    assert count(Message) == 2


def test_email_shown_only_when_its_owner_shares_it_in_that_conversation(client, auth, make_user, make_profile, start):
    recipient = make_user(email="recipient@nhs.net")
    profile = make_profile(user=recipient)
    sender = make_user(email="sender@nhs.net")
    shared = start(sender, profile, share_email="y")
    private = start(sender, profile, subject="Second")
    auth.login(recipient)
    assert "sender@nhs.net" in client.get(f"/inbox/{shared.id}").get_data(as_text=True)
    assert "sender@nhs.net" not in client.get(f"/inbox/{private.id}").get_data(as_text=True)
    assert client.post(f"/inbox/{private.id}/share", data={"share": "y"}).status_code == 302
    auth.logout()
    auth.login(sender)
    assert "recipient@nhs.net" in client.get(f"/inbox/{private.id}").get_data(as_text=True)
    assert "recipient@nhs.net" not in client.get(f"/inbox/{shared.id}").get_data(as_text=True)
    client.post(f"/inbox/{shared.id}/share", data={})  # stop sharing
    auth.logout()
    auth.login(recipient)
    assert "sender@nhs.net" not in client.get(f"/inbox/{shared.id}").get_data(as_text=True)


def test_only_members_see_a_conversation(client, auth, make_user, make_profile, start):
    profile = make_profile()
    sender = make_user()
    conversation = start(sender, profile)
    outsider = make_user()
    moderator = make_user(role="moderator")
    for person in (outsider, moderator):
        auth.login(person)
        assert client.get(f"/inbox/{conversation.id}").status_code == 404
        assert client.post(f"/inbox/{conversation.id}", data={"body": "Hi"}).status_code == 404
        assert client.post(f"/inbox/{conversation.id}/leave").status_code == 404
        assert client.post(f"/inbox/{conversation.id}/share", data={"share": "y"}).status_code == 404
        assert client.get(f"/inbox/{conversation.id}/report").status_code == 404
        assert "Menopause clinic" not in client.get("/inbox/").get_data(as_text=True)
        auth.logout()
    assert count(Message) == 1
    auth.login(sender)
    assert client.get("/inbox/999999").status_code == 404


def test_group_conversation_reaches_everyone(client, auth, make_user, make_profile, mailbox):
    first = make_profile(user=make_user(email="first@nhs.net"))
    second = make_profile(user=make_user(email="second@nhs.net"))
    sender = make_user()
    auth.login(sender)
    # Start from one profile, add the second by their display name on the page.
    added = client.post(f"/inbox/new?to={first.slug}", data={"add": second.display_name, "add_member": "1", **MESSAGE})
    assert added.status_code == 200
    page = added.get_data(as_text=True)
    assert first.display_name in page and second.display_name in page
    assert count(Conversation) == 0
    response = client.post("/inbox/new", data={"to": [first.slug, second.slug], **MESSAGE})
    assert response.status_code == 302
    assert len(mailbox.to("first@nhs.net")) == 1 and len(mailbox.to("second@nhs.net")) == 1
    conversation = db.session.scalar(select(Conversation))
    assert {m.user_id for m in conversation.members} == {sender.id, first.user_id, second.user_id}
    auth.logout()
    auth.login(first.user)
    client.post(f"/inbox/{conversation.id}", data={"body": "Count me in"})
    assert "Count me in" in mailbox.body(mailbox.last("second@nhs.net"))


def test_leaving_stops_messages_and_hides_the_conversation(client, auth, make_user, make_profile, start, mailbox):
    recipient = make_user(email="recipient@nhs.net")
    profile = make_profile(user=recipient)
    sender = make_user()
    conversation = start(sender, profile)
    auth.login(recipient)
    assert client.post(f"/inbox/{conversation.id}/leave").status_code == 302
    assert "Menopause clinic" not in client.get("/inbox/").get_data(as_text=True)
    assert client.get(f"/inbox/{conversation.id}").status_code == 404
    auth.logout()
    auth.login(sender)
    page = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert "left the conversation" in page and "Everyone else has left" in page
    refused = client.post(f"/inbox/{conversation.id}", data={"body": "Hello?"})
    assert refused.status_code == 403 and "Everyone else has left" in refused.get_data(as_text=True)
    assert len(mailbox.to("recipient@nhs.net")) == 1


def test_ten_new_conversations_a_day_counted_in_the_database(client, auth, make_user, make_profile, mailbox):
    profiles = [make_profile() for _ in range(3)]
    sender = make_user()
    auth.login(sender)
    for i in range(10):
        assert client.post(f"/inbox/new?to={profiles[i % 3].slug}", data=MESSAGE).status_code == 302
    refused = client.post(f"/inbox/new?to={profiles[0].slug}", data=MESSAGE)
    assert refused.status_code == 429 and "which is the limit" in refused.get_data(as_text=True)
    assert count(Conversation) == 10 and len(mailbox.messages) == 10
    # Replies in existing conversations are not new conversations.
    first = db.session.scalar(select(Conversation).order_by(Conversation.id))
    assert client.post(f"/inbox/{first.id}", data={"body": "More"}).status_code == 302
    for conversation in db.session.scalars(select(Conversation)):
        conversation.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    assert client.post(f"/inbox/new?to={profiles[0].slug}", data=MESSAGE).status_code == 302


def test_limit_holds_across_app_instances(make_app, make_user, make_profile, start):
    """A fresh process still sees the count in the database."""
    profile = make_profile()
    sender = make_user(email="busy@nhs.net")
    now = utcnow()
    for _ in range(10):
        db.session.add(Conversation(subject="s", created_by_id=sender.id, created_at=now, last_message_at=now))
    db.session.commit()
    other = make_app().test_client()
    other.post("/auth/login", data={"email": "busy@nhs.net", "password": "correct horse battery"})
    assert other.post(f"/inbox/new?to={profile.slug}", data=MESSAGE).status_code == 429


def test_only_listed_verified_members_can_be_written_to(client, auth, make_user, make_profile):
    mine = make_profile()
    hidden = make_profile(listed=False)
    unverified = make_profile(user=make_user(verified=False))
    auth.login(mine.user)
    assert client.get(f"/inbox/new?to={mine.slug}").status_code == 404
    assert client.get(f"/inbox/new?to={hidden.slug}").status_code == 404
    assert client.get(f"/inbox/new?to={unverified.slug}").status_code == 404
    assert client.get("/inbox/new?to=no-such-member").status_code == 404
    refused = client.post(f"/inbox/new?to={hidden.slug}", data=MESSAGE)
    assert refused.status_code == 400 and "could not find a listed member" in refused.get_data(as_text=True)
    nobody = client.post("/inbox/new", data=MESSAGE)
    assert nobody.status_code == 400 and "Add at least one member" in nobody.get_data(as_text=True)
    assert count(Conversation) == 0


def test_blocking_both_ways(client, auth, make_user, make_profile, start, mailbox):
    recipient = make_user(email="recipient@nhs.net")
    profile = make_profile(user=recipient)
    sender_profile = make_profile(user=make_user(email="sender@nhs.net"))
    sender = sender_profile.user
    conversation = start(sender, profile)
    auth.login(recipient)
    assert client.post(f"/directory/members/{sender.id}/block").status_code == 302
    # The blocker: the sender's messages are hidden, and no reply can go.
    page = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert "Could we talk" not in page and "hidden because one of you has blocked" in page
    refused = client.post(f"/inbox/{conversation.id}", data={"body": "Go away"})
    assert refused.status_code == 403 and "You have blocked this member" in refused.get_data(as_text=True)
    assert client.get(f"/inbox/new?to={sender_profile.slug}").status_code == 403
    auth.logout()
    # The blocked: cannot reply nor start a new conversation.
    auth.login(sender)
    refused = client.post(f"/inbox/{conversation.id}", data={"body": "Please"})
    assert refused.status_code == 403 and "not accepting messages" in refused.get_data(as_text=True)
    assert client.get(f"/inbox/new?to={profile.slug}").status_code == 403
    assert client.post(f"/inbox/new?to={profile.slug}", data=MESSAGE).status_code == 403
    assert count(Message) == 1 and len(mailbox.to("recipient@nhs.net")) == 1
    assert count(Conversation) == 1


def test_block_in_a_group_silences_only_the_pair(client, auth, make_user, make_profile, mailbox):
    a = make_profile(user=make_user(email="a@nhs.net"))
    b = make_profile(user=make_user(email="b@nhs.net"))
    sender = make_user(email="sender@nhs.net")
    auth.login(sender)
    client.post("/inbox/new", data={"to": [a.slug, b.slug], **MESSAGE})
    conversation = db.session.scalar(select(Conversation))
    auth.logout()
    auth.login(a.user)
    client.post(f"/directory/members/{b.user_id}/block")
    auth.logout()
    a_member = db.session.scalar(select(ConversationMember).where(ConversationMember.user_id == a.user_id))
    before = a_member.last_message_at
    auth.login(b.user)
    assert client.post(f"/inbox/{conversation.id}", data={"body": "From B"}).status_code == 302
    assert "From B" in mailbox.body(mailbox.last("sender@nhs.net"))
    assert all("From B" not in mailbox.body(m) for m in mailbox.to("a@nhs.net"))
    db.session.refresh(a_member)
    assert a_member.last_message_at == before  # nothing new reached A from the member they blocked
    auth.logout()
    auth.login(a.user)
    page = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert "From B" not in page and "hidden because one of you has blocked" in page


def test_hostile_input(client, auth, make_user, make_profile, start):
    profile = make_profile()
    sender = make_user()
    auth.login(sender)
    empty = client.post(f"/inbox/new?to={profile.slug}", data={"subject": "", "body": ""})
    assert empty.status_code == 400
    text = empty.get_data(as_text=True)
    assert "Enter a subject" in text and "Enter your message" in text and "Error:" in text
    huge = client.post(f"/inbox/new?to={profile.slug}", data={"subject": "x", "body": "y" * 50000})
    assert huge.status_code == 400 and "5,000 characters or fewer" in huge.get_data(as_text=True)
    odd = client.post(
        "/inbox/new",
        data={"to": ["\x00", "../../etc", "x" * 5000], "subject": "s", "body": "b"},
    )
    assert odd.status_code == 400
    script = client.post(
        f"/inbox/new?to={profile.slug}",
        data={
            "subject": "<script>alert(1)</script>\r\nBcc: x@y",
            "body": "<script>alert(1)</script>[x](javascript:alert(1))",
        },
    )
    assert script.status_code == 302
    conversation = db.session.scalar(select(Conversation))
    assert "\n" not in conversation.subject
    page = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "javascript:" not in page
    assert client.get("/inbox/?page=abc").status_code == 200
    assert client.get(f"/inbox/{conversation.id}?page=99999").status_code == 200
    assert client.post(f"/inbox/{conversation.id}", data={"body": ""}).status_code == 400
    assert client.post(f"/inbox/{conversation.id}/report", data={"reason": "nonsense"}).status_code == 400
    assert count(Conversation) == 1


def test_unverified_and_anonymous_are_kept_out(client, auth, make_user):
    assert client.get("/inbox/").status_code == 302
    assert client.get("/inbox/new").status_code == 302
    auth.login(make_user(verified=False))
    assert client.get("/inbox/").status_code == 302
    assert "Inbox" not in client.get("/account/").get_data(as_text=True).split("<main")[0]


def test_old_contact_addresses_lead_to_the_inbox(client, auth, make_user, make_profile):
    profile = make_profile()
    auth.login(make_user())
    contact = client.get(f"/directory/{profile.slug}/contact")
    assert contact.status_code == 301 and contact.headers["Location"].endswith(f"/inbox/new?to={profile.slug}")
    assert client.get("/directory/messages").headers["Location"].endswith("/inbox/")
    assert client.get("/directory/messages/7").headers["Location"].endswith("/inbox/7")
    posted = client.post(f"/directory/{profile.slug}/contact", data=MESSAGE)
    assert posted.status_code == 307


def test_line_breaks_in_subject_cannot_reach_email_headers(client, auth, make_user, make_profile, mailbox):
    profile = make_profile(user=make_user(email="recipient@nhs.net"))
    auth.login(make_user())
    data = {"subject": "Hello\r\nBcc: victim@example.com", "body": "Hi"}
    assert client.post(f"/inbox/new?to={profile.slug}", data=data).status_code == 302
    email = mailbox.last("recipient@nhs.net")
    assert email["Bcc"] is None and "\n" not in email["Subject"]


@pytest.mark.slow
def test_limit_holds_when_requests_arrive_together(app, make_user, make_profile):
    """Six new conversations at once with two left under the limit: exactly two start."""
    profile = make_profile()
    sender = make_user(email="racer@nhs.net")
    now = utcnow()
    for _ in range(8):
        db.session.add(Conversation(subject="s", created_by_id=sender.id, created_at=now, last_message_at=now))
    db.session.commit()
    clients = [app.test_client() for _ in range(6)]
    for each in clients:
        each.post("/auth/login", data={"email": "racer@nhs.net", "password": "correct horse battery"})
    barrier = threading.Barrier(len(clients))
    path = f"/inbox/new?to={profile.slug}"

    def send(each):
        barrier.wait()
        return each.post(path, data=MESSAGE).status_code

    with ThreadPoolExecutor(len(clients)) as pool:
        codes = sorted(pool.map(send, clients))
    assert codes == [302, 302, 429, 429, 429, 429]
    assert count(Conversation) == 10


def test_header_count_is_each_members_own(client, auth, make_user, make_profile, start):
    """The header is cached, its inbox count is not: each member sees their own, current number."""
    recipient = make_user()
    start(make_user(), make_profile(user=recipient))
    bystander = make_user()
    auth.login(recipient)
    assert "Inbox (1 new)" in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(bystander)
    home = client.get("/").get_data(as_text=True)
    assert "Inbox (1 new)" not in home and 'href="/inbox/"' in home


def test_only_the_newest_page_marks_a_conversation_read(client, auth, make_user, make_profile, start):
    recipient = make_user()
    conversation = start(make_user(), make_profile(user=recipient))
    add_messages(conversation, 25)
    auth.login(recipient)
    first = client.get(f"/inbox/{conversation.id}?page=1").get_data(as_text=True)
    assert "Later messages" in first
    assert "Inbox (1 new)" in client.get("/inbox/").get_data(as_text=True)
    newest = client.get(f"/inbox/{conversation.id}").get_data(as_text=True)
    assert "More 24" in newest and "Earlier messages" in newest
    assert "Inbox (1 new)" not in client.get("/inbox/").get_data(as_text=True)


def test_a_member_typed_in_add_is_included_when_sending(client, auth, make_user, make_profile, mailbox):
    first = make_profile(user=make_user(email="first@nhs.net"))
    second = make_profile(user=make_user(email="second@nhs.net"))
    auth.login(make_user())
    address = f"http://localhost/directory/{second.slug}"
    assert client.post(f"/inbox/new?to={first.slug}", data={"add": address, **MESSAGE}).status_code == 302
    assert len(mailbox.to("first@nhs.net")) == 1 and len(mailbox.to("second@nhs.net")) == 1
    empty = client.post("/inbox/new", data={"add": "", "add_member": "1"})
    assert empty.status_code == 400 and "Enter the name or web address" in empty.get_data(as_text=True)


def test_a_deactivated_member_is_not_emailed(client, auth, make_user, make_profile, start, mailbox):
    first = make_profile(user=make_user(email="first@nhs.net"))
    second = make_profile(user=make_user(email="second@nhs.net"))
    sender = make_user()
    auth.login(sender)
    client.post("/inbox/new", data={"to": [first.slug, second.slug], **MESSAGE})
    conversation = db.session.scalar(select(Conversation))
    second.user.is_active_account = False
    db.session.commit()
    assert client.post(f"/inbox/{conversation.id}", data={"body": "Next steps"}).status_code == 302
    assert "Next steps" in mailbox.body(mailbox.last("first@nhs.net"))
    assert all("Next steps" not in mailbox.body(m) for m in mailbox.to("second@nhs.net"))


def test_nul_characters_in_posted_recipients_are_refused_cleanly(client, auth, make_user, make_profile):
    """PostgreSQL refuses NUL in any text: a posted `to` holding one is cleaned, never a 500."""
    profile = make_profile()
    auth.login(make_user())
    response = client.post("/inbox/new", data={"to": [f"{profile.slug}\x00"], "add": "x\x00y", **MESSAGE})
    assert response.status_code == 400
    assert client.post("/inbox/new", data={"to": ["\x00"], "add_member": "1", "add": "\x00"}).status_code == 400
