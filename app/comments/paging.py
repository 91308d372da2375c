"""Comments on a detail page, a page at a time: oldest first, COMMENTS_PER_PAGE a page, the form
to add one on the last page (where a new comment appears).

A link to one comment (`?comment=<id>#comment-<id>`, from a notification, an email or the redirect
after adding, editing or hiding it) opens the page that holds it when it is followed, so it stays
right after earlier comments are hidden or deleted. A page past the end is the last page, as in
every list here whose page may run past its end (app/routing.py `paginate_within`); a page number
that is not a number is page 1.
"""

from dataclasses import dataclass

from flask import request
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from app.comments.models import Comment
from app.extensions import db
from app.routing import page_arg, parse_id

COMMENTS_PER_PAGE = 20


@dataclass(frozen=True)
class CommentPage:
    """One page of the comments on an item as one viewer sees them."""

    items: list
    page: int
    pages: int  # at least 1, so an item without comments has one (empty) page with the form
    total: int  # comments in the viewer's list (for moderators, hidden ones too)
    shown_total: int  # comments nobody has hidden: the number in the heading
    per_page: int = COMMENTS_PER_PAGE

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def is_last(self):
        return self.page == self.pages


def comments_page(item, include_hidden=False, page=1, comment_id=None, per_page=COMMENTS_PER_PAGE):
    """Page `page` of the comments on `item`, oldest first, with their authors; or, when
    `comment_id` is a comment in this list, the page that holds it. A page past the end is the
    last page. One query (the page's rows carry the counts), however many comments there are;
    one more to find a comment's page, two more for a page past the end."""
    where = _on_item(item, include_hidden)
    if comment_id is not None:
        earlier = _earlier(where, comment_id)
        page = earlier // per_page + 1 if earlier is not None else page
    rows = _rows(where, page, per_page)
    if not rows and page > 1:
        total = db.session.scalar(select(func.count()).where(*where))
        page = max(1, -(-total // per_page))
        rows = _rows(where, page, per_page) if total else []
    total, shown_total = (rows[0].total, rows[0].shown_total) if rows else (0, 0)
    pages = max(1, -(-total // per_page))
    return CommentPage([row.Comment for row in rows], page, pages, total, shown_total, per_page)


def page_of(item, comment_id, include_hidden=False, per_page=COMMENTS_PER_PAGE):
    """The page of comments on `item` that holds comment `comment_id` (1 if it is not in the list)."""
    earlier = _earlier(_on_item(item, include_hidden), comment_id)
    return earlier // per_page + 1 if earlier is not None else 1


def _on_item(item, include_hidden):
    where = [Comment.kind == item.kind, Comment.object_id == item.id]
    if not include_hidden:
        where.append(Comment.hidden_at.is_(None))
    return where


def _rows(where, page, per_page):
    """(Comment, total, shown_total) for page `page` of the list: the counts of the whole list come
    with each row (window functions count before the LIMIT applies)."""
    stmt = (
        select(
            Comment,
            func.count().over().label("total"),
            func.count(case((Comment.hidden_at.is_(None), 1))).over().label("shown_total"),
        )
        .where(*where)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return db.session.execute(stmt).all()


def _earlier(where, comment_id):
    """How many comments come before `comment_id` in the list's order, or None when it is not in
    the list (one query)."""
    target = aliased(Comment)
    created = select(target.created_at).where(target.id == comment_id).scalar_subquery()
    earlier = or_(Comment.created_at < created, and_(Comment.created_at == created, Comment.id < comment_id))
    present, before = db.session.execute(
        select(func.count(case((Comment.id == comment_id, 1))), func.count(case((earlier, 1)))).where(*where)
    ).one()
    return before if present else None


def requested_page(item, user):
    """The page of comments on `item` that this request asks `user` to see: the one holding
    `?comment=`, else `?page=`. Moderators see hidden comments too."""
    return comments_page(
        item,
        include_hidden=user.is_authenticated and user.is_moderator,
        page=page_arg(),
        comment_id=parse_id(request.args.get("comment", "")),
    )


def comment_path(item, comment_id):
    """The address of one comment for a notification or an email (no request needed): the item's
    page, opened at the page of comments that holds it when the link is followed."""
    return f"{item.path}?comment={comment_id}#comment-{comment_id}"
