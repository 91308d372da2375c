"""A small, complete world for walking every route: one account per role and real objects for each URL.

The permission matrix and the fuzz test both use it: `build_world(make_user)` saves the accounts
and objects, and `world.url(rule)` fills a rule's arguments with the objects that make the page
real (the member's case study, the event the organiser runs, the member's comment, ...).
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.auth.models import utcnow
from app.case_studies.models import CaseStudy
from app.comments.models import Comment
from app.content import render_markdown, store_upload
from app.directory.models import (
    VISIBLE_FIELDS,
    Connection,
    MentoringPair,
    PractitionerProfile,
    ProfileReport,
)
from app.events.models import Event, EventMaterial, EventOrganiser
from app.events.services import registration
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from app.publishing.models import review_date_from
from app.resources.models import Resource, ResourceVersion
from app.search.models import SavedSearch
from app.spaces.models import Reply, Report, Space, SpaceMember, Thread
from app.taxonomy.models import Region, Term

ROLES = ("anonymous", "unverified", "member", "other", "organiser", "moderator", "admin")
MISSING_ID = 999_999  # an id no row has: the page is a 404 for anyone allowed that far


@dataclass
class World:
    users: dict
    slugs: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)

    def url(self, rule):
        """The rule's path with every argument filled from this world."""
        values = {}
        prefix = rule.rule.split("/")[1] if rule.rule.count("/") > 1 else ""
        for name in rule.arguments:
            values[name] = self._value(rule.endpoint, prefix, name)
        path = rule.rule
        for name, value in values.items():
            path = path.replace(f"<{name}>", str(value))
            for converter in ("id", "path", "int"):
                path = path.replace(f"<{converter}:{name}>", str(value))
        return path

    def _value(self, endpoint, prefix, name):
        if name == "kind":
            if endpoint.startswith("following."):
                return "thread"  # the question in the member's private space
            return "profile" if endpoint.startswith("saved.") else "case_study"
        if name == "filename":
            return "missing.css"
        if name == "token":
            return "not-a-real-token"
        if name == "slug":
            if endpoint == "comments.add":
                return self.slugs["case-studies"]
            return self.slugs.get(prefix, "no-such-slug")
        if name == "user_id":
            return self.users["other"].id
        if name == "object_id":
            if endpoint.startswith("following."):
                return self.ids["thread_id"]
            return self.ids["other_profile"] if endpoint.startswith("saved.") else self.ids["submitted_case_study"]
        if name == "number":
            return 1
        return self.ids.get(name, MISSING_ID)


def _term(vocabulary, slug):
    return db.session.scalar(select(Term).filter_by(vocabulary=vocabulary, slug=slug))


def _stored_version(author_id):
    stored = store_upload(FileStorage(io.BytesIO(b"Template text\n"), filename="template.txt"))
    return ResourceVersion(
        number=1,
        stored_name=stored.name,
        original_name=stored.original_name,
        mimetype=stored.mimetype,
        extension=stored.extension,
        size=stored.size,
        sha256=stored.sha256,
        change_note="First version",
        uploaded_by_id=author_id,
    )


def _case_study(slug, author, status):
    london = db.session.scalar(select(Region).filter_by(slug="london"))
    return CaseStudy(
        slug=slug,
        title=f"Case study {slug}",
        summary="A short summary of what we did.",
        organisation="Test NHS Trust",
        status=status,
        visibility="members",
        author_id=author.id,
        context_md="Context",
        context_html=render_markdown("Context"),
        approach_md="Approach",
        approach_html=render_markdown("Approach"),
        outcomes_md="Outcomes",
        outcomes_html=render_markdown("Outcomes"),
        region=london,
        sector=_term("sector", "acute"),
        published_at=utcnow() - timedelta(days=1) if status == "published" else None,
        review_due=review_date_from(),
    )


def _profile(user, n):
    profile = PractitionerProfile(
        user=user,
        slug=f"practitioner-{n}",
        listed=True,
        display_name=user.name,
        job_title="OH nurse",
        organisation="Test NHS Trust",
    )
    for name in VISIBLE_FIELDS:
        setattr(profile, f"{name}_visibility", "members")
    return profile


