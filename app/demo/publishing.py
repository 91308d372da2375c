"""Demo engagement on the knowledge base: comments, useful marks, reuse records, downloads."""

from datetime import timedelta

from sqlalchemy import select

from app.case_studies.models import CaseStudy
from app.comments.models import Comment
from app.content import render_markdown
from app.demo import lookups
from app.demo.registry import DemoStep
from app.extensions import db
from app.publishing.models import ReuseRecord, UsefulMark
from app.resources.models import Resource, ResourceDownload

COMMENTS = [
    "Thank you for sharing this. How did you protect time for night staff to take part?",
    "We adapted this for our community teams and it worked well. The scripts were especially useful.",
    "Did you see any difference between staff groups? Our porters and domestic staff are hard to reach.",
    "Really clear write-up. Could you share the evaluation questions you used?",
    "We are starting something similar in our ICS. Would you be open to a call?",
    "Great to see the impact data. What was the source for the baseline figure?",
    "This links well with our menopause work; the passport idea is simple and effective.",
    "Our Wellbeing Guardian has asked to present this at our People Board.",
]
NOTES = [
    "Adapted the template for our community nursing teams.",
    "Used it in our wellbeing champions training.",
    "Shared with our PCN practice managers.",
    "Translated the key points into our induction pack.",
    None,
]


def plan(rng):
    """Engagement for each published item, decided by the generator (stable across runs)."""
    return [{"seed": rng.randrange(1_000_000)} for _ in range(1)]


def apply(item):
    """Add engagement once (skipped when any demo comment already exists)."""
    if db.session.scalar(select(Comment.id).limit(1)) is not None:
        return False
    import random

    rng = random.Random(item["seed"])
    people = lookups.members()
    if not people:
        return False
    moderator = lookups.by_email_local("moderator")
    for model in (CaseStudy, Resource):
        items = db.session.scalars(select(model).where(model.status == "published").order_by(model.id)).all()
        for obj in items:
            when = obj.published_at
            for n, person in enumerate(rng.sample(people, rng.randrange(0, 4))):
                body = rng.choice(COMMENTS)
                comment = Comment(
                    kind=obj.kind,
                    object_id=obj.id,
                    author_id=person.id,
                    body=body,
                    body_html=render_markdown(body),
                    created_at=when + timedelta(days=2 + n * 3),
                )
                db.session.add(comment)
            for person in rng.sample(people, rng.randrange(0, 12)):
                db.session.add(UsefulMark(kind=obj.kind, object_id=obj.id, user_id=person.id))
            for n, person in enumerate(rng.sample(people, rng.randrange(0, 5))):
                db.session.add(
                    ReuseRecord(
                        kind=obj.kind,
                        object_id=obj.id,
                        user_id=person.id,
                        organisation=person.organisation,
                        note=rng.choice(NOTES),
                        created_at=when + timedelta(days=5 + n * 7),
                    )
                )
            if model is Resource and obj.versions:
                for n, person in enumerate(rng.sample(people, rng.randrange(0, 20))):
                    db.session.add(
                        ResourceDownload(
                            resource_id=obj.id,
                            version_id=obj.versions[0].id,
                            user_id=person.id,
                            created_at=when + timedelta(hours=3 + n * 5),
                        )
                    )
    hidden = Comment(
        kind=CaseStudy.kind,
        object_id=db.session.scalar(select(CaseStudy.id).where(CaseStudy.status == "published").order_by(CaseStudy.id)),
        author_id=people[-1].id,
        body="Buy cheap supplements at this link!",
        body_html=render_markdown("Buy cheap supplements at this link!"),
        hidden_by_id=moderator.id if moderator else None,
        hidden_reason="Advertising, which the community guidelines do not allow",
    )
    hidden.hidden_at = hidden.created_at = db.func.now()
    db.session.add(hidden)
    return True


STEP = DemoStep("knowledge engagement", plan, apply)
