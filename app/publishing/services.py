"""Use cases every publishable type shares: the review lifecycle, reuse and reminders.

Each public function owns its single commit; emails are queued before it and sent after it.
"""

import re
import unicodedata
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import signals
from app.auth.access import reach_refusal
from app.auth.models import User
from app.batch import Tally, run_each
from app.extensions import db
from app.mail import queue_email, site_url
from app.models_base import utcnow
from app.publishing.models import TAG_VOCABULARIES, ContentRevision, ReuseRecord, UsefulMark, review_date_from
from app.taxonomy.models import Term
from app.web import UserError

REMIND_AGAIN_AFTER = timedelta(days=30)
RESERVED_SLUGS = {"new", "feeds", "static"}  # would clash with fixed URLs such as /case-studies/new


class ContentError(UserError):
    """A use case refused; `message` is safe to show, `field` names the form field if any."""


def slugify(text):
    """Lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:100] or "item"


def unique_slug(model, title):
    """A slug for `title` not yet used by `model` (one query)."""
    base = slugify(title)
    taken = set(db.session.scalars(select(model.slug).where(model.slug.like(f"{base}%")))) | RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def absolute_url(item):
    """The item's page as an absolute link for emails and feeds."""
    return site_url(item.path)


EXAMPLE_SLUGS = {
    "case_study": "msk-self-referral-physiotherapy-for-staff",
    "resource": "menopause-passport-and-conversation-guide",
}


def resolve_original(model, text, item=None):
    """The id of the published `model` item that `text` names (its page's address, with or
    without the site, or its slug) for "adapted from"; None when blank; else ContentError."""
    text = (text or "").strip()
    if not text:
        return None
    path = text.split("://", 1)[1] if "://" in text else text
    if "://" in text:
        path = "/" + path.split("/", 1)[1] if "/" in path else ""
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if path.startswith(model.url_prefix + "/"):
        path = path[len(model.url_prefix) + 1 :]
    original = None
    if path and "/" not in path:
        original = db.session.scalar(select(model).where(model.slug == path))
    if original is None or original.status != "published":
        example = f"{model.url_prefix}/{EXAMPLE_SLUGS.get(model.kind, 'its-title')}"
        raise ContentError(
            f"Enter the address of a published {model.label} on this site, like {example}", "adapted_from"
        )
    if item is not None and item.id is not None and item.id in (original.id, original.adapted_from_id):
        raise ContentError(
            f"A {model.label} cannot be adapted from itself or from one of its adaptations", "adapted_from"
        )
    return original.id


def record_revision(item, editor, summary):
    """Note who changed a published item, when, and why (the caller commits)."""
    db.session.add(ContentRevision(kind=item.kind, object_id=item.id, editor_id=editor.id, summary=summary))


def require_change_summary(item, summary):
    """A published item keeps a history: editing it needs a summary of the change."""
    if item.status == "published" and not summary:
        raise ContentError("Enter a summary of your change", "change_summary")


def record_edit(item, editor, summary):
    """Stamp an edit; a published or archived item also keeps it as a revision (the caller commits)."""
    item.updated_at = utcnow()
    if item.status in ("published", "archived"):
        record_revision(item, editor, summary)


def tag_terms(ids):
    """The chosen terms of the tag vocabularies (ids from any other vocabulary are dropped)."""
    if not ids:
        return []
    return db.session.scalars(select(Term).where(Term.id.in_(ids), Term.vocabulary.in_(TAG_VOCABULARIES))).all()


REVISIONS_SHOWN = 20


def revisions(item, limit=REVISIONS_SHOWN):
    """([the item's newest `limit` revisions, newest first], how many in all), in one query: an
    item edited thousands of times lists the newest few."""
    stmt = (
        select(ContentRevision, func.count().over())
        .where(ContentRevision.kind == item.kind, ContentRevision.object_id == item.id)
        .options(db.joinedload(ContentRevision.editor))
        .order_by(ContentRevision.created_at.desc(), ContentRevision.id.desc())
        .limit(limit)
    )
    rows = db.session.execute(stmt).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def submit(item, user):
    """Send a draft or returned item to the moderators."""
    if item.status not in ("draft", "returned"):
        raise ContentError(f"This {item.label} has already been submitted")
    item.status = "submitted"
    item.submitted_at = utcnow()
    moderators = db.session.scalars(
        select(User.email).where(User.role.in_(("moderator", "admin")), User.is_active_account.is_(True))
    ).all()
    for address in moderators:
        queue_email(
            address,
            f"New {item.label} to review: {item.title}",
            "kb_submitted",
            item=item,
            link=absolute_url(item),
        )
    db.session.commit()


def publish(item, moderator):
    """Publish a submitted item and tell its author."""
    if item.status != "submitted":
        raise ContentError(f"Only submitted items can be published; this {item.label} is {item.status}")
    item.status = "published"
    item.published_at = item.published_at or utcnow()
    item.published_by_id = moderator.id
    item.return_reason = None
    item.review_due = review_date_from()
    signals.item_published.send(item)
    db.session.commit()


