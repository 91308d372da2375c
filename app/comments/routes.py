"""Comment routes under /comments. Items must be published and visible; 404 otherwise."""

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from app.auth.decorators import moderator_required, verified_required
from app.comments import services
from app.comments.forms import CommentForm, HideCommentForm
from app.comments.models import Comment
from app.comments.paging import page_of
from app.publishing.actions import load_visible
from app.web import form_page, get_or_404

bp = Blueprint("comments", __name__, template_folder="templates")


def _item_for(kind, slug):
    model = services.commentable_models().get(kind)
    if model is None:
        abort(404)
    item = load_visible(model, slug)
    if not item.is_published:
        abort(404)
    return item


def _comment_and_item(comment_id):
    comment = get_or_404(Comment, comment_id)
    item = services.target_of(comment)
    if item is None or not item.can_view(current_user):
        abort(404)
    return comment, item


def _back(item, comment_id):
    """Back to the item's page, at the page of comments that holds the comment."""
    return redirect(
        url_for(f"{item.blueprint}.detail", slug=item.slug, comment=comment_id, _anchor=f"comment-{comment_id}")
    )


@bp.route("/<kind>/<slug>", methods=["POST"])
@verified_required
def add(kind, slug):
    """Comment on a published item; 404 for an unknown, unpublished or invisible item."""
    item = _item_for(kind, slug)
    form = CommentForm()
    if form.validate_on_submit():
        comment = services.add_comment(item, current_user, form.body.data)
        flash("Your comment has been added.", "success")
        return _back(item, comment.id)
    return form_page("comments/form.html", form, item=item, heading="Add a comment")


@bp.route("/<id:comment_id>/edit", methods=["GET", "POST"])
@verified_required
def edit(comment_id):
    """Edit your own comment; 404 if not visible, 403 unless it is yours."""
    comment, item = _comment_and_item(comment_id)
    if comment.author_id != current_user.id or comment.is_hidden:
        abort(403)
    form = CommentForm()
    if form.validate_on_submit():
        services.edit_comment(comment, form.body.data)
        flash("Your comment has been updated.", "success")
        return _back(item, comment.id)
    if not form.is_submitted():
        form.body.data = comment.body
    return form_page("comments/form.html", form, item=item, heading="Edit your comment")


@bp.route("/<id:comment_id>/delete", methods=["POST"])
@verified_required
def delete(comment_id):
    """Delete your own comment; 404 if not visible, 403 unless it is yours."""
    comment, item = _comment_and_item(comment_id)
    if comment.author_id != current_user.id:
        abort(403)
    page = page_of(item, comment.id, include_hidden=current_user.is_moderator)
    services.delete_comment(comment)
    flash("Your comment has been deleted.", "success")
    return redirect(
        url_for(f"{item.blueprint}.detail", slug=item.slug, page=page if page > 1 else None, _anchor="comments")
    )


@bp.route("/<id:comment_id>/hide", methods=["GET", "POST"])
@moderator_required
def hide(comment_id):
    """Hide a comment with a reason; moderators only (403 otherwise)."""
    comment, item = _comment_and_item(comment_id)
    form = HideCommentForm()
    if form.validate_on_submit():
        services.hide_comment(comment, current_user, form.reason.data)
        flash("The comment has been hidden.", "success")
        return _back(item, comment.id)
    return form_page("comments/hide.html", form, item=item, comment=comment)


@bp.route("/<id:comment_id>/restore", methods=["POST"])
@moderator_required
def restore(comment_id):
    """Show a hidden comment again; moderators only."""
    comment, item = _comment_and_item(comment_id)
    services.restore_comment(comment)
    flash("The comment is visible again.", "success")
    return _back(item, comment.id)
