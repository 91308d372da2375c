"""Moderation pages under /moderation. Every route: moderators and admins only (403 otherwise)."""

from flask import Blueprint, redirect, render_template, url_for

from app.auth.decorators import moderator_required
from app.moderation import services
from app.publishing import services as publishing
from app.publishing.actions import run_and_flash
from app.publishing.forms import ReturnForm
from app.web import form_page, found_or_404

bp = Blueprint("moderation", __name__, template_folder="templates")


@bp.route("/")
@moderator_required
def index():
    """Submitted items waiting for review, overdue reviews and hidden comments."""
    return render_template("moderation/index.html", **services.queues())


@bp.route("/<kind>/<id:object_id>/publish", methods=["POST"])
@moderator_required
def publish(kind, object_id):
    """Publish a submitted item; 404 for an unknown item."""
    item = found_or_404(services.get_item(kind, object_id))
    run_and_flash(publishing.publish, item, done=f"“{item.title}” has been published and its author told.")
    return redirect(url_for("moderation.index"))


@bp.route("/<kind>/<id:object_id>/return", methods=["GET", "POST"])
@moderator_required
def return_item(kind, object_id):
    """Return a submitted item to its author with a reason; 404 for an unknown item."""
    item = found_or_404(services.get_item(kind, object_id))
    form = ReturnForm()
    if form.validate_on_submit():
        done = f"“{item.title}” has been returned to its author."
        run_and_flash(publishing.return_for_changes, item, form.reason.data, done=done)
        return redirect(url_for("moderation.index"))
    return form_page("moderation/return.html", form, item=item)
