"""Peers: connection requests, My network, Peers for you, and mentoring."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.access import reach_refusal
from app.auth.decorators import verified_required
from app.directory.forms import MentoringRequestForm
from app.directory.routes import bp, other_profile, visitors_see_about
from app.directory.services import DirectoryError, mentoring, network, peers
from app.pagecache import cached_page
from app.web import attach_error, form_page, render_error


@bp.route("/<slug>/connect", methods=["POST"])
@verified_required
def connect(slug):
    """Ask to connect; 404 for unlisted or own profiles, 403 across a block (either way)."""
    profile, view = other_profile(slug)
    try:
        network.request_connection(current_user, profile)
    except DirectoryError as exc:
        if exc.status == 403:
            return render_error(403, exc.message + ".")
        flash(exc.message + ".", "warning")
    else:
        flash(f"Your request to connect has been sent to {view['display_name']}.", "success")
    return redirect(url_for("directory.profile", slug=slug))


@bp.route("/connections/<id:connection_id>/accept", methods=["POST"])
@verified_required
def accept_connection(connection_id):
    """Accept a request addressed to you; 404 for anyone else's, 403 across a block."""
    try:
        network.accept_connection(current_user, connection_id)
    except DirectoryError as exc:
        return render_error(exc.status, exc.message + ".")
    flash("You are now connected. You can see each other's email address.", "success")
    return redirect(url_for("directory.network"))


@bp.route("/connections/<id:connection_id>/decline", methods=["POST"])
@verified_required
def decline_connection(connection_id):
    """Decline a request addressed to you; 404 for anyone else's."""
    network.decline_connection(current_user, connection_id)
    flash("You have declined the request.", "success")
    return redirect(url_for("directory.network"))


@bp.route("/connections/<id:connection_id>/remove", methods=["POST"])
@verified_required
def remove_connection(connection_id):
    """Remove a connection (either side) or withdraw your request; 404 for others."""
    network.remove_connection(current_user, connection_id)
    flash("The connection has been removed.", "success")
    return redirect(url_for("directory.network"))


@bp.route("/network", endpoint="network")
@verified_required
def network_page():
    """My network: connected peers (with email), and requests in and out."""
    return render_template("directory/network.html", **network.network_page(current_user))


@bp.route("/peers", endpoint="peers")
@cached_page()
@visitors_see_about
def peers_page():
    """Peers for you: suggestions ranked by what you share, each with its reasons; anonymous
    visitors see what the directory offers and how to join."""
    return render_template("directory/peers.html", **peers.peers_page(current_user))


@bp.route("/<slug>/mentoring", methods=["GET", "POST"])
@verified_required
def request_mentoring(slug):
    """Ask a mentor; 404 for unlisted or own profiles or those not offering mentoring, 403 across a block."""
    profile, view = other_profile(slug)
    if not profile.offers_mentoring:
        abort(404)
    refusal = reach_refusal(current_user.id, profile.user_id)
    if refusal is not None:
        return render_error(403, refusal + ".")
    form = MentoringRequestForm()
    status = None
    if form.validate_on_submit():
        try:
            mentoring.request_mentoring(current_user, profile, form.message.data)
        except DirectoryError as exc:
            attach_error(form, exc, field="message")
            status = exc.status
        else:
            flash(f"Your request has been sent to {view['display_name']}.", "success")
            return redirect(url_for("directory.mentoring"))
    return form_page("directory/mentoring_request.html", form, status, view=view)


@bp.route("/mentoring", endpoint="mentoring")
@verified_required
def mentoring_page():
    """Your mentoring: requests to decide, mentees, mentors and requests you made."""
    return render_template("directory/mentoring.html", **mentoring.mentoring_page(current_user))


@bp.route("/mentoring/<id:pair_id>/accept", methods=["POST"])
@verified_required
def accept_mentee(pair_id):
    """Accept a request to mentor; 404 unless it is addressed to you and pending, 403 across a block."""
    try:
        mentoring.accept_mentee(current_user, pair_id)
    except DirectoryError as exc:
        if exc.status == 403:
            return render_error(403, exc.message + ".")
        flash(exc.message + ".", "warning")
    else:
        flash("You have accepted the mentoring request.", "success")
    return redirect(url_for("directory.mentoring"))


@bp.route("/mentoring/<id:pair_id>/decline", methods=["POST"])
@verified_required
def decline_mentee(pair_id):
    """Decline a request to mentor; 404 unless it is addressed to you and pending."""
    mentoring.decline_mentee(current_user, pair_id)
    flash("You have declined the mentoring request.", "success")
    return redirect(url_for("directory.mentoring"))


@bp.route("/mentoring/<id:pair_id>/end", methods=["POST"])
@verified_required
def end_mentoring(pair_id):
    """End an active pair (either side) or withdraw your request; 404 otherwise."""
    mentoring.end_pair(current_user, pair_id)
    flash("The mentoring has ended.", "success")
    return redirect(url_for("directory.mentoring"))
