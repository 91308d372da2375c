"""The member lifecycle: a deleted member leaves no row that refers to them, on every database,
and the data export holds a section from every feature that connected a receiver."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from app.auth.models import User, utcnow
from app.case_studies.models import CaseStudy
from app.comments.models import Comment
from app.content import render_markdown, store_upload
from app.directory.models import Block, Connection, MentoringPair, PractitionerProfile, ProfileReport
from app.events.models import CalendarFeed, Event, EventFeedback, EventOrganiser, EventRegistration
from app.events.services import registration
from app.extensions import db
from app.following.models import Follow
from app.inbox.models import Conversation, ConversationMember, Message
from app.notifications.models import DigestRun, FanOut, Notification, NotificationPreference
from app.publishing.models import ContentRevision, ReuseRecord, UsefulMark
from app.resources.models import Resource, ResourceDownload, ResourceVersion
from app.saved.models import SavedItem
from app.search.models import SavedSearch, SavedSearchSeen, SearchOutbox
from app.signals import member_deleting, member_exporting
from app.spaces.models import HelpfulVote, Mention, Reply, Report, Space, SpaceMember, Thread, ThreadRead
from app.spaces.recommend_models import SpaceRecommendation
from tests.conftest import DEFAULT_PASSWORD


def _user_fk_columns():
    """Every column, in every table, whose foreign key points at the account table."""
    return [
        (table, fk.parent)
        for table in db.metadata.sorted_tables
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name)
        if fk.column.table is User.__table__
    ]


def _rows_referring_to(user_id):
    """How many rows each of those columns holds that name `user_id`."""
    return {
        f"{table.name}.{column.name}": db.session.scalar(
            select(func.count()).select_from(table).where(column == user_id)
        )
        for table, column in _user_fk_columns()
    }


def _stored_file(text):
    return store_upload(FileStorage(io.BytesIO(text.encode()), filename="file.txt"))


def _case_study(slug, author, **fields):
    return CaseStudy(
        slug=slug,
        title=f"Case study {slug}",
        summary="What we did.",
        organisation="Test NHS Trust",
        status="published",
        published_at=utcnow(),
        author_id=author.id,
        context_md="Context",
        context_html=render_markdown("Context"),
        **fields,
    )


def _resource(slug, author, uploader, **fields):
    stored = _stored_file(f"Template {slug}\n")
    item = Resource(
        slug=slug,
        title=f"Resource {slug}",
        summary="A template.",
        resource_type="template",
        status="published",
        published_at=utcnow(),
        author_id=author.id,
        **fields,
    )
    item.versions.append(
        ResourceVersion(
            number=1,
            stored_name=stored.name,
            original_name=stored.original_name,
            mimetype=stored.mimetype,
            extension=stored.extension,
            size=stored.size,
            sha256=stored.sha256,
            change_note="First version",
            uploaded_by_id=uploader.id,
        )
    )
    return item


def _event(slug, capacity, created_by=None):
    starts = utcnow().replace(microsecond=0) + timedelta(days=7)
    event = Event(
        slug=slug,
        title=f"Event {slug}",
        summary="A network meeting",
        event_type="network_meeting",
        format="in_person",
        venue="Leeds General Infirmary",
        address="Great George Street, Leeds",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=capacity,
        status="published",
        description_md="About",
        description_html="<p>About</p>",
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(event)
    db.session.commit()
    return event


def _member_who_touched_everything(make_user):
    """A moderator who has used every feature, alongside two other members."""
    leaver = make_user(role="moderator", name="Leaving Member", email="leaver@nhs.net")
    other = make_user(name="Staying Member", email="stayer@nhs.net")
    waiter = make_user(name="Waiting Member", email="waiter@nhs.net")

    photo = _stored_file("not really a photo")
    mine = PractitionerProfile(user_id=leaver.id, slug="leaving-member", display_name="Leaving Member")
    mine.photo_name = photo.name
    theirs = PractitionerProfile(user_id=other.id, slug="staying-member", display_name="Staying Member", listed=True)
    db.session.add_all([mine, theirs])
    db.session.flush()
    db.session.add_all(
        [
            Connection(requester_id=leaver.id, recipient_id=other.id, status="accepted"),
            Connection(requester_id=waiter.id, recipient_id=leaver.id, status="pending"),
            MentoringPair(mentor_id=leaver.id, mentee_id=other.id, status="active"),
            MentoringPair(mentor_id=other.id, mentee_id=leaver.id, status="pending"),
            Block(blocker_id=leaver.id, blocked_id=waiter.id),
            Block(blocker_id=waiter.id, blocked_id=leaver.id),
            ProfileReport(profile_id=theirs.id, reporter_id=leaver.id, reason="spam", resolved_by_id=leaver.id),
            ProfileReport(profile_id=mine.id, reporter_id=other.id, reason="spam"),
            SavedItem(user_id=leaver.id, kind="profile", object_id=theirs.id),
            Follow(user_id=leaver.id, kind="member", object_id=other.id),
            Follow(user_id=other.id, kind="member", object_id=leaver.id),
            Notification(user_id=leaver.id, type="mention", event_key="m:1", title="Hi", url="/"),
            Notification(user_id=other.id, type="mention", event_key="m:2", title="Hi", url="/", actor_id=leaver.id),
            FanOut(event_key="f:1", type="reply", actor_id=leaver.id, title="Hi", url="/", audience=[]),
            NotificationPreference(user_id=leaver.id, type="reply", mode="off"),
            DigestRun(user_id=leaver.id, period="daily", period_start=utcnow().date()),
        ]
    )
    now = utcnow()
    shared = Conversation(
        subject="Hello",
        created_by_id=leaver.id,
        created_at=now,
        last_message_at=now,
        report_status="dismissed",
        reported_by_id=leaver.id,
        resolved_by_id=leaver.id,
    )
    lonely = Conversation(subject="Everyone else left", created_by_id=other.id, created_at=now, last_message_at=now)
    db.session.add_all([shared, lonely])
    db.session.flush()
    db.session.add_all(
        [
            ConversationMember(conversation_id=shared.id, user_id=leaver.id),
            ConversationMember(conversation_id=shared.id, user_id=other.id),
            ConversationMember(conversation_id=lonely.id, user_id=leaver.id),
            Message(conversation_id=shared.id, author_id=leaver.id, body="Hi", body_html="<p>Hi</p>"),
            Message(conversation_id=shared.id, author_id=other.id, body="Hi back", body_html="<p>Hi back</p>"),
            Message(conversation_id=lonely.id, author_id=other.id, body="Bye", body_html="<p>Bye</p>"),
        ]
    )

    own_study = _case_study("leavers-study", leaver, published_by_id=leaver.id)
    shared_study = _case_study("shared-study", other, published_by_id=leaver.id)
    shared_study.coauthors = [leaver]
    own_resource = _resource("leavers-resource", leaver, leaver, published_by_id=leaver.id)
    other_resource = _resource("others-resource", other, leaver)
    db.session.add_all([own_study, shared_study, own_resource, other_resource])
    db.session.flush()
    db.session.add_all(
        [
            UsefulMark(kind="resource", object_id=other_resource.id, user_id=leaver.id),
            ReuseRecord(kind="resource", object_id=other_resource.id, user_id=leaver.id, note="Adapted it"),
            ResourceDownload(
                resource_id=other_resource.id, version_id=other_resource.versions[0].id, user_id=leaver.id
            ),
            ContentRevision(kind="case_study", object_id=shared_study.id, editor_id=leaver.id, summary="Typos"),
            Comment(
                kind="case_study",
                object_id=shared_study.id,
                author_id=leaver.id,
                body="Great",
                body_html="<p>Great</p>",
            ),
            Comment(
                kind="case_study",
                object_id=own_study.id,
                author_id=other.id,
                body="Spam",
                body_html="<p>Spam</p>",
                hidden_by_id=leaver.id,
            ),
        ]
    )
    saved = SavedSearch(user_id=leaver.id, name="Menopause", query="menopause")
    saved.seen = [SavedSearchSeen(doc_key="resource:1")]
    db.session.add_all([saved, CalendarFeed(user_id=leaver.id, token="leavers-feed-token")])
    db.session.commit()

    past = _event("past-event", 20, created_by=leaver)
    past.starts_at, past.ends_at = utcnow() - timedelta(days=3), utcnow() - timedelta(days=3, hours=-2)
    db.session.add_all(
        [
            EventOrganiser(event_id=past.id, user_id=leaver.id),
            EventRegistration(
                event_id=past.id, user_id=leaver.id, status="confirmed", position=1, access_needs="Hearing loop"
            ),
            EventFeedback(event_id=past.id, user_id=leaver.id, overall=5, relevance=4, would_recommend=True),
        ]
    )
    db.session.commit()
    full = _event("full-event", 1)
    registration.register(full.id, leaver.id)
    registration.register(full.id, waiter.id)
    _spaces_touched_by(leaver, other)
    return leaver, other, waiter, photo.name


def _spaces_touched_by(leaver, other):
    """The leaver made a space, posted, voted, mentioned, read, reported and moderated in it."""
    space = Space(
        slug="leavers-space", name="Leaver's space", purpose="Talk", created_by_id=leaver.id, last_activity_at=utcnow()
    )
    db.session.add(space)
    db.session.flush()
    db.session.add_all(
        [
            SpaceMember(space_id=space.id, user_id=leaver.id, role="manager"),
            SpaceMember(space_id=space.id, user_id=other.id, invited_by_id=leaver.id),
        ]
    )
    mine = Thread(
        space_id=space.id,
        title="Leaver's question",
        body_md="Q",
        body_html="<p>Q</p>",
        author_id=leaver.id,
        last_activity_at=utcnow(),
        hidden_by_id=leaver.id,
    )
    theirs = Thread(
        space_id=space.id,
        title="Other's question",
        body_md="Q",
        body_html="<p>Q</p>",
        author_id=other.id,
        last_activity_at=utcnow(),
    )
    db.session.add_all([mine, theirs])
    db.session.flush()
    answer = Reply(thread_id=theirs.id, author_id=leaver.id, body_md="A", body_html="<p>A</p>", hidden_by_id=leaver.id)
    helpful = Reply(thread_id=theirs.id, author_id=other.id, body_md="B", body_html="<p>B</p>", helpful_count=1)
    db.session.add_all([answer, helpful])
    db.session.flush()
    db.session.add_all(
        [
            HelpfulVote(reply_id=helpful.id, user_id=leaver.id),
            Mention(thread_id=theirs.id, reply_id=answer.id, mentioned_user_id=other.id, author_id=leaver.id),
            Mention(thread_id=theirs.id, mentioned_user_id=leaver.id, author_id=other.id),
            ThreadRead(user_id=leaver.id, thread_id=theirs.id, last_read_reply_id=helpful.id),
            Report(thread_id=theirs.id, reporter_id=leaver.id, reason="spam", resolved_by_id=leaver.id),
            SpaceRecommendation(space_id=space.id, kind="resource", object_id=1, added_by_id=leaver.id),
        ]
    )
    db.session.commit()


def test_a_deleted_member_leaves_no_row_that_refers_to_them(app, client, auth, make_user):
    leaver, other, waiter, photo_name = _member_who_touched_everything(make_user)
    leaver_id, other_id, waiter_id = leaver.id, other.id, waiter.id
    full_event_id = db.session.scalar(select(Event.id).where(Event.slug == "full-event"))
    profile_id = db.session.scalar(select(PractitionerProfile.id).where(PractitionerProfile.user_id == leaver_id))
    photo = Path(app.config["UPLOAD_FOLDER"]) / photo_name
    assert photo.exists()
    untouched = [name for name, count in _rows_referring_to(leaver_id).items() if count == 0]
    assert untouched == [], f"give the member a row in {untouched}, so this test covers them"

    auth.login(leaver)
    response = client.post("/account/delete", data={"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    db.session.expunge_all()
    assert db.session.get(User, leaver_id) is None
    left = {name: count for name, count in _rows_referring_to(leaver_id).items() if count}
    assert left == {}
    # Shared content stays, as by a former member; the other members keep theirs.
    own_study = db.session.scalar(select(CaseStudy).where(CaseStudy.slug == "leavers-study"))
    assert own_study is not None and own_study.author_id is None
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 2
    assert db.session.scalar(select(func.count()).select_from(ResourceVersion)) == 2
    assert db.session.scalar(select(func.count()).select_from(ProfileReport)) == 1
    assert db.session.scalar(select(PractitionerProfile).where(PractitionerProfile.user_id == other_id))
    # Past registrations stay as anonymous counts without their personal answers.
    past = db.session.scalar(select(EventRegistration).join(Event).where(Event.slug == "past-event"))
    assert past.user_id is None and past.access_needs is None
    # What no database rule can do, the features' receivers did.
    waiting = db.session.scalar(
        select(EventRegistration).where(
            EventRegistration.event_id == full_event_id, EventRegistration.user_id == waiter_id
        )
    )
    assert waiting.status == "confirmed"
    assert db.session.scalar(select(SearchOutbox).filter_by(kind="practitioner", object_id=profile_id))
    assert not photo.exists()
    assert db.session.scalar(select(func.count()).select_from(SavedSearchSeen)) == 0
    # Their posts stay, from a former member; the counts their vote and membership made are taken back.
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 2
    assert db.session.scalar(select(func.count()).select_from(Reply).where(Reply.author_id.is_(None))) == 1
    assert db.session.scalar(select(Reply.helpful_count).where(Reply.body_md == "B")) == 0
    assert db.session.scalar(select(Space.member_count).where(Space.slug == "leavers-space")) == 1
    # What they recommended in a space stays recommended.
    kept = select(func.count()).select_from(SpaceRecommendation).where(SpaceRecommendation.added_by_id.is_(None))
    assert db.session.scalar(kept) == 1
    # The conversation the other member is still in stays (by a former member); the one no one
    # else was left in went with its messages.
    assert db.session.scalars(select(Conversation.subject)).all() == ["Hello"]
    assert db.session.scalar(select(func.count()).select_from(Message)) == 2


def test_deleting_is_announced_before_the_account_row_goes(app, client, auth, make_user):
    leaver = make_user()
    seen = []

    def receiver(user):
        seen.append(db.session.scalar(select(func.count()).select_from(User).where(User.id == user.id)))

    auth.login(leaver)
    with member_deleting.connected_to(receiver):
        assert client.post("/account/delete", data={"password": "wrong"}).status_code == 400
        assert seen == []
        assert client.post("/account/delete", data={"password": DEFAULT_PASSWORD}).status_code == 302
    assert seen == [1]


def test_the_export_holds_a_section_from_every_connected_receiver(app, client, auth, make_user):
    member = make_user(name="Exporting Member")
    receivers = list(member_exporting.receivers_for(member))
    assert {r.__module__.split(".")[1] for r in receivers} >= {"directory", "events", "publishing", "search", "spaces"}

    auth.login(member)
    response = client.get("/account/export")

    assert response.status_code == 200
    data = json.loads(response.data)
    assert data["account"]["name"] == "Exporting Member"
    for receiver in receivers:
        name, section = receiver(member)
        assert json.loads(json.dumps(section)) == data[name], receiver.__qualname__
    assert len(data) == 1 + len(receivers)


def test_a_feature_joins_the_export_by_connecting_a_receiver(app, client, auth, make_user):
    member = make_user()

    def receiver(user):
        return "badges", [f"badge for {user.name}"]

    auth.login(member)
    with member_exporting.connected_to(receiver):
        data = json.loads(client.get("/account/export").data)
    assert data["badges"] == [f"badge for {member.name}"]
    assert "badges" not in json.loads(client.get("/account/export").data)


def test_a_row_that_points_at_a_missing_member_is_refused_on_every_database(app, make_user):
    member = make_user()
    db.session.add(Connection(requester_id=member.id, recipient_id=member.id + 1000))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Connection)) == 0
