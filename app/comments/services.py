"""Comment use cases. Each owns its commit; a new comment is announced with `comment_added`
(app/signals.py), which notifications turn into a message to the item's author.

Comments hang on any type registered in `app.publishing.registry`, by kind and id.
"""

from sqlalchemy import select

from app import signals
from app.comments.models import Comment
from app.content import render_markdown
from app.extensions import db
from app.models_base import utcnow
from app.publishing.registry import model_for, types


def commentable_models():
    """kind -> model for everything that takes comments: every registered publishable type."""
    return {publishable.kind: publishable.model for publishable in types()}


def target_of(comment):
    """The item a comment is on (or None if it has gone)."""
    model = model_for(comment.kind)
    return db.session.get(model, comment.object_id) if model else None


def add_comment(item, author, body):
    """Add a comment; `comment_added` lets the item's author be told (app/notifications/content.py)."""
    comment = Comment(
        kind=item.kind, object_id=item.id, author_id=author.id, body=body, body_html=render_markdown(body)
    )
    db.session.add(comment)
    db.session.flush()
    signals.comment_added.send(comment, item=item, author=author)
    db.session.commit()
    return comment


def edit_comment(comment, body):
    """Change the text of your own comment."""
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = utcnow()
    db.session.commit()


def delete_comment(comment):
    """Delete your own comment."""
    db.session.delete(comment)
    db.session.commit()


def hide_comment(comment, moderator, reason):
    """Hide a comment from members; it is kept for the record."""
    comment.hidden_at = utcnow()
    comment.hidden_by_id = moderator.id
    comment.hidden_reason = reason
    db.session.commit()


def restore_comment(comment):
    """Show a hidden comment again."""
    comment.hidden_at = None
    comment.hidden_by_id = None
    comment.hidden_reason = None
    db.session.commit()


def hidden_comments(limit=50):
    """Recently hidden comments, for the moderation page."""
    stmt = (
        select(Comment)
        .where(Comment.hidden_at.isnot(None))
        .options(db.joinedload(Comment.author), db.joinedload(Comment.hidden_by))
        .order_by(Comment.hidden_at.desc())
        .limit(limit)
    )
    return db.session.scalars(stmt).all()
