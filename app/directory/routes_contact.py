"""Reaching a practitioner: contact messages and replies, blocking, reports to moderators."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import moderator_required, verified_required
from app.directory import bp
from app.directory.forms import ContactForm, ReplyForm, ReportForm, ResolveReportForm
from app.directory.services import DirectoryError, contact, profiles
from app.directory.services.contact import DAILY_LIMIT
from app.routing import page_arg


def _other_profile(slug):
    """A reachable profile that is not the member's own; 404 otherwise."""
    profile, view = profiles.profile_for(slug, current_user)
    if profile.user_id == current_user.id:
        abort(404)
    return profile, view


@bp.route("/<slug>/contact", methods=["GET", "POST"])
@verified_required
def contact_form(slug):
    """Write to a practitioner; 404 for unlisted or own profiles, 403 when they blocked you, 429 past the limit."""
    profile, view = _other_profile(slug)
    form = ContactForm()
    status = 200
    if form.validate_on_submit():
        try:
            contact.send_message(current_user, profile, form.subject.data, form.body.data)
        except DirectoryError as exc:
            form.body.errors.append(exc.message)
            status = exc.status
        else:
            flash(f"Your message has been sent to {view['display_name']}.", "success")
            return redirect(url_for("directory.profile", slug=slug))
    if form.errors and status == 200:
        status = 400
    return render_template(
        "directory/contact.html",
        form=form,
        view=view,
        remaining=max(DAILY_LIMIT - contact.sent_today(current_user.id), 0),
        limit=DAILY_LIMIT,
        page_error=bool(form.errors),
    ), status


@bp.route("/messages")
@verified_required
def messages():
    """The member's received and sent messages."""
    received, sent = contact.inbox(current_user)
    return render_template("directory/messages.html", received=received, sent=sent)


@bp.route("/messages/<id:message_id>", methods=["GET", "POST"])
@verified_required
def message(message_id):
    """One message and the recipient's reply form; 404 unless you sent or received it."""
    found = contact.message_for(current_user, message_id)
    form = ReplyForm()
    status = 200
    if request.method == "POST":
        if found.recipient_id != current_user.id:
            abort(404)
        if form.validate_on_submit():
            try:
                contact.reply(current_user, message_id, form.body.data)
            except DirectoryError as exc:
                form.body.errors.append(exc.message)
            else:
                flash("Your reply has been sent. You can now see their email address.", "success")
                return redirect(url_for("directory.message", message_id=message_id))
        status = 400
    return render_template("directory/message.html", message=found, form=form, page_error=bool(form.errors)), status


@bp.route("/members/<id:user_id>/block", methods=["POST"])
@verified_required
def block(user_id):
    """Block a member; 404 for unknown members or yourself."""
    contact.block(current_user, user_id)
    flash("You have blocked this member. They cannot message you or send requests.", "success")
    return redirect(url_for("directory.blocked"))


@bp.route("/members/<id:user_id>/unblock", methods=["POST"])
@verified_required
def unblock(user_id):
    """Lift a block; 404 if there is none."""
    contact.unblock(current_user, user_id)
    flash("You have unblocked this member.", "success")
    return redirect(url_for("directory.blocked"))


@bp.route("/blocked")
@verified_required
def blocked():
    """The members you have blocked."""
    return render_template("directory/blocked.html", blocks=contact.blocked_members(current_user))


@bp.route("/<slug>/report", methods=["GET", "POST"])
@verified_required
def report(slug):
    """Report a profile to moderators; 404 for unlisted or own profiles."""
    profile, view = _other_profile(slug)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            contact.report_profile(current_user, profile, form.reason.data, form.details.data)
        except DirectoryError as exc:
            form.reason.errors.append(exc.message)
        else:
            flash("Thank you. A moderator will look at this profile.", "success")
            return redirect(url_for("directory.profile", slug=slug))
    status = 400 if form.errors else 200
    return render_template("directory/report.html", form=form, view=view, page_error=bool(form.errors)), status


@bp.route("/reports")
@moderator_required
def reports():
    """Open (or closed with ?status=) profile reports; moderators and admins only, 403 otherwise."""
    status = request.args.get("status", "open")
    if status not in ("open", "dismissed", "unlisted"):
        status = "open"
    pagination = contact.reports(status, page=page_arg())
    return render_template(
        "directory/reports.html", pagination=pagination, status=status, reasons=dict(contact.REPORT_REASONS)
    )


@bp.route("/reports/<id:report_id>", methods=["POST"])
@moderator_required
def resolve_report(report_id):
    """Dismiss a report or unlist the profile; 403 for non-moderators, 404 for closed reports."""
    form = ResolveReportForm()
    if not form.validate_on_submit():
        flash("Select a decision for the report.", "warning")
        return redirect(url_for("directory.reports"))
    contact.resolve_report(current_user, report_id, form.action.data)
    flash("The report has been closed.", "success")
    return redirect(url_for("directory.reports"))
