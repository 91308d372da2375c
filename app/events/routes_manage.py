"""Running an event: create (moderators), edit, publish, cancel, organisers and materials.

Unknown events and other people's drafts answer 404; members who are not organisers of the
event (or moderators) get 403; granting organiser rights is for moderators only.
"""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app.auth.decorators import moderator_required, verified_required
from app.auth.names import public_name
from app.auth.spaces import managed_spaces, space_ref
from app.content import send_stored_file
from app.events.forms import CancelEventForm, ConfirmForm, EventForm, MaterialForm, PersonForm
from app.events.models import EventMaterial
from app.events.permissions import is_organiser
from app.events.routes import bp, event_or_404
from app.events.services import EventError
from app.events.services import events as event_service
from app.web import attach_error, form_page, get_or_404, render_error


def _space_choices(event):
    """The spaces the organiser manages, and the event's own space (kept even if they do not)."""
    spaces = managed_spaces(current_user)
    current = space_ref(event.space_id)
    if current is not None and all(space_id != current.id for space_id, _ in spaces):
        spaces.append((current.id, current.name))
    return spaces


def managed_event_or_404(slug):
    """The event if the current member runs it: 404 as event_or_404, 403 for non-organisers."""
    event = event_or_404(slug)
    if not is_organiser(event, current_user):
        abort(403)
    return event


@bp.route("/new", methods=["GET", "POST"])
@moderator_required
def new():
    """Create an event (moderators and admins); 403 for members."""
    form = EventForm(spaces=managed_spaces(current_user))
    if form.validate_on_submit():
        try:
            event = event_service.create_event(
                current_user,
                form.values(),
                form.description.data,
                form.region_id,
                form.term_ids,
                publish=form.publish.data,
            )
        except EventError as error:
            attach_error(form, error)
        else:
            flash(
                "The event has been published." if event.is_published else "The event is saved as a draft.", "success"
            )
            return redirect(url_for("events.detail", slug=event.slug))
    return form_page("events/form.html", form, heading="Create an event")


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@verified_required
def edit(slug):
    """Edit an event; 404 as event_or_404, 403 for non-organisers, 400 for a cancelled event."""
    event = managed_event_or_404(slug)
    if event.is_cancelled:
        return render_error(400, "A cancelled event cannot be edited.")
    form = EventForm(spaces=_space_choices(event))
    del form.publish
    if request.method == "GET":
        form.load(event)
    elif form.validate_on_submit():
        try:
            event_service.update_event(event, form.values(), form.description.data, form.region_id, form.term_ids)
        except EventError as error:
            attach_error(form, error)
        else:
            flash("The event has been updated. Registered people were told about changed times or places.", "success")
            return redirect(url_for("events.detail", slug=event.slug))
    return form_page("events/form.html", form, heading=f"Edit {event.title}", event=event)


@bp.route("/<slug>/publish", methods=["POST"])
@verified_required
def publish(slug):
    """Publish a draft; 404/403 as managed_event_or_404, 400 if not a draft."""
    event = managed_event_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        event_service.publish_event(event)
    except EventError as error:
        return render_error(error.status, error.message + ".")
    flash("The event has been published.", "success")
    return redirect(url_for("events.detail", slug=slug))


@bp.route("/<slug>/cancel-event", methods=["GET", "POST"])
@verified_required
def cancel_event(slug):
    """Cancel the whole event with a reason; everyone registered is emailed. 404/403 as above."""
    event = managed_event_or_404(slug)
    form = CancelEventForm()
    if form.validate_on_submit():
        try:
            event_service.cancel_event(event, form.reason.data)
        except EventError as error:
            attach_error(form, error)
        else:
            flash("The event has been cancelled and everyone registered has been emailed.", "success")
            return redirect(url_for("events.detail", slug=slug))
    return form_page("events/cancel_event.html", form, event=event)


@bp.route("/<slug>/organisers", methods=["GET", "POST"])
@moderator_required
def organisers(slug):
    """Moderators give members organiser rights on this event; 403 for members, 404 as above."""
    event = event_or_404(slug)
    form = PersonForm()
    if form.validate_on_submit():
        try:
            user = event_service.grant_organiser(event, form.email.data)
        except EventError as error:
            attach_error(form, error)
        else:
            flash(f"{public_name(user)} is now an organiser of this event.", "success")
            return redirect(url_for("events.organisers", slug=slug))
    return form_page("events/organisers.html", form, event=event, confirm=ConfirmForm())


@bp.route("/<slug>/organisers/<id:organiser_id>/remove", methods=["POST"])
@moderator_required
def remove_organiser(slug, organiser_id):
    """Take organiser rights away; 404 for an unknown organiser."""
    event = event_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        event_service.revoke_organiser(event, organiser_id)
    except EventError as error:
        return render_error(error.status, error.message + ".")
    flash("Organiser rights removed.", "success")
    return redirect(url_for("events.organisers", slug=slug))


@bp.route("/<slug>/materials", methods=["GET", "POST"])
@verified_required
def materials(slug):
    """Share slides, recordings and handouts; 404/403 as managed_event_or_404."""
    event = managed_event_or_404(slug)
    form = MaterialForm()
    if form.validate_on_submit():
        try:
            event_service.add_material(event, form.title.data, form.url.data, request.files.get("upload"))
        except EventError as error:
            attach_error(form, error)
        else:
            flash("The material has been added to the event page.", "success")
            return redirect(url_for("events.materials", slug=slug))
    return form_page("events/materials.html", form, event=event, confirm=ConfirmForm())


@bp.route("/<slug>/materials/<id:material_id>/remove", methods=["POST"])
@verified_required
def remove_material(slug, material_id):
    """Remove a material; 404 for one not on this event."""
    event = managed_event_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        event_service.remove_material(event, material_id)
    except EventError as error:
        return render_error(error.status, error.message + ".")
    flash("The material has been removed.", "success")
    return redirect(url_for("events.materials", slug=slug))


@bp.route("/<slug>/materials/<id:material_id>")
def material_file(slug, material_id):
    """Download a shared file; 404 for unknown materials or events the visitor may not see."""
    event = event_or_404(slug)
    material = get_or_404(EventMaterial, material_id)
    if material.event_id != event.id or not material.stored_name:
        abort(404)
    return send_stored_file(material.stored_name, material.original_name, material.mimetype)
