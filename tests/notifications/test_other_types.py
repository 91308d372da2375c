"""Each notification type from events, publishing, comments, the directory and the inbox: the
action, the record, the email with the right link, and nothing across a block or out of sight."""

from datetime import timedelta

from sqlalchemy import select

from app.events.services import events as event_services
from app.events.services import registration
from app.extensions import db
from app.notifications.digests import send_digests
from app.publishing import services as publishing
from app.taxonomy.models import Term
from tests.notifications.conftest import block, follow, notifications_of


def _values(event, **changes):
    names = event_services.EDITABLE
    values = {name: getattr(event, name) for name in names}
    values.update(changes)
    return values


def test_a_booked_event_that_changes_or_is_cancelled_tells_who_booked(people, make_event, mailbox):
    event = make_event(title="Fit testing day")
    registration.register(event.id, people.reader.id)
    mailbox_before = len(mailbox.to(people.reader.email))
    event_services.update_event(event, _values(event, venue="St James's"), "About")
    [changed] = notifications_of(people.reader, "event_changed")
    assert changed.title == "Event details changed: Fit testing day" and changed.url == f"/events/{event.slug}"
    emails = mailbox.to(people.reader.email)
    assert len(emails) == mailbox_before + 1 and emails[-1]["Subject"] == changed.title
    assert f"/events/{event.slug}" in mailbox.body(emails[-1])
    event_services.cancel_event(event, "The trainer is ill")
    cancelled = [n for n in notifications_of(people.reader, "event_changed") if "cancelled" in n.title]
    assert len(cancelled) == 1 and mailbox.last(people.reader.email)["Subject"] == "Event cancelled: Fit testing day"
    assert notifications_of(people.outsider) == []


def test_a_place_from_the_waiting_list_is_a_notification_emailed_at_once(people, make_event, mailbox):
    event = make_event(title="Small workshop", capacity=1)
    registration.register(event.id, people.author.id)
    registration.register(event.id, people.reader.id)  # waiting
    registration.cancel(event.id, people.author.id)
    [row] = notifications_of(people.reader, "waitlist")
    assert row.title == "A place is now yours: Small workshop" and row.url == f"/events/{event.slug}"
    assert mailbox.last(people.reader.email)["Subject"] == row.title


def test_a_comment_tells_the_author_unless_they_blocked_the_commenter(people, make_case_study, mailbox):
    from app.comments.services import add_comment

    study = make_case_study(author=people.reader, title="Flu jabs on wards")
    comment = add_comment(study, people.author, "We did this too")
    [row] = notifications_of(people.reader, "comment")
    assert row.url == f"{study.path}?comment={comment.id}#comment-{comment.id}"
    assert mailbox.link(mailbox.last(people.reader.email)).endswith(row.url)
    own = make_case_study(author=people.blocker)
    block(people.blocker, people.author)
    add_comment(own, people.author, "Hello")
    assert notifications_of(people.blocker) == [] and not mailbox.to(people.blocker.email)


def test_publishing_tells_the_author_and_the_followers_of_its_topic(people, make_user, make_case_study, mailbox):
    moderator = make_user(role="moderator")
    topic = db.session.scalar(select(Term).filter_by(vocabulary="topic", slug="menopause"))
    follow(people.outsider, "topic", topic.id)
    follow(people.blocker, "topic", topic.id)
    block(people.blocker, people.reader)
    study = make_case_study(author=people.reader, status="submitted", title="Menopause clinic")
    publishing.publish(study, moderator)
    [mine] = notifications_of(people.reader, "item_status")
    assert mine.title == "Your case study has been published" and mine.url == study.path
    assert mailbox.link(mailbox.last(people.reader.email)).endswith(study.path)
    [news] = notifications_of(people.outsider, "new_content")
    assert news.title == "New case study: Menopause clinic" and news.url == study.path
    assert notifications_of(people.blocker) == []
    assert send_digests("weekly") == (1, 1)
    assert study.path in mailbox.body(mailbox.last(people.outsider.email))


def test_returning_tells_the_author(people, make_user, make_case_study, mailbox):
    study = make_case_study(author=people.reader, status="submitted")
    publishing.return_for_changes(study, make_user(role="moderator"), "Add your outcomes")
    [row] = notifications_of(people.reader, "item_status")
    assert "needs changes" in row.title and mailbox.last(people.reader.email)["Subject"] == row.title


def test_connection_and_mentoring_requests_and_answers(in_request, people, make_profile, mailbox):
    from app.directory.services import mentoring, network

    profile = make_profile(user=people.reader, offers_mentoring=True, max_mentees=2)
    connection = network.request_connection(people.author, profile)
    [row] = notifications_of(people.reader, "connection")
    assert row.url == "/directory/network" and mailbox.last(people.reader.email)["Subject"] == row.title
    network.accept_connection(people.reader, connection.id)
    [answer] = notifications_of(people.author, "connection")
    assert "accepted your connection request" in answer.title
    pair = mentoring.request_mentoring(people.outsider, profile, "Could you mentor me?")
    assert any("mentor" in n.title for n in notifications_of(people.reader, "connection"))
    mentoring.accept_mentee(people.reader, pair.id)
    [agreed] = notifications_of(people.outsider, "connection")
    assert agreed.title.endswith("has agreed to mentor you") and agreed.url == "/directory/mentoring"


def test_a_private_message_is_a_notification_and_an_email_but_not_across_a_block(in_request, people, mailbox):
    from app.inbox import services as inbox

    conversation = inbox.start(people.author, [people.reader, people.blocker], "Rota swap", "Can we swap?")
    [row] = notifications_of(people.reader, "message")
    assert row.url == f"/inbox/{conversation.id}" and "Rota swap" in row.title
    assert mailbox.link(mailbox.last(people.reader.email)) == f"/inbox/{conversation.id}"
    block(people.blocker, people.author)
    inbox.reply(people.author, conversation.id, "Anyone?")
    assert len(notifications_of(people.blocker, "message")) == 1  # only the message before the block


def test_a_newly_published_event_reaches_followers_of_its_region(people, make_user):
    from app.taxonomy.models import Region

    london = db.session.scalar(select(Region).filter_by(slug="london"))
    follow(people.reader, "region", london.id)
    moderator = make_user(role="moderator")
    from datetime import UTC, datetime

    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=10)
    values = {name: None for name in event_services.EDITABLE}
    values.update(
        title="London OH forum",
        summary="Meet peers",
        event_type="network_meeting",
        format="in_person",
        venue="Guy's",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    event = event_services.create_event(moderator, values, "About", region_id=london.id, publish=True)
    [row] = notifications_of(people.reader, "new_content")
    assert row.title == "New event: London OH forum" and row.url == f"/events/{event.slug}"
