"""Peers: connection requests, My network, Peers for you, and mentoring."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.decorators import verified_required
from app.directory import bp
from app.directory.forms import MentoringRequestForm
from app.directory.services import DirectoryError, mentoring, network, peers, profiles
from app.main.errors import render_error


@bp.route("/<slug>/connect", methods=["POST"])
@verified_required
def connect(slug):
    """Ask to connect; 404 for unlisted or own profiles, 403 when they blocked you."""
    profile, view = profiles.profile_for(slug, current_user)
    if profile.user_id == current_user.id:
        abort(404)
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
    """Accept a request addressed to you; 404 for anyone else's."""
    network.accept_connection(current_user, connection_id)
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
@verified_required
def peers_page():
    """Peers for you: suggestions ranked by what you share, each with its reasons."""
    return render_template("directory/peers.html", **peers.peers_page(current_user))


@bp.route("/<slug>/mentoring", methods=["GET", "POST"])
@verified_required
def request_mentoring(slug):
    """Ask a mentor; 404 for unlisted or own profiles or those not offering mentoring."""
    profile, view = profiles.profile_for(slug, current_user)
    if profile.user_id == current_user.id or not profile.offers_mentoring:
        abort(404)
    form = MentoringRequestForm()
    status = 200
    if form.validate_on_submit():
        try:
            mentoring.request_mentoring(current_user, profile, form.message.data)
        except DirectoryError as exc:
            form.message.errors.append(exc.message)
            status = exc.status
        else:
            flash(f"Your request has been sent to {view['display_name']}.", "success")
            return redirect(url_for("directory.mentoring"))
    if form.errors and status == 200:
        status = 400
    return render_template(
        "directory/mentoring_request.html", form=form, view=view, page_error=bool(form.errors)
    ), status


@bp.route("/mentoring", endpoint="mentoring")
@verified_required
def mentoring_page():
    """Your mentoring: requests to decide, mentees, mentors and requests you made."""
    return render_template("directory/mentoring.html", **mentoring.mentoring_page(current_user))


@bp.route("/mentoring/<id:pair_id>/accept", methods=["POST"])
@verified_required
def accept_mentee(pair_id):
    """Accept a request to mentor; 404 unless it is addressed to you and pending."""
    try:
        mentoring.accept_mentee(current_user, pair_id)
    except DirectoryError as exc:
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
