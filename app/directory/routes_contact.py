"""Reaching a practitioner: contact messages and replies, blocking, reports to moderators."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.access import reach_refusal
from app.auth.decorators import moderator_required, verified_required
from app.directory import blocking
from app.directory.forms import ContactForm, ReplyForm, ReportForm, ResolveReportForm
from app.directory.routes import bp, other_profile
from app.directory.services import DirectoryError, contact
from app.directory.services.contact import DAILY_LIMIT
from app.routing import page_arg
from app.web import attach_error, form_page, render_error


@bp.route("/<slug>/contact", methods=["GET", "POST"])
@verified_required
def contact_form(slug):
    """Write to a practitioner; 404 for unlisted or own profiles, 403 across a block (either way), 429 past the limit."""
    profile, view = other_profile(slug)
    refusal = reach_refusal(current_user.id, profile.user_id)
    if refusal is not None:
        return render_error(403, refusal + ".")
    form = ContactForm()
    status = None
    if form.validate_on_submit():
        try:
            contact.send_message(current_user, profile, form.subject.data, form.body.data)
        except DirectoryError as exc:
            attach_error(form, exc, field="body")
            status = exc.status
        else:
            flash(f"Your message has been sent to {view['display_name']}.", "success")
            return redirect(url_for("directory.profile", slug=slug))
    return form_page(
        "directory/contact.html",
        form,
        status,
        view=view,
        remaining=max(DAILY_LIMIT - contact.sent_today(current_user.id), 0),
        limit=DAILY_LIMIT,
    )


@bp.route("/messages")
@verified_required
def messages():
    """The member's received and sent messages."""
    received, sent = contact.inbox(current_user)
    return render_template("directory/messages.html", received=received, sent=sent)


@bp.route("/messages/<id:message_id>", methods=["GET", "POST"])
@verified_required
def message(message_id):
    """One message and the recipient's reply form; 404 unless you sent or received it; a reply
    across a block (either way) is refused with 403, and the other's address is not shown."""
    found = contact.message_for(current_user, message_id)
    form = ReplyForm()
    status = None
    if request.method == "POST":
        if found.recipient_id != current_user.id:
            abort(404)
        if form.validate_on_submit():
            try:
                contact.reply(current_user, message_id, form.body.data)
            except DirectoryError as exc:
                attach_error(form, exc, field="body")
                status = exc.status
            else:
                flash("Your reply has been sent. You can now see their email address.", "success")
                return redirect(url_for("directory.message", message_id=message_id))
    other = found.sender_id if found.recipient_id == current_user.id else found.recipient_id
    return form_page(
        "directory/message.html", form, status, message=found, refusal=reach_refusal(current_user.id, other)
    )


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
            contact.report_profile(current_user, profile, form.reason.data, form.details.data)
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
