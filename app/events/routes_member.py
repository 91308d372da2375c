"""A member's own actions: register, cancel, give feedback, and the personal calendar feed.

All need a signed-in, verified member except the feed itself, which is reached by its secret
token (404 for an unknown or revoked token).
"""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.auth.decorators import verified_required
from app.events import ics
from app.events.forms import ConfirmForm, FeedbackForm, RegistrationForm
from app.events.models import CONFIRMED
from app.events.routes import bp, calendar_bp, calendar_response, event_or_404
from app.events.services import AlreadyRegistered, EventError, queries
from app.events.services import events as event_service
from app.events.services import feedback as feedback_service
from app.events.services import registration as registration_service
from app.web import form_page, render_error


@bp.route("/<slug>/register", methods=["GET", "POST"])
@verified_required
def register(slug):
    """Book a place or join the waiting list. 404 as event_or_404; 400 when closed or already registered."""
    event = event_or_404(slug)
    form = RegistrationForm()
    registration = queries.own_registration(event, current_user)
    if registration is not None and registration.is_active:
        return _already_registered(slug)
    if form.validate_on_submit():
        try:
            registration = registration_service.register(
                event.id, current_user.id, form.access_needs.data, form.show_on_list.data
            )
        except AlreadyRegistered:  # a second click of "Book" that arrived while the first was booking
            return _already_registered(slug)
        except EventError as error:
            form.form_errors.append(error.message)
            return form_page("events/register.html", form, status=error.status, event=event)
        if registration.status == CONFIRMED:
            flash("Your place is confirmed. We have emailed you the details and a calendar file.", "success")
        else:
            number = registration_service.waiting_number(registration)
            flash(f"The event is full. You are number {number} on the waiting list.", "success")
        return redirect(url_for("events.detail", slug=slug))
    state = event.registration_state()
    if state != "open" and not form.errors:
        form.form_errors.append(registration_service.CLOSED_MESSAGES[state])
        return form_page("events/register.html", form, status=400, event=event)
    return form_page("events/register.html", form, event=event)


def _already_registered(slug):
    flash("You are already registered for this event.", "info")
    return redirect(url_for("events.detail", slug=slug))


@bp.route("/<slug>/cancel", methods=["GET", "POST"])
@verified_required
def cancel(slug):
    """Cancel the member's own place or waiting-list entry. 404 as event_or_404; 400 if not registered."""
    event = event_or_404(slug)
    form = ConfirmForm()
    registration = queries.own_registration(event, current_user)
    if form.validate_on_submit():
        try:
            registration_service.cancel(event.id, current_user.id)
        except EventError as error:
            return render_error(error.status, error.message)
        flash("Your registration has been cancelled.", "success")
        return redirect(url_for("events.detail", slug=slug))
    if registration is None or not registration.is_active:
        return render_error(400, "You are not registered for this event.")
    return render_template("events/cancel.html", form=form, event=event, registration=registration)


@bp.route("/<slug>/feedback", methods=["GET", "POST"])
@verified_required
def feedback(slug):
    """The short survey for attendees after the end. 404 as event_or_404; 403 for non-attendees."""
    event = event_or_404(slug)
    state = feedback_service.feedback_state(event, current_user)
    if state == "not_attendee":
        return render_error(403, feedback_service.STATE_MESSAGES[state] + ".")
    if state != "open":
        return render_error(400, feedback_service.STATE_MESSAGES[state] + ".")
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            feedback_service.submit_feedback(
                event,
                current_user,
                form.overall.data,
                form.relevance.data,
                form.would_recommend.data == "yes",
                form.what_worked.data,
                form.to_improve.data,
            )
        except EventError as error:
            return render_error(error.status, error.message + ".")
        flash("Thank you for your feedback.", "success")
        return redirect(url_for("events.detail", slug=slug))
    return form_page("events/feedback.html", form, event=event)


@bp.route("/mine")
@login_required
def mine():
    """The member's registrations, soonest first."""
    events, confirmed = queries.personal_feed(current_user.id)
    return render_template("events/mine.html", events=events, confirmed=confirmed)


@bp.route("/calendar-feed", methods=["GET", "POST"])
@login_required
def calendar_feed():
    """Show, create, renew or switch off the member's personal calendar address."""
    form = ConfirmForm()
    if form.validate_on_submit():
        action = request.form.get("action")
        if action == "revoke":
            event_service.revoke_calendar_feed(current_user)
            flash("Your calendar address has been switched off. Calendars using it will stop updating.", "success")
        else:
            event_service.renew_calendar_feed(current_user)
            flash("You have a new calendar address. The old one no longer works.", "success")
        return redirect(url_for("events.calendar_feed"))
    feed = event_service.calendar_feed(current_user)
    return render_template("events/calendar_feed.html", form=form, feed=feed)


@calendar_bp.route("/calendar/<token>.ics")
def personal_feed(token):
    """The member's registered events, by secret token without signing in. 404 for a bad token."""
    feed = queries.feed_for_token(token)
    if feed is None:
        return render_error(404)
    events, confirmed = queries.personal_feed(feed.user_id)
    return calendar_response(ics.calendar(events, "My OHWB Exchange events", joining_ids=confirmed), "my-events.ics")
