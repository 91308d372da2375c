"""Reaching a practitioner: blocking, reports to moderators, and the old contact addresses, which
now lead to the inbox."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import moderator_required, verified_required
from app.directory import blocking
from app.directory.forms import ReportForm, ResolveReportForm
from app.directory.routes import bp, other_profile
from app.directory.services import DirectoryError
from app.directory.services import reports as profile_reports
from app.routing import page_arg
from app.web import attach_error, form_page


@bp.route("/<slug>/contact", methods=["GET", "POST"])
@verified_required
def contact_form(slug):
    """The old contact form: writing to a member now starts a conversation in the inbox."""
    return redirect(url_for("inbox.new", to=slug), code=301 if request.method == "GET" else 307)


@bp.route("/messages")
@verified_required
def messages():
    """The old list of messages: the inbox has them now."""
    return redirect(url_for("inbox.index"), code=301)


@bp.route("/messages/<id:message_id>", methods=["GET", "POST"])
@verified_required
def message(message_id):
    """An old message (and links to it in emails already sent): each became the conversation with
    the same number when messages moved into the inbox."""
    return redirect(url_for("inbox.conversation", conversation_id=message_id), code=301)


@bp.route("/members/<id:user_id>/block", methods=["POST"])
@verified_required
def block(user_id):
    """Block a member; 404 for unknown members or yourself."""
    blocking.block(current_user, user_id)
    flash(
        "You have blocked this member. Neither of you can contact the other, and any connection or mentoring between you has ended.",
        "success",
    )
    return redirect(url_for("directory.blocked"))


@bp.route("/members/<id:user_id>/unblock", methods=["POST"])
@verified_required
def unblock(user_id):
    """Lift a block; 404 if there is none."""
    blocking.unblock(current_user, user_id)
    flash("You have unblocked this member.", "success")
    return redirect(url_for("directory.blocked"))


@bp.route("/blocked")
@verified_required
def blocked():
    """The members you have blocked."""
    return render_template("directory/blocked.html", blocks=blocking.blocked_members(current_user))


@bp.route("/<slug>/report", methods=["GET", "POST"])
@verified_required
def report(slug):
    """Report a profile to moderators; 404 for unlisted or own profiles."""
    profile, view = other_profile(slug)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            profile_reports.report_profile(current_user, profile, form.reason.data, form.details.data)
        except DirectoryError as exc:
            attach_error(form, exc, field="reason")
        else:
            flash("Thank you. A moderator will look at this profile.", "success")
            return redirect(url_for("directory.profile", slug=slug))
    return form_page("directory/report.html", form, view=view)


@bp.route("/reports")
@moderator_required
def reports():
    """Open (or closed with ?status=) profile reports; moderators and admins only, 403 otherwise."""
    status = request.args.get("status", "open")
    if status not in ("open", "dismissed", "unlisted"):
        status = "open"
    pagination = profile_reports.reports(status, page=page_arg())
    return render_template(
        "directory/reports.html", pagination=pagination, status=status, reasons=dict(profile_reports.REPORT_REASONS)
    )


@bp.route("/reports/<id:report_id>", methods=["POST"])
@moderator_required
def resolve_report(report_id):
    """Dismiss a report or unlist the profile; 403 for non-moderators, 404 for closed reports."""
    form = ResolveReportForm()
    if not form.validate_on_submit():
        flash("Select a decision for the report.", "warning")
        return redirect(url_for("directory.reports"))
    profile_reports.resolve_report(current_user, report_id, form.action.data)
    flash("The report has been closed.", "success")
    return redirect(url_for("directory.reports"))