def build_world(make_user):
    """Save one account per role and the objects every route needs; return the World."""
    users = {
        "unverified": make_user(verified=False, name="Unverified Person"),
        "member": make_user(name="Member Person"),
        "other": make_user(name="Other Person"),
        "organiser": make_user(name="Organiser Person"),
        "moderator": make_user(role="moderator", name="Moderator Person"),
        "admin": make_user(role="admin", name="Admin Person"),
    }
    member, other, organiser = users["member"], users["other"], users["organiser"]
    study = _case_study("member-case-study", member, "published")
    submitted = _case_study("member-submitted-study", member, "submitted")
    draft = _case_study("member-draft-study", member, "draft")
    resource = Resource(
        slug="member-resource",
        title="Member resource",
        summary="A useful template.",
        resource_type="template",
        description_md="Description",
        description_html=render_markdown("Description"),
        status="published",
        visibility="members",
        author_id=member.id,
        published_at=utcnow() - timedelta(days=1),
        review_due=review_date_from(),
    )
    resource.versions.append(_stored_version(member.id))
    starts = utcnow().replace(microsecond=0) + timedelta(days=7)
    event = Event(
        slug="organised-event",
        title="Organised event",
        summary="A network meeting",
        event_type="network_meeting",
        format="in_person",
        venue="Leeds General Infirmary",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=10,
        status="published",
        description_md="About",
        description_html="<p>About</p>",
        created_by_id=organiser.id,
    )
    db.session.add_all([study, submitted, draft, resource, event])
    db.session.flush()
    organiser_row = EventOrganiser(event_id=event.id, user_id=organiser.id)
    material = EventMaterial(event_id=event.id, title="Slides", url="https://www.england.nhs.uk/")
    profiles = [_profile(member, 1), _profile(other, 2)]
    comment = Comment(
        kind="case_study",
        object_id=study.id,
        author_id=member.id,
        body="A comment",
        body_html=render_markdown("A comment"),
    )
    connection = Connection(requester_id=other.id, recipient_id=member.id)
    # A conversation `other` started with `member`, which `member` reported to moderators.
    now = utcnow()
    conversation = Conversation(
        subject="Hello",
        created_by_id=other.id,
        created_at=now,
        last_message_at=now,
        report_status="open",
        reported_by_id=member.id,
        report_reason="spam",
        reported_at=now,
    )
    conversation.members = [
        ConversationMember(user_id=other.id, last_read_at=now, last_message_at=now),
        ConversationMember(user_id=member.id, last_message_at=now),
    ]
    message = Message(conversation=conversation, author_id=other.id, body="Hello there", body_html="<p>Hello there</p>")
    pair = MentoringPair(mentor_id=member.id, mentee_id=other.id, message="Please")
    report = ProfileReport(profile=profiles[0], reporter_id=other.id, reason="inaccurate", details="Wrong")
    saved = SavedSearch(user_id=member.id, name="Menopause", query="menopause")
    db.session.add_all(
        [organiser_row, material, *profiles, comment, connection, conversation, message, pair, report, saved]
    )
    db.session.commit()
    booking = registration.register(event.id, member.id)
    spaces = _spaces(member, organiser, other)
    return World(
        users=users,
        slugs={
            "case-studies": study.slug,
            "resources": resource.slug,
            "events": event.slug,
            "directory": profiles[0].slug,
            "spaces": spaces["slug"],
        },
        ids={
            "submitted_case_study": submitted.id,
            "draft_case_study": draft.id,
            "comment_id": comment.id,
            "connection_id": connection.id,
            "message_id": conversation.id,
            "conversation_id": conversation.id,
            "pair_id": pair.id,
            "report_id": report.id,
            "saved_id": saved.id,
            "other_profile": profiles[1].id,
            "registration_id": booking.id,
            "material_id": material.id,
            "organiser_id": organiser_row.id,
            "thread_id": spaces["thread_id"],
            "reply_id": spaces["reply_id"],
            "member_id": spaces["member_id"],
            "discussion_report_id": spaces["report_id"],
        },
    )


def _spaces(member, organiser, other):
    """A private space the member manages, with the organiser as a member (the other member is an
    outsider, to whom it does not exist), a question by the member, the organiser's reply to it,
    and the other member's report of a thread in "Ask the community"."""
    now = utcnow()
    space = Space(
        slug="member-private-space",
        name="Member private space",
        purpose="A private network",
        join_policy="private",
        created_by_id=member.id,
        member_count=2,
        thread_count=1,
        last_activity_at=now,
    )
    db.session.add(space)
    db.session.flush()
    joined = SpaceMember(space_id=space.id, user_id=organiser.id, status="active")
    db.session.add_all([SpaceMember(space_id=space.id, user_id=member.id, role="manager", status="active"), joined])
    thread = Thread(
        space_id=space.id,
        kind="question",
        title="A question in the space",
        body_md="What works?",
        body_html="<p>What works?</p>",
        author_id=member.id,
        last_activity_at=now,
        reply_count=1,
    )
    ask = Thread(
        kind="discussion",
        title="A discussion for everyone",
        body_md="Hello all",
        body_html="<p>Hello all</p>",
        author_id=member.id,
        last_activity_at=now,
    )
    db.session.add_all([thread, ask])
    db.session.flush()
    reply = Reply(thread_id=thread.id, author_id=organiser.id, body_md="This worked", body_html="<p>This worked</p>")
    report = Report(thread_id=ask.id, reporter_id=other.id, reason="spam")
    db.session.add_all([reply, report])
    db.session.commit()
    return {
        "slug": space.slug,
        "thread_id": thread.id,
        "reply_id": reply.id,
        "member_id": joined.id,
        "report_id": report.id,
    }
