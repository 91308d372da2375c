"""Recommending resources in a space (managers), and what the space page adds below its threads:
upcoming events in the space and the recommended resources.

Every route is for verified members; a private space is a 404 for anyone who may not see it;
members who do not manage the space get a 403.
"""

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.auth.decorators import verified_required
from app.auth.spaces import upcoming_space_events
from app.formfields import line_field
from app.spaces import access, recommend
from app.spaces.loaders import require_manager
from app.spaces.routes import bp
from app.web import UserError, attach_error, form_page

UPCOMING_EVENTS = 5


class RecommendForm(FlaskForm):
    """The address of a published resource or case study, and an optional note."""

    address = line_field(
        "Address of the resource or case study",
        "Enter the address of a resource or case study",
        500,
        "The address must be 500 characters or fewer",
        description="Copy it from the item's own page, for example https://ohwb.example/resources/menopause-toolkit",
    )
    note = line_field(
        "Why you recommend it (optional)",
        max_length=300,
        too_long="Your note must be 300 characters or fewer",
    )


@bp.route("/spaces/<slug>/recommend", methods=["GET", "POST"])
@verified_required
def recommend_item(slug):
    """Recommend a resource or case study in the space (its managers and site moderators)."""
    space = access.space_or_404(slug, current_user)
    require_manager(space)
    form = RecommendForm()
    if form.validate_on_submit():
        try:
            item = recommend.add_recommendation(space, current_user, form.address.data, form.note.data)
        except UserError as error:
            attach_error(form, error)
            return form_page("spaces/recommend.html", form, status=error.status, space=space)
        flash(f"“{item.title}” is now recommended in {space.name}.", "success")
        return redirect(url_for("spaces.detail", slug=space.slug) + "#recommended-heading")
    return form_page("spaces/recommend.html", form, space=space)


@bp.route("/spaces/<slug>/recommendations/<id:recommendation_id>/remove", methods=["POST"])
@verified_required
def remove_recommendation(slug, recommendation_id):
    """Stop recommending an item (managers); 404 for a recommendation not in this space."""
    space = access.space_or_404(slug, current_user)
    require_manager(space)
    if recommend.remove_recommendation(space, recommendation_id) is None:
        abort(404)
    flash("The recommendation has been removed.", "success")
    return redirect(url_for("spaces.detail", slug=space.slug) + "#recommended-heading")


def space_extras(space):
    """For the space page: its upcoming events the member may see and its recommended items."""
    return {
        "events": upcoming_space_events(space.id, current_user, UPCOMING_EVENTS),
        "recommended": recommend.recommended_cards(space),
    }


@bp.record_once
def _page_extras(state):
    state.app.jinja_env.globals["space_extras"] = space_extras
