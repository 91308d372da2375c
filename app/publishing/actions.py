"""Routes every content type shares (submit, archive, review, useful, reuse), added to its blueprint.

`add_shared_routes(bp, model)` gives `bp` the same endpoints for case studies and resources,
so the lifecycle and the reuse buttons behave identically for both.
"""

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import refuse_members_only
from app.auth.decorators import verified_required
from app.extensions import db
from app.publishing import services
from app.publishing.forms import ReuseForm
from app.web import form_page, found_or_404


def load_visible(model, slug, options=()):
    """The item for `slug`; 404 when absent or not visible; members-only items send visitors to
    sign in and give other non-members a 403 saying they must verify their email."""
    item = found_or_404(db.session.scalar(select(model).where(model.slug == slug).options(*options)))
    if not item.can_view(current_user):
        if item.needs_membership(current_user):
            refuse_members_only(current_user)
        abort(404)
    return item


def load_editable(model, slug, options=()):
    """The item for `slug` when the member may edit it; 404 if they may not see it, 403 if only see."""
    item = load_visible(model, slug, options)
    if not item.can_edit(current_user):
        abort(403)
    return item


def run_and_flash(action, item, *args, done):
    """Run the lifecycle `action` on `item` as the current member; flash its refusal as a
    warning, or `done` when it went through."""
    try:
        action(item, current_user, *args)
    except services.ContentError as exc:
        flash(exc.message, "warning")
    else:
        flash(done, "success")


def _back(item):
    return redirect(url_for(f"{item.blueprint}.detail", slug=item.slug))


def add_shared_routes(bp, model):
    """Register the lifecycle and reuse endpoints on `bp` for `model`."""

    @bp.route("/<slug>/submit", methods=["POST"], endpoint="submit")
    @verified_required
    def submit(slug):
        """Submit a draft or returned item for review; 404 if not visible, 403 unless an author."""
        item = load_visible(model, slug)
        if not item.is_author(current_user):
            abort(403)
        run_and_flash(services.submit, item, done=f"Your {item.label} has been sent to the moderators for review.")
        return _back(item)

    @bp.route("/<slug>/archive", methods=["POST"], endpoint="archive")
    @verified_required
    def archive(slug):
        """Archive a published item; 403 unless an author or moderator."""
        item = load_editable(model, slug)
        done = f"The {item.label} has been archived. It no longer appears in lists, feeds or search."
        run_and_flash(services.archive, item, done=done)
        return _back(item)

    @bp.route("/<slug>/review", methods=["POST"], endpoint="confirm_review")
    @verified_required
    def confirm_review(slug):
        """Confirm a published item is still current; 403 unless an author or moderator."""
        item = load_editable(model, slug)
        run_and_flash(services.confirm_review, item, done="Thank you. The next review is due in two years.")
        return _back(item)

    @bp.route("/<slug>/useful", methods=["POST"], endpoint="useful")
    @verified_required
    def useful(slug):
        """Mark or unmark a published item as useful; 404 unless published and visible."""
        item = load_visible(model, slug)
        if not item.is_published:
            abort(404)
        marked = services.toggle_useful(item, current_user)
        flash("Marked as useful." if marked else "No longer marked as useful.", "success")
        return _back(item)

    @bp.route("/<slug>/reuse", methods=["GET", "POST"], endpoint="reuse")
    @verified_required
    def reuse(slug):
        """Record 'I reused or adapted this' (once per member; posting again edits it); 404 unless published."""
        item = load_visible(model, slug)
        if not item.is_published:
            abort(404)
        form = ReuseForm()
        if form.validate_on_submit():
            if services.record_reuse(item, current_user, form.organisation.data, form.note.data):
                flash(f"Thank you for telling us you reused this {item.label}.", "success")
            else:
                flash("Your note about reusing it has been updated.", "success")
            return _back(item)
        existing = services.own_reuse(item, current_user)
        if not form.is_submitted():
            form.organisation.data = existing.organisation if existing else current_user.organisation
            form.note.data = existing.note if existing else None
        return form_page("publishing/reuse.html", form, item=item, existing=existing)
