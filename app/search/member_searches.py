"""Search use cases for members: results pages, saved searches, alerts, missed searches.

Each use case that writes owns its single commit; alert emails are queued before it, so
they go only once the "already told" rows are committed. Saved searches join a member's data
export through `member_exporting`; they leave with the account by their ON DELETE CASCADE.
"""

from datetime import timedelta

from flask import abort
from sqlalchemy import func, select

from app.auth.access import can_see_members_content, viewer_groups
from app.batch import run_each
from app.extensions import db
from app.mail import queue_email
from app.models_base import utcnow
from app.pagecache import skip_page_cache
from app.search.forms import saved_request
from app.search.index_service import search
from app.search.models import SavedSearch, SavedSearchSeen, SearchMiss
from app.signals import member_exporting

ALERT_LIMIT = 20
BASELINE_LIMIT = 200
PERIODS = {"daily": timedelta(hours=20), "weekly": timedelta(days=6, hours=20)}


def results_page(search_request):
    """Run a search; a search with words that finds nothing is logged (text and time only)."""
    page = search.query(search_request)
    if page.total == 0 and page.text and not page.empty_query:
        db.session.add(SearchMiss(query=page.text[:256]))
        db.session.commit()
        skip_page_cache()  # each search that finds nothing is logged, so its page is not kept
    return page


def save_search(user, name, text, facets, frequency):
    """Save a search; what it finds today counts as seen, so alerts only bring new things."""
    saved = SavedSearch(user=user, name=name, query=text, facets=facets, frequency=frequency)
    db.session.add(saved)
    db.session.flush()
    page = search.query(_as_owner(saved, page_size=BASELINE_LIMIT))
    for hit in page.hits:
        db.session.add(SavedSearchSeen(saved_search_id=saved.id, doc_key=hit.key))
    saved.last_checked_at = utcnow()
    db.session.commit()
    return saved


def _as_owner(saved, **options):
    """The saved search's request with its owner's rights as they are now (including the
    private spaces they belong to today, not when they saved it)."""
    owner = saved.user
    return saved_request(saved, member=can_see_members_content(owner), groups=viewer_groups(owner), **options)


def owned_saved_search(user, saved_id):
    """A member's own saved search, or 404 (someone else's is as good as absent)."""
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None or saved.user_id != user.id:
        abort(404)
    return saved


def saved_searches(user):
    """The member's saved searches, newest first."""
    stmt = select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.created_at.desc())
    return db.session.scalars(stmt).all()


def delete_saved_search(user, saved_id):
    """Delete one of the member's saved searches."""
    db.session.delete(owned_saved_search(user, saved_id))
    db.session.commit()


def feed_for(token):
    """(saved search, newest matches) for an Atom feed token, run as its owner.

    404 for an unknown token, and also once the owner is unverified, deactivated or deleted
    (a deleted account takes its saved searches with it): the feed is the owner's window on
    members-only content, so it closes when theirs does, and it tells a reader nothing more.
    """
    saved = db.session.scalar(select(SavedSearch).where(SavedSearch.feed_token == token[:64]))
    if saved is None or not can_see_members_content(saved.user):
        abort(404)
    return saved, search.query(_as_owner(saved))


def _due(saved, now):
    period = PERIODS.get(saved.frequency)
    if period is None:
        return False
    last = saved.last_checked_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=now.tzinfo)
    return last is None or now - last >= period


def _alert(saved, now):
    """Email one due saved search's new matches; True when an email was queued."""
    page = search.query(_as_owner(saved, page_size=50))
    seen = set(db.session.scalars(select(SavedSearchSeen.doc_key).where(SavedSearchSeen.saved_search_id == saved.id)))
    new = [hit for hit in page.hits if hit.key not in seen][:ALERT_LIMIT]
    for hit in new:
        db.session.add(SavedSearchSeen(saved_search_id=saved.id, doc_key=hit.key))
    if new:
        queue_email(
            saved.user.email,
            f"New on OHWB Exchange for your search: {saved.name}",
            "search_alert",
            saved=saved,
            hits=new,
        )
    saved.last_checked_at = now
    db.session.flush()
    return bool(new)


def send_alerts(now=None):
    """Email each member whose saved search is due about matches not yet reported.

    Idempotent: a search checked within its period is skipped, and a match is reported
    once (the "seen" rows commit with the email queued for after that commit). Owners who
    are no longer verified, active members get nothing, as their feeds answer 404. Each search
    is committed on its own; one that fails is logged and counted and the rest still go.
    """
    now = now or utcnow()
    stmt = select(SavedSearch.id).where(SavedSearch.frequency.in_(list(PERIODS))).order_by(SavedSearch.id)
    counts = {"checked": 0, "emailed": 0, "failed": 0}
    for saved_id in db.session.scalars(stmt).all():
        saved = db.session.get(SavedSearch, saved_id)
        if saved is None or not can_see_members_content(saved.user) or not _due(saved, now):
            continue
        counts["checked"] += 1
        tally = run_each([saved], lambda item: _alert(item, now), "search alerts")
        counts["emailed"] += tally.done
        counts["failed"] += tally.failed
        db.session.commit()
    return counts


def missed_searches(days=30, limit=50):
    """Searches that found nothing in the last `days`: (text, times, last time), most frequent first."""
    since = utcnow() - timedelta(days=days)
    text = func.lower(SearchMiss.query)
    stmt = (
        select(text.label("text"), func.count().label("times"), func.max(SearchMiss.created_at).label("last"))
        .where(SearchMiss.created_at >= since)
        .group_by(text)
        .order_by(func.count().desc(), text)
        .limit(limit)
    )
    return db.session.execute(stmt).all()


@member_exporting.connect
def _export_saved_searches(user):
    """The member's saved searches (query, filters, alert frequency) for their data export."""
    return "saved_searches", [
        {
            "name": s.name,
            "query": s.query,
            "filters": s.facets,
            "frequency": s.frequency,
            "created_at": s.created_at.isoformat(),
        }
        for s in saved_searches(user)
    ]
