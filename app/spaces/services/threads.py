"""Threads: start one, list them (newest, active, unanswered, most helpful; by tag), open one page
of replies, and remember how far each member has read.

Every list and page runs a fixed number of queries whatever the number of threads or replies:
authors come with their rows (joined), tags in one extra query, "N new" counts in one grouped
query, and a thread page loads only its 25 replies.
"""

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from app.auth.access import GROUP_PREFIX
from app.cache import untracked
from app.extensions import db
from app.models_base import utcnow
from app.routing import paginate_within
from app.search.registry import TYPES
from app.spaces import notify
from app.spaces.access import reply_visible_clause, visible_thread_clause
from app.spaces.hooks import space_visibility
from app.spaces.models import HelpfulVote, Mention, Reply, Space, Thread, ThreadLink, ThreadRead
from app.spaces.services import posting
from app.taxonomy.models import Term
from app.web import UserError

THREADS_PER_PAGE = 20
REPLIES_PER_PAGE = 25
MAX_LINKS = 5
SORTS = {
    "active": "Recently active",
    "newest": "Newest",
    "unanswered": "Unanswered",
    "helpful": "Most helpful",
}
THREAD_TAG_VOCABULARY = "topic"
# Address prefix on this site -> the kind registered with the search service for it.
LINKABLE = {"case-studies": "case_study", "resources": "resource", "events": "event"}


def visible_replies(counted=True):
    """SQL condition for replies that count in a thread's totals: posted, approved, not deleted or hidden."""
    where = [~Reply.awaiting_moderation, Reply.deleted_at.is_(None)]
    if counted:
        where.append(Reply.hidden_at.is_(None))
    return and_(*where)


def recount_thread(thread_id):
    """Set a thread's reply and helpful counts from its replies (one UPDATE)."""
    counted = select(func.count()).where(Reply.thread_id == thread_id, visible_replies()).scalar_subquery()
    helpful = (
        select(func.coalesce(func.sum(Reply.helpful_count), 0))
        .where(Reply.thread_id == thread_id, visible_replies())
        .scalar_subquery()
    )
    db.session.execute(update(Thread).where(Thread.id == thread_id).values(reply_count=counted, helpful_count=helpful))


def recount_space(space_id):
    """Set a space's thread count and last activity from its listed threads (one UPDATE)."""
    if space_id is None:
        return
    listed = and_(
        Thread.space_id == space_id,
        Thread.hidden_at.is_(None),
        ~Thread.awaiting_moderation,
        Thread.merged_into_id.is_(None),
    )
    db.session.execute(
        update(Space)
        .where(Space.id == space_id)
        .values(
            thread_count=select(func.count()).where(listed).scalar_subquery(),
            last_activity_at=select(func.max(Thread.last_activity_at)).where(listed).scalar_subquery(),
        )
    )


def _terms(term_ids):
    term_ids = list(term_ids or [])[:20]
    if not term_ids:
        return []
    stmt = select(Term).where(Term.id.in_(term_ids), Term.vocabulary == THREAD_TAG_VOCABULARY)
    return db.session.scalars(stmt).all()


def _model_for(kind):
    searchable = TYPES.get(kind)
    return searchable.model if searchable else None


def resolve_links(lines):
    """[(kind, id)] for the addresses of case studies, resources or events on this site, one a
    line; a clear error names the first address that is not one the member can see."""
    found = []
    for raw in [line.strip() for line in (lines or "").splitlines() if line.strip()]:
        path = raw.split("://", 1)[-1]
        path = "/" + path.split("/", 1)[1] if "://" in raw and "/" in path else path
        parts = [part for part in path.split("?")[0].split("#")[0].split("/") if part]
        kind = LINKABLE.get(parts[0]) if len(parts) == 2 else None
        model = _model_for(kind) if kind else None
        item = db.session.scalar(select(model).where(model.slug == parts[1])) if model else None
        if item is None or _card(kind, item) is None:
            raise UserError(
                f"“{raw[:80]}” is not a case study, resource or event on OHWB Exchange. "
                "Copy the address from the item's own page",
                field="links",
            )
        if (kind, item.id) not in found:
            found.append((kind, item.id))
        if len(found) > MAX_LINKS:
            raise UserError(f"Link at most {MAX_LINKS} items", field="links")
    return found


@dataclass
class Card:
    """A linked item as the thread page shows it."""

    label: str
    title: str
    url: str
    summary: str


