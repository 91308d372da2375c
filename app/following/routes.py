"""The Following page and the Follow / Unfollow buttons on followable items' pages.

Only signed-in, verified members follow; a member sees and changes only their own follows.
The buttons return to the page they were on.
"""

from flask import Blueprint, flash, redirect, request
from flask_login import current_user
from flask_wtf import FlaskForm

from app.auth.decorators import verified_required
from app.following import services
from app.following.taxonomy import VOCABULARY_KINDS
from app.member_lists import back_to, list_page
from app.routing import parse_id
from app.taxonomy.services import regions, term_choices
from app.web import UserError, render_error

bp = Blueprint("following", __name__, template_folder="templates")


def _choices():
    """[(kind, label, [(id, name)])] for the "Follow a topic" form."""
    groups = [(kind, label, term_choices(vocabulary)) for kind, (vocabulary, label, _, _) in VOCABULARY_KINDS.items()]
    groups.append(("region", "Region", [(region.id, region.name) for region in regions()]))
    return groups


@bp.route("/")
@verified_required
def index():
    """What the member follows, newest first, with a facet per kind (`?type=`), and a form to follow topics."""
    return list_page("following/index.html", services.FOLLOWS, current_user, choices=_choices())


def _follow(kind, object_id):
    try:
        followable = services.follow(current_user, kind, object_id)
    except UserError as error:
        return render_error(error.status, error.message)
    flash(f"You are following this {followable.label.lower()}. New things in it reach you as notifications.", "success")
    return redirect(back_to("following.index"))


@bp.route("/<kind>/<id:object_id>", methods=["POST"])
@verified_required
def follow(kind, object_id):
    """Follow an item; 404 for an unknown kind or an item the member cannot see, 403 across a block."""
    if not FlaskForm().validate_on_submit():
        return render_error(400)
    return _follow(kind, object_id)


@bp.route("/pick", methods=["POST"])
@verified_required
def pick():
    """Follow the topic, framework element, People Promise theme or region chosen in the form."""
    if not FlaskForm().validate_on_submit():
        return render_error(400)
    kind, _, raw_id = (request.form.get("item") or "").partition(":")
    object_id = parse_id(raw_id)
    if kind not in {*VOCABULARY_KINDS, "region"} or object_id is None:
        return render_error(400, "Choose a topic, framework element, theme or region to follow.")
    return _follow(kind, object_id)


@bp.route("/<kind>/<id:object_id>/remove", methods=["POST"])
@verified_required
def remove(kind, object_id):
    """Stop following an item; 404 when the member does not follow it."""
    if not FlaskForm().validate_on_submit():
        return render_error(400)
    services.unfollow(current_user, kind, object_id)
    flash("You no longer follow it.", "success")
    return redirect(back_to("following.index"))
