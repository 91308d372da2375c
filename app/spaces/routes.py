"""Space pages under /spaces: the index, a space's page, creating and editing a space, and its
members (join, leave, requests, invitations, managers).

Every page is for verified members (others sign in, or get a 403 saying why); a private space
is a 404 for anyone who is not its member, invited to it, or a site moderator.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import verified_required
from app.auth.names import public_name
from app.pagecache import cached_page
from app.routing import page_arg
from app.spaces import access, listing
from app.spaces.for_you import spaces_for
from app.spaces.forms import InviteForm, SpaceForm
from app.spaces.loaders import require_manager
from app.spaces.models import JOIN_POLICIES
from app.spaces.services import spaces as services
from app.spaces.services import threads
from app.taxonomy.services import regions, terms
from app.web import UserError, attach_error, form_page

bp = Blueprint("spaces", __name__, template_folder="templates")
FOR_YOU = 4


@bp.route("/spaces/")
@cached_page()
@verified_required
def index():
    """The spaces the member may see, with topic, region and policy filters and "spaces for you"."""
    filters = listing.read_filters(request.args)
    pagination = listing.spaces_page(current_user, filters, page_arg())
    return render_template(
        "spaces/index.html",
        pagination=pagination,
        filters=filters,
        counts=listing.facet_counts(current_user, filters),
        statuses=listing.my_statuses(current_user, pagination.items),
        for_you=spaces_for(current_user, FOR_YOU) if page_arg() == 1 else [],
        topics=terms("topic"),
        regions=regions(),
        policies=listing.POLICY_LABELS,
    )


@bp.route("/spaces/new", methods=["GET", "POST"])
@verified_required
def new():
    """Create a space; the creator becomes its first manager."""
    form = SpaceForm()
    if form.validate_on_submit():
        try:
            space = services.create_space(current_user, form.fields())
        except UserError as error:
            attach_error(form, error)
            return form_page("spaces/space_form.html", form, status=error.status, heading="Create a space")
        flash(f"“{space.name}” has been created. You are its manager.", "success")
        return redirect(url_for("spaces.detail", slug=space.slug))
    return form_page("spaces/space_form.html", form, heading="Create a space")


@bp.route("/spaces/<slug>")
@cached_page()
@verified_required
def detail(slug):
    """A space: about, pinned threads and its threads (sorted, by tag, paginated); 404 if private to others."""
    space = access.space_or_404(slug, current_user)
    row = access.membership(space, current_user)
    sort = request.args.get("sort", "active")
    tag = threads.tag_named(request.args.get("tag"))
    pagination = threads.list_threads(current_user, page_arg(), space=space, sort=sort, tag=tag)
    return render_template(
        "spaces/detail.html",
        space=space,
        membership=row,
        manages=access.can_manage(space, current_user, row),
        can_post=access.can_post(space, current_user, row),
        pinned=threads.pinned_threads(space, current_user) if page_arg() == 1 else [],
        pagination=pagination,
        new_counts=threads.new_counts(current_user, pagination.items),
        sort=sort if sort in threads.SORTS else "active",
        sorts=threads.SORTS,
        tag_term=tag,
        topics=terms("topic"),
        policy_label=JOIN_POLICIES[space.join_policy],
    )


@bp.route("/spaces/<slug>/edit", methods=["GET", "POST"])
@verified_required
def edit(slug):
    """Edit a space: its managers and site moderators only (403 for other members)."""
    space = access.space_or_404(slug, current_user)
    require_manager(space)
    form = SpaceForm()
    if form.validate_on_submit():
        try:
            services.edit_space(space, form.fields())
        except UserError as error:
            attach_error(form, error)
            return form_page("spaces/space_form.html", form, status=error.status, heading="Edit space", space=space)
        flash("The space has been updated.", "success")
        return redirect(url_for("spaces.detail", slug=space.slug))
    if not form.is_submitted():
        form.fill(space)
    return form_page("spaces/space_form.html", form, heading="Edit space", space=space)


@bp.route("/spaces/<slug>/members", methods=["GET", "POST"])
@verified_required
def members(slug):
    """The space's members; managers also see requests and invitations, and invite (POST)."""
    space = access.space_or_404(slug, current_user)
    row = access.membership(space, current_user)
    manages = access.can_manage(space, current_user, row)
    form = InviteForm()
    status = None
    if request.method == "POST":
        if not manages:
            abort(403)
        if form.validate_on_submit():
            try:
                invited = services.invite(space, current_user, form.who.data)
            except UserError as error:
                attach_error(form, error)
                status = error.status
            else:
                flash(f"{public_name(invited)} has been invited and emailed.", "success")
                return redirect(url_for("spaces.members", slug=space.slug))
    shown = request.args.get("show", "active") if manages else "active"
    shown = shown if shown in ("active", "pending", "invited") else "active"
    return form_page(
        "spaces/members.html",
        form,
        status=status,
        space=space,
        membership=row,
        manages=manages,
        shown=shown,
        pagination=services.members_page(space, shown, page_arg()),
        counts=services.count_by_status(space) if manages else {},
    )