def _card(kind, item, space=None):
    """The card for a linked item, or None when it is not for every member of `space`'s threads
    (an event of a private space shows only in threads of that same space)."""
    searchable = TYPES.get(kind)
    document = searchable.to_document(item) if searchable else None
    if document is None:
        return None
    if document.visibility.startswith(GROUP_PREFIX) and (
        space is None or document.visibility != space_visibility(space)
    ):
        return None
    return Card(searchable.label, document.title, document.url, document.summary)


def cards(thread):
    """The thread's linked items that still exist and are visible to members, as cards (at most MAX_LINKS)."""
    shown = []
    for link in thread.links[:MAX_LINKS]:
        model = _model_for(link.kind)
        item = db.session.get(model, link.object_id) if model else None
        card = _card(link.kind, item, thread.space) if item is not None else None
        if card is not None:
            shown.append(card)
    return shown


def links_text(thread):
    """The thread's links as the form shows them, one address a line."""
    return "\n".join(card.url for card in cards(thread))


def create_thread(space, author, fields):
    """Start a question or discussion in `space` (None: "Ask the community")."""
    html, people = posting.render(fields["body"])
    links = resolve_links(fields.get("links"))
    now = utcnow()
    thread = Thread(
        space_id=space.id if space else None,
        kind=fields["kind"],
        title=fields["title"],
        body_md=fields["body"],
        body_html=html,
        author_id=author.id,
        created_at=now,
        last_activity_at=now,
        awaiting_moderation=posting.must_wait(author, html),
    )
    thread.terms = _terms(fields.get("term_ids"))
    thread.links = [ThreadLink(kind=kind, object_id=object_id, position=n) for n, (kind, object_id) in enumerate(links)]
    db.session.add(thread)
    db.session.flush()
    if not thread.awaiting_moderation:
        posting.record_mentions(thread, None, author, people)
        notify.thread_started(thread, author)
    recount_space(thread.space_id)
    db.session.commit()
    return thread


def edit_thread(thread, fields, author):
    """Change a thread's title, text, tags and links (its author, or a manager)."""
    html, people = posting.render(fields["body"])
    links = resolve_links(fields.get("links"))
    before = {mention.mentioned_user_id for mention in _thread_mentions(thread.id)}
    thread.title, thread.body_md, thread.body_html = fields["title"], fields["body"], html
    thread.kind = fields["kind"]
    thread.edited_at = utcnow()
    thread.terms = _terms(fields.get("term_ids"))
    thread.links = [ThreadLink(kind=kind, object_id=object_id, position=n) for n, (kind, object_id) in enumerate(links)]
    if thread.kind != "question":
        thread.accepted_reply_id = None
    if not thread.awaiting_moderation and thread.author is not None:
        posting.record_mentions(thread, None, thread.author, people, already=before)
    db.session.commit()


def _thread_mentions(thread_id):
    return db.session.scalars(select(Mention).where(Mention.thread_id == thread_id, Mention.reply_id.is_(None))).all()


def _sorted(stmt, sort):
    if sort == "newest":
        return stmt.order_by(Thread.created_at.desc(), Thread.id.desc())
    if sort == "unanswered":
        unanswered = and_(Thread.accepted_reply_id.is_(None), or_(Thread.kind == "question", Thread.reply_count == 0))
        return stmt.where(unanswered).order_by(Thread.created_at.desc(), Thread.id.desc())
    if sort == "helpful":
        return stmt.order_by(Thread.helpful_count.desc(), Thread.last_activity_at.desc(), Thread.id.desc())
    return stmt.order_by(Thread.last_activity_at.desc(), Thread.id.desc())


