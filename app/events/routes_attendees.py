"""Organiser pages about people: attendee list, add/remove, attendance, CSV, email, feedback.

All answer 404 as event_or_404 and 403 to anyone who is not an organiser of the event or a
moderator: access needs and exports are for organisers only.
"""

from flask import Response, abort, flash, redirect, render_template, stream_with_context, url_for
from flask_login import current_user

from app.auth.decorators import verified_required
from app.auth.names import public_name
from app.events.exports import attendee_csv
from app.events.forms import ConfirmForm, EmailAttendeesForm, PersonForm
from app.events.routes import bp
from app.events.routes_manage import managed_event_or_404
from app.events.services import EventError, notifications, queries
from app.events.services import feedback as feedback_service
from app.events.services import registration as registration_service
from app.routing import form_ids, page_arg
from app.web import attach_error, form_page, render_error


def _attendee_page(event, form, status=None):
    return form_page(
        "events/attendees.html",
        form,
        status=status,
        event=event,
        pagination=queries.attendees(event, page=page_arg()),
        counts=queries.status_counts(event),
        confirm=ConfirmForm(),
    )


@bp.route("/<slug>/attendees", methods=["GET", "POST"])
@verified_required
def attendees(slug):
    """Everyone registered with status and access needs; POST adds a member by email."""
    event = managed_event_or_404(slug)
    form = PersonForm()
    if form.validate_on_submit():
        try:
            registration = registration_service.add_attendee(event.id, form.email.data)
        except EventError as error:
            attach_error(form, error)
        else:
            where = "has a place" if registration.status == "confirmed" else "is on the waiting list"
            flash(f"{public_name(registration.user)} {where}. They have been emailed.", "success")
            return redirect(url_for("events.attendees", slug=slug))
    return _attendee_page(event, form)


@bp.route("/<slug>/attendees/<id:registration_id>/remove", methods=["POST"])
@verified_required
def remove_attendee(slug, registration_id):
    """Withdraw someone's registration; the place goes to the first person waiting."""
    event = managed_event_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        registration_service.remove(event.id, registration_id)
    except EventError as error:
        return render_error(error.status, error.message + ".")
    flash("The registration has been withdrawn and the person emailed.", "success")
    return redirect(url_for("events.attendees", slug=slug))


@bp.route("/<slug>/attendance", methods=["POST"])
@verified_required
def attendance(slug):
    """Record who attended among the people shown on the page; ids that are not numbers are ignored."""
    event = managed_event_or_404(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = registration_service.mark_attendance(event, form_ids("shown"), form_ids("attended"))
    flash(f"Attendance saved: {count} attended.", "success")
    return redirect(url_for("events.attendees", slug=slug))


@bp.route("/<slug>/attendees.csv")
@verified_required
def attendees_csv(slug):
    """The attendee list as CSV (formula-safe), streamed."""
    event = managed_event_or_404(slug)
    return Response(
        stream_with_context(attendee_csv(event.id)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{event.slug}-attendees.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/<slug>/email", methods=["GET", "POST"])
@verified_required
def email_attendees(slug):
    """Write to everyone with a confirmed place; replies go to the organiser."""
    event = managed_event_or_404(slug)
    form = EmailAttendeesForm()
    if form.validate_on_submit():
        count = notifications.email_attendees(event, form.subject.data, form.message.data, current_user)
        flash(f"Your message has been sent to {count} {'person' if count == 1 else 'people'}.", "success")
        return redirect(url_for("events.attendees", slug=slug))
    return form_page("events/email_attendees.html", form, event=event)


@bp.route("/<slug>/feedback-summary")
@verified_required
def feedback_summary(slug):
    """Average ratings, recommendation rate and comments for organisers."""
    event = managed_event_or_404(slug)
    return render_template(
        "events/feedback_summary.html", event=event, summary=feedback_service.feedback_summary(event)
    )