def return_for_changes(item, moderator, reason):
    """Return a submitted item to its author with the moderator's reason."""
    if item.status != "submitted":
        raise ContentError(f"Only submitted items can be returned; this {item.label} is {item.status}")
    item.status = "returned"
    item.return_reason = reason
    signals.item_returned.send(item, reason=reason)
    db.session.commit()


def archive(item, user):
    """Take a published item out of listings, feeds and search; its page stays for links."""
    if item.status != "published":
        raise ContentError("Only published items can be archived")
    item.status = "archived"
    record_revision(item, user, "Archived")
    db.session.commit()


def confirm_review(item, user):
    """The content was checked and is still current: the next review is due in two years."""
    if item.status != "published":
        raise ContentError("Only published items have a review date")
    item.review_due = review_date_from()
    item.review_reminded_at = None
    record_revision(item, user, "Reviewed and confirmed as current")
    db.session.commit()


def toggle_useful(item, user):
    """Mark or unmark the item as useful; returns True when it is now marked."""
    mark = db.session.scalar(select(UsefulMark).filter_by(kind=item.kind, object_id=item.id, user_id=user.id))
    if mark is None:
        db.session.add(UsefulMark(kind=item.kind, object_id=item.id, user_id=user.id))
    else:
        db.session.delete(mark)
    db.session.commit()
    return mark is None


def own_reuse(item, user):
    """The member's reuse record for the item, or None."""
    return db.session.scalar(
        select(ReuseRecord).where(
            ReuseRecord.kind == item.kind, ReuseRecord.object_id == item.id, ReuseRecord.user_id == user.id
        )
    )


def record_reuse(item, user, organisation, note):
    """Record the member's reuse of the item, or update their note; the author is emailed only the first time.

    Returns True when the record is new.
    """
    values = {"organisation": organisation or None, "note": note or None}
    record = own_reuse(item, user)
    created = False
    if record is None:
        record = ReuseRecord(kind=item.kind, object_id=item.id, user_id=user.id, **values)
        try:
            with db.session.begin_nested():
                db.session.add(record)
        except IntegrityError:  # the member's parallel request recorded it first: update that one
            record = own_reuse(item, user)
        else:
            created = True
    record.organisation, record.note = values["organisation"], values["note"]
    if (
        created
        and item.author is not None
        and item.author_id != user.id
        and reach_refusal(user.id, item.author_id) is None
    ):
        queue_email(
            item.author.email,
            f"Someone reused your {item.label}",
            "kb_reused",
            item=item,
            link=absolute_url(item),
            record=record,
            member=user,
        )
    db.session.commit()
    return created


def counts(kind, ids):
    """{id: (useful marks, reuse records)} for the given items, in two queries."""
    result = {object_id: [0, 0] for object_id in ids}
    if not ids:
        return {}
    for position, model in enumerate((UsefulMark, ReuseRecord)):
        stmt = (
            select(model.object_id, func.count())
            .where(model.kind == kind, model.object_id.in_(ids))
            .group_by(model.object_id)
        )
        for object_id, number in db.session.execute(stmt):
            result[object_id][position] = number
    return {object_id: tuple(pair) for object_id, pair in result.items()}


def has_marked_useful(item, user):
    """True when the member has marked the item useful."""
    if not getattr(user, "is_authenticated", False):
        return False
    stmt = select(UsefulMark.id).filter_by(kind=item.kind, object_id=item.id, user_id=user.id)
    return db.session.scalar(stmt) is not None


def reuse_records(item, limit=50):
    """The newest reuse records for the item, with their members."""
    stmt = (
        select(ReuseRecord)
        .where(ReuseRecord.kind == item.kind, ReuseRecord.object_id == item.id)
        .options(db.joinedload(ReuseRecord.user))
        .order_by(ReuseRecord.created_at.desc(), ReuseRecord.id.desc())
        .limit(limit)
    )
    return db.session.scalars(stmt).all()


def overdue(model, today=None, limit=None):
    """Published items whose review date has passed, oldest first."""
    stmt = (
        select(model)
        .where(model.status == "published", model.review_due < (today or date.today()))
        .options(db.joinedload(model.author))
        .order_by(model.review_due, model.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    return db.session.scalars(stmt).all()


def _remind(item, now):
    """Queue one overdue item's reminder unless its author was told within the month."""
    if item.author is None or not item.author.is_active:
        return False
    reminded = item.review_reminded_at
    if reminded is not None and reminded.tzinfo is None:
        reminded = reminded.replace(tzinfo=now.tzinfo)
    if reminded is not None and now - reminded < REMIND_AGAIN_AFTER:
        return False
    item.review_reminded_at = now
    queue_email(
        item.author.email,
        f"Please review your {item.label}: {item.title}",
        "kb_review_due",
        item=item,
        link=absolute_url(item),
    )
    db.session.flush()
    return True


def send_review_reminders(models, today=None):
    """Email the authors of overdue items (at most once a month per item); returns a Tally.

    Each item is handled in its own savepoint: one that fails is logged and counted, and the
    authors of the others are still reminded.
    """
    now = utcnow()
    tally = Tally()
    for model in models:
        run_each(overdue(model, today), lambda item: _remind(item, now), "review reminders", tally)
    db.session.commit()
    return tally
