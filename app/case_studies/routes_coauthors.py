"""Answering and withdrawing co-author invitations, under /case-studies/<slug>/invitation(s)."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from app.auth.decorators import verified_required
from app.case_studies import coauthors
from app.case_studies.models import CaseStudy
from app.case_studies.routes import bp
from app.publishing.actions import load_editable, load_visible


def _back(item):
    return redirect(url_for("case_studies.detail", slug=item.slug))


@bp.route("/<slug>/invitation/accept", methods=["POST"])
@verified_required
def accept_invitation(slug):
    """Accept an invitation to co-author; 404 unless the signed-in member was invited."""
    item = load_visible(CaseStudy, slug)
    if not coauthors.accept(item, current_user):
        abort(404)
    flash("You are now named as a co-author and can edit this case study.", "success")
    return _back(item)


@bp.route("/<slug>/invitation/decline", methods=["POST"])
@verified_required
def decline_invitation(slug):
    """Decline an invitation to co-author; 404 unless the signed-in member was invited."""
    item = load_visible(CaseStudy, slug)
    if not coauthors.decline(item, current_user):
        abort(404)
    flash("You have declined. You will not be named on this case study.", "success")
    return redirect(url_for("case_studies.index"))


@bp.route("/<slug>/invitations/<id:invitation_id>/withdraw", methods=["POST"])
@verified_required
def withdraw_invitation(slug, invitation_id):
    """Withdraw a co-author invitation; 403 unless an author or moderator, 404 for another item's."""
    item = load_editable(CaseStudy, slug)
    if not coauthors.withdraw(item, invitation_id):
        abort(404)
    flash("The invitation has been withdrawn.", "success")
    return _back(item)