@bp.route("/spaces/<slug>/join", methods=["POST"])
@verified_required
def join(slug):
    """Join an open space, ask to join one on request, or accept an invitation."""
    space = access.space_or_404(slug, current_user)
    try:
        outcome = services.join(space, current_user)
    except UserError as error:
        if error.status == 403:
            abort(403)
        flash(error.message, "warning")
    else:
        if outcome == "requested":
            flash("Your request has been sent to the managers of the space. We will email you their answer.", "success")
        else:
            flash(f"You have joined {space.name}.", "success")
    return redirect(url_for("spaces.detail", slug=space.slug))


@bp.route("/spaces/<slug>/leave", methods=["POST"])
@verified_required
def leave(slug):
    """Leave a space, withdraw a request or decline an invitation."""
    space = access.space_or_404(slug, current_user)
    try:
        services.leave(space, current_user)
    except UserError as error:
        flash(error.message, "warning")
        return redirect(url_for("spaces.detail", slug=space.slug))
    flash(f"You are no longer in {space.name}.", "success")
    if access.can_view_space(space, current_user):
        return redirect(url_for("spaces.detail", slug=space.slug))
    return redirect(url_for("spaces.index"))


def _member_action(slug, member_id, action, done):
    space = access.space_or_404(slug, current_user)
    require_manager(space)
    try:
        user = action(space, member_id)
    except UserError as error:
        if error.status == 404:
            abort(404)
        flash(error.message, "warning")
    else:
        flash(done.format(name=public_name(user)), "success")
    return redirect(url_for("spaces.members", slug=space.slug, show=request.form.get("show") or None))


@bp.route("/spaces/<slug>/members/<id:member_id>/approve", methods=["POST"])
@verified_required
def approve_member(slug, member_id):
    """Approve a request to join (managers); the requester is emailed."""
    return _member_action(
        slug,
        member_id,
        lambda space, mid: services.decide_request(space, mid, True),
        "{name} is now a member. They have been emailed.",
    )


@bp.route("/spaces/<slug>/members/<id:member_id>/refuse", methods=["POST"])
@verified_required
def refuse_member(slug, member_id):
    """Refuse a request to join (managers); the requester is emailed."""
    return _member_action(
        slug,
        member_id,
        lambda space, mid: services.decide_request(space, mid, False),
        "The request from {name} has been refused. They have been emailed.",
    )


@bp.route("/spaces/<slug>/members/<id:member_id>/remove", methods=["POST"])
@verified_required
def remove_member(slug, member_id):
    """Remove a member or withdraw an invitation (managers)."""
    return _member_action(
        slug,
        member_id,
        lambda space, mid: services.remove_member(space, mid, current_user),
        "{name} has been removed from the space.",
    )


@bp.route("/spaces/<slug>/members/<id:member_id>/manager", methods=["POST"])
@verified_required
def set_manager(slug, member_id):
    """Appoint a member as a manager, or (with role=member) stand a manager down (managers)."""
    role = "member" if request.form.get("role") == "member" else "manager"
    done = "{name} is now a manager of the space." if role == "manager" else "{name} is no longer a manager."
    return _member_action(slug, member_id, lambda space, mid: services.set_role(space, mid, role), done)
