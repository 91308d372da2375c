"""Moderation pages under /moderation. Every route: moderators and admins only (403 otherwise)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.decorators import moderator_required
from app.moderation import bp, services
from app.publishing import services as publishing
from app.publishing.forms import ReturnForm


def _item_or_404(kind, object_id):
    item = services.get_item(kind, object_id)
    if item is None:
        abort(404)
    return item


@bp.route("/")
@moderator_required
def index():
    """Submitted items waiting for review, overdue reviews and hidden comments."""
    return render_template("moderation/index.html", **services.queues())


@bp.route("/<kind>/<id:object_id>/publish", methods=["POST"])
@moderator_required
def publish(kind, object_id):
    """Publish a submitted item; 404 for an unknown item."""
    item = _item_or_404(kind, object_id)
    try:
        publishing.publish(item, current_user)
    except publishing.ContentError as exc:
        flash(exc.message, "warning")
    else:
        flash(f"“{item.title}” has been published and its author told.", "success")
    return redirect(url_for("moderation.index"))


@bp.route("/<kind>/<id:object_id>/return", methods=["GET", "POST"])
@moderator_required
def return_item(kind, object_id):
    """Return a submitted item to its author with a reason; 404 for an unknown item."""
    item = _item_or_404(kind, object_id)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            publishing.return_for_changes(item, current_user, form.reason.data)
        except publishing.ContentError as exc:
            flash(exc.message, "warning")
        else:
            flash(f"“{item.title}” has been returned to its author.", "success")
        return redirect(url_for("moderation.index"))
    status = 400 if form.errors else 200
    return render_template("moderation/return.html", form=form, item=item, page_error=bool(form.errors)), status
