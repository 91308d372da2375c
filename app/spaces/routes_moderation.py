"""Moderating discussions: report a post (any member who can see it), and for those who manage a
thread (its space's managers, site moderators everywhere) hide with a reason, lock, pin, move and
merge; site moderators approve posts that waited. /spaces/moderation lists what waits for each.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from app.auth.decorators import verified_required
from app.extensions import db
from app.spaces import access
from app.spaces.forms import HideForm, MergeForm, MoveForm, ReportForm
from app.spaces.loaders import reply_or_404, require_manager, require_moderator, thread_or_404
from app.spaces.models import REPORT_REASONS, Report, Space
from app.spaces.routes import bp
from app.spaces.routes_threads import thread_url
from app.spaces.services import moderation
from app.web import UserError, attach_error, form_page, get_or_404


def _report(thread, reply):
    form = ReportForm()
    if form.validate_on_submit():
        try:
            moderation.report(thread, reply, current_user, form.reason.data, form.details.data)
        except UserError as error:
            flash(error.message, "warning")
        else:
            flash("Thank you. A moderator will look at your report.", "success")
        return redirect(thread_url(thread, reply.id if reply else None))
    return form_page("spaces/report.html", form, thread=thread, reply=reply)


@bp.route("/threads/<id:thread_id>/report", methods=["GET", "POST"])
@verified_required
def report_thread(thread_id):
    """Report a thread to the moderators, with a reason."""
    return _report(thread_or_404(thread_id), None)


@bp.route("/replies/<id:reply_id>/report", methods=["GET", "POST"])
@verified_required
def report_reply(reply_id):
    """Report a reply to the moderators, with a reason."""
    found, parent = reply_or_404(reply_id)
    if found.is_deleted:
        abort(404)
    return _report(parent, found)


def _hide(thread, post):
    require_manager(thread.space)
    form = HideForm()
    if form.validate_on_submit():
        moderation.hide(post, current_user, form.reason.data)
        flash("It has been hidden. Its author can see why.", "success")
        return redirect(thread_url(thread, None if post is thread else post.id))
    return form_page("spaces/hide.html", form, thread=thread, post=post)


@bp.route("/threads/<id:thread_id>/hide", methods=["GET", "POST"])
@verified_required
def hide_thread(thread_id):
    """Hide a thread with a reason (managers and moderators; 403 for others)."""
    found = thread_or_404(thread_id)
    return _hide(found, found)


@bp.route("/replies/<id:reply_id>/hide", methods=["GET", "POST"])
@verified_required
def hide_reply(reply_id):
    """Hide a reply with a reason (managers and moderators; 403 for others)."""
    found, parent = reply_or_404(reply_id)
    return _hide(parent, found)


@bp.route("/threads/<id:thread_id>/unhide", methods=["POST"])
@verified_required
def unhide_thread(thread_id):
    """Show a hidden thread again (managers and moderators)."""
    found = thread_or_404(thread_id)
    require_manager(found.space)
    moderation.unhide(found)
    flash("The thread is visible again.", "success")
    return redirect(thread_url(found))


@bp.route("/replies/<id:reply_id>/unhide", methods=["POST"])
@verified_required
def unhide_reply(reply_id):
    """Show a hidden reply again (managers and moderators)."""
    found, parent = reply_or_404(reply_id)
    require_manager(parent.space)
    moderation.unhide(found)
    flash("The reply is visible again.", "success")
    return redirect(thread_url(parent, found.id))


@bp.route("/threads/<id:thread_id>/lock", methods=["POST"])
@verified_required
def lock(thread_id):
    """Lock a thread against new replies, or unlock it (managers and moderators)."""
    found = thread_or_404(thread_id)
    require_manager(found.space)
    moderation.set_flag(found, "locked", not found.locked)
    flash("The thread is locked." if found.locked else "The thread is open for replies again.", "success")
    return redirect(thread_url(found))


@bp.route("/threads/<id:thread_id>/pin", methods=["POST"])
@verified_required
def pin(thread_id):
    """Pin a thread to the top of its space, or unpin it (managers and moderators)."""
    found = thread_or_404(thread_id)
    require_manager(found.space)
    moderation.set_flag(found, "pinned", not found.pinned)
    flash("The thread is pinned." if found.pinned else "The thread is no longer pinned.", "success")
    return redirect(thread_url(found))


def _move_choices():
    """Spaces the member manages (every space for moderators), and "Ask the community"."""
    stmt = select(Space).order_by(Space.name).limit(500)
    if not access.is_moderator(current_user):
        stmt = stmt.where(Space.id.in_(moderation.managed_space_ids(current_user)))
    return [(None, "Ask the community")] + [(space.id, space.name) for space in db.session.scalars(stmt)]


@bp.route("/threads/<id:thread_id>/move", methods=["GET", "POST"])
@verified_required
def move(thread_id):
    """Move a thread to another space the member manages (managers and moderators)."""
    found = thread_or_404(thread_id)
    require_manager(found.space)
    form = MoveForm()
    form.space.choices = _move_choices()
    if form.validate_on_submit():
        space = db.session.get(Space, form.space.data) if form.space.data else None
        if form.space.data and (space is None or not access.can_manage(space, current_user)):
            abort(403)
        try:
            moderation.move(found, space)
        except UserError as error:
            attach_error(form, error)
            return form_page("spaces/move.html", form, status=error.status, thread=found)
        flash(f"The thread has been moved to {space.name if space else 'Ask the community'}.", "success")
        return redirect(thread_url(found))
    if not form.is_submitted():
        form.space.data = found.space_id
    return form_page("spaces/move.html", form, thread=found)


@bp.route("/threads/<id:thread_id>/merge", methods=["GET", "POST"])
@verified_required
def merge(thread_id):
    """Merge a duplicate thread into another in the same place (managers and moderators)."""
    found = thread_or_404(thread_id)
    require_manager(found.space)
    form = MergeForm()
    form.target.choices = [(None, "Select a thread")] + [
        (candidate.id, candidate.title) for candidate in moderation.merge_candidates(found, current_user)
    ]
    if form.validate_on_submit():
        target = thread_or_404(form.target.data)
        try:
            moderation.merge(found, target, current_user)
        except UserError as error:
            attach_error(form, error)
            return form_page("spaces/merge.html", form, status=error.status, thread=found)
        flash("The threads have been merged. The old address leads here.", "success")
        return redirect(thread_url(target))
    return form_page("spaces/merge.html", form, thread=found)


@bp.route("/threads/<id:thread_id>/approve", methods=["POST"])
@verified_required
def approve_thread(thread_id):
    """Publish a thread that waited for a moderator (site moderators; 403 for others)."""
    found = thread_or_404(thread_id)
    require_moderator()
    try:
        moderation.approve(found)
    except UserError as error:
        flash(error.message, "warning")
    else:
        flash("The thread has been approved and is now visible.", "success")
    return redirect(url_for("spaces.moderation_queue"))


@bp.route("/replies/<id:reply_id>/approve", methods=["POST"])
@verified_required
def approve_reply(reply_id):
    """Publish a reply that waited for a moderator (site moderators; 403 for others)."""
    found, _parent = reply_or_404(reply_id)
    require_moderator()
    try:
        moderation.approve(found)
    except UserError as error:
        flash(error.message, "warning")
    else:
        flash("The reply has been approved and is now visible.", "success")
    return redirect(url_for("spaces.moderation_queue"))


@bp.route("/spaces/moderation")
@verified_required
def moderation_queue():
    """Reports to act on and posts waiting for approval: moderators, and managers for their spaces."""
    if not moderation.may_moderate_something(current_user):
        abort(403)
    return render_template("spaces/moderation.html", reasons=REPORT_REASONS, **moderation.queue(current_user))


@bp.route("/spaces/reports/<id:discussion_report_id>/dismiss", methods=["POST"])
@verified_required
def dismiss_report(discussion_report_id):
    """Close a report without acting on it (whoever manages the reported thread)."""
    row = get_or_404(Report, discussion_report_id)
    found = thread_or_404(row.thread_id)
    require_manager(found.space)
    if row.status != "open":
        flash("This report has already been dealt with.", "warning")
    else:
        moderation.dismiss(row, current_user)
        flash("The report has been dismissed.", "success")
    return redirect(url_for("spaces.moderation_queue"))