def list_threads(user, page, space=None, everywhere=False, sort="active", tag=None, per_page=THREADS_PER_PAGE):
    """One page of the threads `user` may see: in `space`, in "Ask the community" (no space), or
    `everywhere`; sorted by `sort`; only those tagged `tag` (a Term) when given."""
    stmt = select(Thread).where(visible_thread_clause(user))
    if not everywhere:
        stmt = stmt.where(Thread.space_id == space.id if space else Thread.space_id.is_(None))
    if tag is not None:
        stmt = stmt.where(Thread.terms.any(Term.id == tag.id))
    stmt = _sorted(stmt, sort if sort in SORTS else "active").options(
        joinedload(Thread.author), joinedload(Thread.space), selectinload(Thread.terms)
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def pinned_threads(space, user, limit=5):
    """The space's pinned threads, most recently active first."""
    stmt = (
        select(Thread)
        .where(visible_thread_clause(user), Thread.space_id == space.id, Thread.pinned.is_(True))
        .options(joinedload(Thread.author))
        .order_by(Thread.last_activity_at.desc())
        .limit(limit)
    )
    return db.session.scalars(stmt).unique().all()


def new_counts(user, threads):
    """{thread id: replies since `user` last read it} for the listed threads they have opened (one query)."""
    ids = [thread.id for thread in threads]
    if not ids or not getattr(user, "is_authenticated", False):
        return {}
    stmt = (
        select(Reply.thread_id, func.count())
        .join(ThreadRead, and_(ThreadRead.thread_id == Reply.thread_id, ThreadRead.user_id == user.id))
        .where(
            Reply.thread_id.in_(ids),
            Reply.id > ThreadRead.last_read_reply_id,
            Reply.author_id.is_distinct_from(user.id),
            visible_replies(),
        )
        .group_by(Reply.thread_id)
    )
    return dict(db.session.execute(stmt).all())


def tag_named(slug):
    """The thread tag with `slug`, or None."""
    if not slug:
        return None
    return db.session.scalar(select(Term).filter_by(vocabulary=THREAD_TAG_VOCABULARY, slug=slug[:80]))


def replies_page(thread, user, page):
    """One page (REPLIES_PER_PAGE) of the thread's replies that `user` may see, oldest first,
    with their authors and the replies they quote (two queries; a page past the end is the last)."""
    stmt = (
        select(Reply)
        .where(Reply.thread_id == thread.id, reply_visible_clause(user))
        .options(joinedload(Reply.author), joinedload(Reply.quoted).joinedload(Reply.author))
        .order_by(Reply.id)
    )
    return paginate_within(stmt, page, REPLIES_PER_PAGE)


def voted(user, replies):
    """The ids of `replies` that `user` has marked helpful (one query)."""
    ids = [reply.id for reply in replies]
    if not ids:
        return set()
    stmt = select(HelpfulVote.reply_id).where(HelpfulVote.user_id == user.id, HelpfulVote.reply_id.in_(ids))
    return set(db.session.scalars(stmt))


def accepted_reply(thread):
    """The accepted answer with its author, or None (one query when there is one)."""
    if thread.accepted_reply_id is None:
        return None
    stmt = select(Reply).where(Reply.id == thread.accepted_reply_id).options(joinedload(Reply.author))
    return db.session.scalar(stmt)


def page_of(thread, user, reply_id):
    """The page of the thread on which `user` sees the reply `reply_id` (one query)."""
    before = db.session.scalar(
        select(func.count()).where(Reply.thread_id == thread.id, Reply.id < reply_id, reply_visible_clause(user))
    )
    return before // REPLIES_PER_PAGE + 1


def first_unread(thread, user):
    """(page, reply id) of the first reply `user` has not read, or None when they are up to date."""
    marker = db.session.get(ThreadRead, (user.id, thread.id))
    after = marker.last_read_reply_id if marker else 0
    first = db.session.scalar(
        select(func.min(Reply.id)).where(
            Reply.thread_id == thread.id, Reply.id > after, reply_visible_clause(user), Reply.deleted_at.is_(None)
        )
    )
    if first is None:
        return None
    return page_of(thread, user, first), first


def mark_read(thread, user, replies):
    """Remember that `user` has read up to the last of `replies` and count the view (one commit)."""
    last = max((reply.id for reply in replies), default=0)
    if thread.author_id != user.id:
        # Views are shown as a rough count: a view bumps no table version, so pages showing it stay cached.
        db.session.execute(
            untracked(update(Thread).where(Thread.id == thread.id).values(view_count=Thread.view_count + 1))
        )
    marker = db.session.get(ThreadRead, (user.id, thread.id))
    now = utcnow()
    if marker is None:
        db.session.add(ThreadRead(user_id=user.id, thread_id=thread.id, last_read_reply_id=last, read_at=now))
    elif last > marker.last_read_reply_id:
        marker.last_read_reply_id, marker.read_at = last, now
    try:
        db.session.commit()
    except IntegrityError:  # the same member opened the thread twice at once; one marker is enough
        db.session.rollback()
