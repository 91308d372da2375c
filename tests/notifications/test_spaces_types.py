"""Each notification type from spaces: the action, the record, the email or digest entry with the
right link, and nothing for a member who blocked the actor or cannot see the thread."""

from app.extensions import db
from app.notifications.digests import send_digests
from tests.notifications.conftest import block, follow, notifications_of


def test_a_reply_reaches_the_threads_followers_in_the_daily_digest(
    client, auth, people, make_space, make_thread, mailbox
):
    space = make_space(members=[people.author, people.reader, people.blocker])
    thread = make_thread(space, people.reader, title="Night shift fatigue")
    for user in (people.reader, people.blocker):
        follow(user, "thread", thread.id)
    block(people.blocker, people.author)
    auth.login(people.author)
    assert client.post(f"/threads/{thread.id}/replies", data={"body": "Forward rotation helped"}).status_code == 302
    [row] = notifications_of(people.reader, "reply")
    assert row.url.startswith(f"/threads/{thread.id}?reply=") and "Ada Author replied" in row.title
    assert row.email_mode == "daily" and not mailbox.to(people.reader.email)  # replies wait for the digest
    assert notifications_of(people.blocker) == []
    assert send_digests("daily") == (1, 1)
    digest = mailbox.last(people.reader.email)
    assert "Night shift fatigue" in mailbox.body(digest)
    assert f"/threads/{thread.id}?reply=" in mailbox.body(digest)
    assert not mailbox.to(people.blocker.email)


def test_a_private_spaces_reply_reaches_no_follower_outside_it(client, auth, people, make_space, make_thread):
    space = make_space(policy="private", managers=[people.author], members=[people.reader])
    thread = make_thread(space, people.reader)
    follow(people.reader, "thread", thread.id)
    follow(people.outsider, "thread", thread.id)  # followed once, when they could see it
    auth.login(people.author)
    client.post(f"/threads/{thread.id}/replies", data={"body": "Members only"})
    assert len(notifications_of(people.reader, "reply")) == 1
    assert notifications_of(people.outsider) == []


def test_a_mention_is_a_notification_emailed_at_once(client, auth, people, make_space, make_thread, mailbox):
    space = make_space(members=[people.author, people.reader, people.blocker])
    thread = make_thread(space, people.author, title="Mask fit testing")
    block(people.blocker, people.author)
    auth.login(people.author)
    body = "Thanks @Rita Reader and @Bea Blocker"
    assert client.post(f"/threads/{thread.id}/replies", data={"body": body}).status_code == 302
    [row] = notifications_of(people.reader, "mention")
    assert row.title == "Ada Author mentioned you in “Mask fit testing”"
    message = mailbox.last(people.reader.email)
    assert message["Subject"] == row.title
    assert mailbox.link(message).startswith(f"/threads/{thread.id}?reply=")
    assert notifications_of(people.blocker) == [] and not mailbox.to(people.blocker.email)


def test_an_accepted_answer_tells_its_author(client, auth, people, make_space, make_thread, mailbox):
    space = make_space(members=[people.author, people.reader])
    thread = make_thread(space, people.author, title="Who runs flu clinics?", replies=1, repliers=[people.reader])
    reply = thread.replies[0] if hasattr(thread, "replies") else None
    from sqlalchemy import select

    from app.spaces.models import Reply

    reply = db.session.scalar(select(Reply).where(Reply.thread_id == thread.id))
    auth.login(people.author)
    assert client.post(f"/replies/{reply.id}/accept").status_code == 302
    [row] = notifications_of(people.reader, "answer_accepted")
    assert row.url == f"/threads/{thread.id}?reply={reply.id}#reply-{reply.id}"
    assert mailbox.link(mailbox.last(people.reader.email)) == f"/threads/{thread.id}?reply={reply.id}#reply-{reply.id}"


def test_a_join_request_tells_the_managers_and_its_answer_the_member(client, auth, people, make_space, mailbox):
    space = make_space(name="Leads", policy="request", managers=[people.author])
    block(people.blocker, people.author)
    auth.login(people.reader)
    assert client.post(f"/spaces/{space.slug}/join").status_code == 302
    [row] = notifications_of(people.author, "join_request")
    assert row.title == "Rita Reader asked to join Leads" and row.url.startswith(f"/spaces/{space.slug}/members")
    assert mailbox.last(people.author.email)["Subject"] == row.title
    auth.logout()
    auth.login(people.blocker)
    client.post(f"/spaces/{space.slug}/join")
    assert len(notifications_of(people.author, "join_request")) == 1  # the blocker's request tells nobody
    auth.logout()
    from sqlalchemy import select

    from app.spaces.models import SpaceMember

    pending = db.session.scalar(select(SpaceMember).filter_by(space_id=space.id, user_id=people.reader.id))
    auth.login(people.author)
    assert client.post(f"/spaces/{space.slug}/members/{pending.id}/approve").status_code == 302
    [outcome] = notifications_of(people.reader, "join_request")
    assert "has been approved" in outcome.title and outcome.url == f"/spaces/{space.slug}"
    assert mailbox.link(mailbox.last(people.reader.email)) == f"/spaces/{space.slug}"


def test_a_new_thread_reaches_the_followers_of_its_space_weekly(client, auth, people, make_space, mailbox):
    space = make_space(name="Menopause network", members=[people.author, people.reader])
    follow(people.reader, "space", space.id)
    follow(people.blocker, "space", space.id)
    block(people.blocker, people.author)
    auth.login(people.author)
    data = {"kind": "discussion", "title": "Menopause passports", "body": "Who uses one?"}
    assert client.post(f"/spaces/{space.slug}/threads/new", data=data).status_code == 302
    [row] = notifications_of(people.reader, "new_content")
    assert "Menopause passports" in row.title and row.email_mode == "weekly"
    assert notifications_of(people.blocker) == []
    assert send_digests("daily") == (0, 0)
    assert send_digests("weekly") == (1, 1)
    assert row.url in mailbox.body(mailbox.last(people.reader.email))
