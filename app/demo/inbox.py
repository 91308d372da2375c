"""Demo conversations and saved items for the demo member, so the inbox and Saved page show the loop.

Conversations are scripted (the same words every run) with listed members picked by the step's
seeded generator; one has an unread reply, one includes three people. Saved items are the first
published case studies and resources, the next events, two profiles and the first open
discussion thread (by title; in "Ask the community" or a space that is not private). A conversation is
recognised by its starter and subject, a saved item by its member, kind and id: running the
seed again creates nothing new.
"""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.case_studies.models import CaseStudy
from app.content import render_markdown
from app.demo import auth as auth_demo
from app.demo.registry import DemoStep
from app.directory.models import PractitionerProfile
from app.events.models import Event
from app.extensions import db
from app.inbox.models import Conversation, ConversationMember, Message
from app.models_base import utcnow
from app.resources.models import Resource
from app.saved.models import SavedItem
from app.spaces.models import Space, Thread

# (subject, [(speaker index, text)], whether the demo member has read the latest); speaker 0 is the
# demo member, 1.. the others in the conversation.
SCRIPTS = [
    (
        "Menopause passport: could we compare notes?",
        [
            (
                1,
                "Hello, I saw your profile. We are launching a **menopause passport** next month. How did you get line managers on board?",
            ),
            (0, "Happy to help. We ran three short briefings and gave managers a one-page guide. I can share it."),
            (1, "That would be brilliant, thank you. Could you send it over or share it here?"),
        ],
        False,
    ),
    (
        "SEQOHS accreditation visit",
        [
            (0, "We have our SEQOHS visit in the spring. Which standards did assessors ask most about?"),
            (1, "Mostly the clinical governance and the audit cycle. Have your audit calendar ready."),
        ],
        True,
    ),
    (
        "Wellbeing champions network in our ICS",
        [
            (1, "We are setting up a champions network across the ICS and would like both of you involved."),
            (2, "Count me in. We have 40 champions in the community trust already."),
            (0, "Yes please. Shall we meet at the regional OH forum?"),
        ],
        True,
    ),
]


def plan(rng):
    """The scripted conversations with partners drawn from listed profiles, then the saved items."""
    demo = db.session.scalar(select(User.id).where(User.email == f"member@{auth_demo.DEMO_DOMAIN}"))
    if demo is None:
        return []
    ids = db.session.scalars(
        select(PractitionerProfile.user_id)
        .where(PractitionerProfile.listed.is_(True), PractitionerProfile.user_id != demo)
        .order_by(PractitionerProfile.slug)
    ).all()
    if len(ids) < 4:
        return []
    items = []
    for n, (_subject, lines, read) in enumerate(SCRIPTS):
        speakers = max(speaker for speaker, _ in lines)
        others = rng.sample(ids, speakers)
        items.append(dict(kind="conversation", script=n, members=[demo, *others], read=read))
    profiles = rng.sample(ids, 2)
    items.append(dict(kind="saved", member=demo, profiles=profiles))
    return items


def apply(item):
    """Write one conversation, or the demo member's saved items, unless already there."""
    if item["kind"] == "conversation":
        return _conversation(item)
    return _saved(item)


def _conversation(item):
    subject, lines, read = SCRIPTS[item["script"]]
    people = item["members"]
    starter = people[lines[0][0]]
    exists = select(Conversation.id).where(Conversation.created_by_id == starter, Conversation.subject == subject)
    if db.session.scalar(exists) is not None:
        return False
    start = utcnow() - timedelta(days=3 * (len(SCRIPTS) - item["script"]))
    times = [start + timedelta(hours=5 * n) for n in range(len(lines))]
    conversation = Conversation(subject=subject, created_by_id=starter, created_at=times[0], last_message_at=times[-1])
    db.session.add(conversation)
    for index, user_id in enumerate(people):
        last_read = times[-1] if (read or index != 0) else times[-2]
        db.session.add(
            ConversationMember(
                conversation=conversation,
                user_id=user_id,
                joined_at=times[0],
                last_read_at=last_read,
                last_message_at=times[-1],
            )
        )
    for (speaker, text), when in zip(lines, times, strict=True):
        db.session.add(
            Message(
                conversation=conversation,
                author_id=people[speaker],
                body=text,
                body_html=render_markdown(text),
                created_at=when,
            )
        )
    db.session.flush()
    return True


def _saved(item):
    member = item["member"]
    wanted = [("profile", _profile_id(user_id)) for user_id in item["profiles"]]
    for model, kind, limit in ((CaseStudy, "case_study", 2), (Resource, "resource", 1)):
        ids = db.session.scalars(
            select(model.id).where(model.status == "published").order_by(model.slug).limit(limit)
        ).all()
        wanted += [(kind, object_id) for object_id in ids]
    event_ids = db.session.scalars(
        select(Event.id).where(Event.status == "published").order_by(Event.starts_at.desc(), Event.slug).limit(1)
    ).all()
    wanted += [("event", object_id) for object_id in event_ids]
    wanted.append(("thread", _open_thread_id()))
    created = False
    for kind, object_id in wanted:
        if object_id is None:
            continue
        keys = dict(user_id=member, kind=kind, object_id=object_id)
        if db.session.scalar(select(SavedItem.id).filter_by(**keys)) is None:
            db.session.add(SavedItem(**keys))
            created = True
    db.session.flush()
    return created


def _open_thread_id():
    """The first thread by title that every member can open, or None when there is none."""
    return db.session.scalar(
        select(Thread.id)
        .outerjoin(Space, Space.id == Thread.space_id)
        .where(
            Thread.hidden_at.is_(None),
            Thread.awaiting_moderation.is_(False),
            Thread.merged_into_id.is_(None),
            (Thread.space_id.is_(None)) | (Space.join_policy != "private"),
        )
        .order_by(Thread.title, Thread.id)
        .limit(1)
    )


def _profile_id(user_id):
    return db.session.scalar(select(PractitionerProfile.id).where(PractitionerProfile.user_id == user_id))


STEP = DemoStep("inbox-and-saved", plan, apply)
