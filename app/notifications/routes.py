"""The notifications page, opening one, "mark all read", the email settings and the one-click
unsubscribe link of the digest (which needs no sign-in: the signed token is the authority)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.auth.decorators import verified_required
from app.extensions import csrf
from app.notifications import digests, listing, preferences
from app.notifications.types import AUTO_FOLLOW, MODES, TYPES
from app.routing import page_arg
from app.web import render_error

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.route("/")
@verified_required
def index():
    """The member's notifications, newest first, grouped by day (Europe/London), paginated."""
    pagination, days = listing.page(current_user, page_arg())
    return render_template("notifications/index.html", pagination=pagination, days=days)


@bp.route("/<id:notification_id>")
@verified_required
def open_notification(notification_id):
    """Mark one notification read and go to what it is about."""
    return redirect(listing.open_one(current_user, notification_id))


@bp.route("/read", methods=["POST"])
@verified_required
def mark_all_read():
    """Mark every notification read."""
    if not FlaskForm().validate_on_submit():
        return render_error(400)
    count = listing.mark_all_read(current_user)
    flash(
        f"{count} notification{'' if count == 1 else 's'} marked as read." if count else "Nothing was unread.",
        "success",
    )
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@verified_required
def settings():
    """How each type of notification is emailed, and whether posting in a thread follows it."""
    form = FlaskForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_error(400)
        choices = {t.key: request.form.get(t.key) for t in TYPES}
        choices[AUTO_FOLLOW] = "on" if request.form.get(AUTO_FOLLOW) == "on" else "off"
        preferences.save(current_user, choices)
        flash("Your notification settings are saved.", "success")
        return redirect(url_for("notifications.settings"))
    return render_template(
        "notifications/settings.html",
        types=TYPES,
        modes=MODES,
        chosen=preferences.preferences(current_user),
        auto_follow=AUTO_FOLLOW,
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token):
    """One-click unsubscribe from a digest (RFC 8058): GET asks to confirm; POST, with only the
    signed token (no sign-in, no CSRF token: mail clients post it), turns that digest off."""
    claim = digests.read_unsubscribe_token(token)
    if claim is None:
        return render_error(
            400, "This unsubscribe link is not valid. Change your emails in your notification settings instead."
        )
    user_id, period = claim
    if request.method == "POST":
        preferences.turn_off_digests(user_id, period)
        return render_template("notifications/unsubscribed.html", period=period)
    return render_template("notifications/unsubscribe.html", period=period, token=token)
