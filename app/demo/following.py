"""Demo follows and notifications for the demo member, so the header count, the Notifications and
Following pages and the home page's "New since your last visit" show the loop working.

The demo member follows the menopause topic, the first open space and its newest thread, and two
listed members; notifications tell them about the newest case studies, resources and events on
what they follow and the newest replies in the followed thread. Each follow is recognised by its
member, kind and id, each notification by its event key: running the seed again creates nothing.
"""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.case_studies.models import CaseStudy
from app.demo import auth as auth_demo
from app.demo.registry import DemoStep
from app.directory.models import PractitionerProfile
from app.events.models import Event
from app.extensions import db
from app.following.models import Follow
from app.models_base import utcnow
from app.notifications.models import Notification
from app.resources.models import Resource
from app.spaces.models import Reply, Space, Thread
from app.taxonomy.models import Term


def plan(rng):
    demo = db.session.scalar(select(User.id).where(User.email == f"member@{auth_demo.DEMO_DOMAIN}"))
    if demo is None:
        return []
    people = db.session.scalars(
        select(PractitionerProfile.user_id)
        .where(PractitionerProfile.listed.is_(True), PractitionerProfile.user_id != demo)
        .order_by(PractitionerProfile.slug)
    ).all()
    return [dict(member=demo, people=rng.sample(people, min(2, len(people))))]


def _follows(member, people):
    topic = db.session.scalar(select(Term.id).filter_by(vocabulary="topic", slug="menopause"))
    space = db.session.scalar(select(Space).where(Space.join_policy == "open").order_by(Space.slug).limit(1))
    thread = None
    if space is not None:
        thread = db.session.scalar(
            select(Thread).where(Thread.space_id == space.id).order_by(Thread.created_at.desc()).limit(1)
        )
    wanted = [("topic", topic), ("space", space.id if space else None), ("thread", thread.id if thread else None)]
    wanted += [("member", user_id) for user_id in people]
    created = False
    for kind, object_id in wanted:
        keys = dict(user_id=member, kind=kind, object_id=object_id)
        if object_id is not None and db.session.scalar(select(Follow.id).filter_by(**keys)) is None:
            db.session.add(Follow(**keys))
            created = True
    return created, thread


def _news(thread):
    """(event key, type, title, path) of what the demo member hears about."""
    news = []
    for model, label in ((CaseStudy, "case study"), (Resource, "resource")):
        for item in db.session.scalars(
            select(model).where(model.status == "published").order_by(model.published_at.desc()).limit(2)
        ):
            news.append((f"demo:{item.kind}:{item.id}", "new_content", f"New {label}: {item.title}", item.path))
    for event in db.session.scalars(
        select(Event).where(Event.status == "published", Event.starts_at >= utcnow()).order_by(Event.starts_at).limit(1)
    ):
        news.append((f"demo:event:{event.id}", "new_content", f"New event: {event.title}", f"/events/{event.slug}"))
    if thread is not None:
        for reply in db.session.scalars(
            select(Reply).where(Reply.thread_id == thread.id).order_by(Reply.created_at.desc()).limit(2)
        ):
            title = f"A new reply in “{thread.title}”"
            news.append(
                (f"demo:reply:{reply.id}", "reply", title, f"/threads/{thread.id}?reply={reply.id}#reply-{reply.id}")
            )
    return news


def apply(item):
    member = item["member"]
    created, thread = _follows(member, item["people"])
    now = utcnow()
    for n, (key, type_key, title, path) in enumerate(_news(thread)):
        if db.session.scalar(select(Notification.id).filter_by(user_id=member, event_key=key)) is not None:
            continue
        when = now - timedelta(hours=7 * n)
        db.session.add(
            Notification(
                user_id=member,
                type=type_key,
                event_key=key,
                title=title[:300],
                url=path,
                email_mode="off",  # shown on the site; the demo sends no digest for the past
                created_at=when,
                read_at=when if n >= 4 else None,  # the newest four are unread
            )
        )
        created = True
    db.session.flush()
    return created


STEP = DemoStep("following-and-notifications", plan, apply)
