"""A member's own profile: create or edit it, choose what is visible, list or unlist it."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app.auth.decorators import verified_required
from app.content import UploadError
from app.directory.forms import ProfileForm
from app.directory.models import VISIBLE_FIELDS
from app.directory.routes import bp
from app.directory.services import profiles
from app.web import attach_error, form_page


def _fill(form, profile, user):
    """Put the saved profile (or sensible defaults from the account) into a fresh form."""
    if profile is None:
        form.display_name.data = user.name
        form.job_title.data = user.job_role
        form.organisation.data = user.organisation
        return
    for name in ("display_name", "job_title", "organisation", "is_solo", "open_peer_support", "open_visits"):
        form[name].data = getattr(profile, name)
    for name in ("open_collaboration", "seeks_mentoring", "offers_mentoring", "listed"):
        form[name].data = getattr(profile, name)
    form.bio.data = profile.bio_markdown
    form.sector_id.data = profile.sector_id or 0
    form.region_id.data = profile.region_id or 0
    form.ics_id.data = profile.ics_id or 0
    form.max_mentees.data = profile.max_mentees or None
    form.professions.data = [t.id for t in profile.professions]
    form.specialisms.data = [t.id for t in profile.specialisms]
    form.roles.data = [t.id for t in profile.roles]
    form.mentoring_topics.data = [t.id for t in profile.mentoring_topics]
    for name in VISIBLE_FIELDS:
        form[f"vis_{name}"].data = getattr(profile, f"{name}_visibility")


@bp.route("/me")
@verified_required
def my_profile():
    """The member's own profile page, or the form to create one."""
    profile = profiles.own_profile(current_user)
    if profile is None:
        return redirect(url_for("directory.edit_profile"))
    return redirect(url_for("directory.profile", slug=profile.slug))


@bp.route("/me/edit", methods=["GET", "POST"])
@verified_required
def edit_profile():
    """Create or edit the member's own profile; acts only on the signed-in member."""
    profile = profiles.own_profile(current_user)
    form = ProfileForm()
    if request.method == "GET":
        _fill(form, profile, current_user)
    elif form.validate_on_submit():
        try:
            saved = profiles.save_profile(
                current_user, form.data_for_service(), photo=form.photo.data, remove_photo=form.remove_photo.data
            )
        except UploadError as exc:
            attach_error(form, exc, field="photo")
        else:
            state = "listed in the directory" if saved.listed else "saved but not listed, so only you can see it"
            flash(f"Your profile has been {state}.", "success")
            return redirect(url_for("directory.profile", slug=saved.slug))
    return form_page("directory/edit.html", form, profile=profile, fields=VISIBLE_FIELDS)


@bp.route("/me/listing", methods=["POST"])
@verified_required
def set_listing():
    """List or unlist the member's own profile at once; 404 if they have none."""
    wanted = request.form.get("listed")
    if wanted not in ("0", "1"):
        abort(400)
    profile = profiles.set_listed(current_user, wanted == "1")
    flash("Your profile is now listed." if profile.listed else "Your profile is no longer listed.", "success")
    return redirect(url_for("directory.profile", slug=profile.slug))
