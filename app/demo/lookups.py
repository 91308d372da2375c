"""What the knowledge-base demo steps share: demo members and terms by name, and review states."""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.demo.auth import DEMO_DOMAIN
from app.extensions import db
from app.publishing.models import review_date_from
from app.taxonomy.models import Region, Term

_cache = {}


def members():
    """Verified demo accounts in a stable order."""
    stmt = select(User).where(User.email.like(f"%@{DEMO_DOMAIN}"), User.email_verified_at.isnot(None)).order_by(User.id)
    return db.session.scalars(stmt).all()


def member(index):
    """A demo member chosen by a number from the plan (stable across runs)."""
    people = members()
    return people[index % len(people)] if people else None


def by_email_local(local):
    """A fixed demo account such as 'member' or 'moderator'."""
    return db.session.scalar(select(User).where(User.email == f"{local}@{DEMO_DOMAIN}"))


def terms(vocabulary, names):
    """Terms of a vocabulary by display name (unknown names are skipped)."""
    key = ("terms", vocabulary)
    if key not in _cache:
        _cache[key] = {t.name: t.id for t in db.session.scalars(select(Term).filter_by(vocabulary=vocabulary))}
    ids = [_cache[key][n] for n in names if n in _cache[key]]
    return db.session.scalars(select(Term).where(Term.id.in_(ids))).all() if ids else []


def region(name):
    """A region by name, or None."""
    return db.session.scalar(select(Region).where(Region.name == name))


def review_status(roll, draft, submitted, returned, archived):
    """A demo item's state from a random roll and the cumulative share below each state."""
    for status, cut in (("draft", draft), ("submitted", submitted), ("returned", returned), ("archived", archived)):
        if roll < cut:
            return status
    return "published"


def settle_review(obj, status, published, overdue, moderator_local, return_reason):
    """The moderation fields that follow from a demo item's state, as a real review would set them."""
    if status in ("published", "archived"):
        obj.published_at = published
        moderator = by_email_local(moderator_local)
        obj.published_by_id = moderator.id if moderator else None
        obj.review_due = (published - timedelta(days=800)).date() if overdue else review_date_from(published.date())
    if status in ("submitted", "returned"):
        obj.submitted_at = published
    if status == "returned":
        obj.return_reason = return_reason
