"""The Saved page and the Save / Remove buttons every saveable item's page shows.

Saved items are private: the page and both buttons need a signed-in, verified member, and a
member only ever sees and changes their own list. The buttons return to the page they were on.
"""

from flask import Blueprint, flash, redirect
from flask_login import current_user
from flask_wtf import FlaskForm

from app.auth.decorators import verified_required
from app.member_lists import back_to, list_page
from app.saved import services
from app.web import render_error

bp = Blueprint("saved", __name__, template_folder="templates")


@bp.route("/")
@verified_required
def index():
    """The member's saved items, newest first, with a facet per kind (`?type=`)."""
    return list_page("saved/index.html", services.SAVED, current_user)


@bp.route("/<kind>/<id:object_id>", methods=["POST"])
@verified_required
def save(kind, object_id):
    """Save an item; 404 for an unknown kind or an item the member cannot see."""
    if not FlaskForm().validate_on_submit():
        return render_error(400)
    saveable = services.save(current_user, kind, object_id)
    flash(f"{saveable.label} saved. You can find it on your Saved page.", "success")
    return redirect(back_to("saved.index"))


@bp.route("/<kind>/<id:object_id>/remove", methods=["POST"])
@verified_required
def remove(kind, object_id):
    """Take an item off the member's Saved list; 404 when it is not on it."""
    if not FlaskForm().validate_on_submit():
        return render_error(400)
    services.remove(current_user, kind, object_id)
    flash("Removed from your saved items.", "success")
    return redirect(back_to("saved.index"))
