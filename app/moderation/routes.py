"""Moderation pages under /moderation. Every route: moderators and admins only (403 otherwise).

Publishing and returning each have a confirmation step: Publish opens a page that says what
will happen and asks again; Return asks for the reason the author is sent.
"""

from flask import Blueprint, redirect, render_template, request, url_for

from app.auth.decorators import moderator_required
from app.moderation import services
from app.publishing import services as publishing
from app.publishing.actions import run_and_flash
from app.publishing.forms import ReturnForm
from app.web import form_page, found_or_404

bp = Blueprint("moderation", __name__, template_folder="templates")


def _back(item):
    """Back to the item's page when the action started there, otherwise to the queue."""
    if request.values.get("back") == "item":
        return redirect(url_for(f"{item.blueprint}.detail", slug=item.slug))
    return redirect(url_for("moderation.index"))


@bp.route("/")
@moderator_required
def index():
    """Submitted items waiting for review, overdue reviews and hidden comments."""
    return render_template("moderation/index.html", **services.queues())


@bp.route("/<kind>/<id:object_id>/publish", methods=["GET", "POST"])
@moderator_required
def publish(kind, object_id):
    """Confirm, then publish a submitted item; 404 for an unknown item, 409 on the confirmation
    page when it is not waiting for review."""
    item = found_or_404(services.get_item(kind, object_id))
    if request.method == "POST":
        run_and_flash(publishing.publish, item, done=f"“{item.title}” has been published and its author told.")
        return _back(item)
    status = 200 if item.status == "submitted" else 409
    return render_template("moderation/publish.html", item=item, back=request.args.get("back")), status


@bp.route("/<kind>/<id:object_id>/return", methods=["GET", "POST"])
@moderator_required
def return_item(kind, object_id):
    """Return a submitted item to its author with a reason; 404 for an unknown item."""
    item = found_or_404(services.get_item(kind, object_id))
    form = ReturnForm()
    if form.validate_on_submit():
        done = f"“{item.title}” has been returned to its author."
        run_and_flash(publishing.return_for_changes, item, form.reason.data, done=done)
        return _back(item)
    return form_page("moderation/return.html", form, item=item, back=request.values.get("back"))
