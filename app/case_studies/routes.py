"""Case study pages under /case-studies. Drafts answer 404 to anyone but authors and moderators."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.decorators import verified_required
from app.case_studies import services
from app.case_studies.forms import CaseStudyForm
from app.case_studies.models import CaseStudy
from app.comments.forms import CommentForm
from app.comments.paging import requested_page
from app.pagecache import cached_page
from app.publishing import listing as listings
from app.publishing import services as shared
from app.publishing.actions import add_shared_routes, load_editable, load_visible
from app.publishing.detail import shared_parts
from app.publishing.services import ContentError
from app.text import one_line
from app.web import attach_error, form_page

FACETS = (
    *listings.FRAMEWORK_FACETS,
    listings.Facet("sector", "Sector", column="sector_id"),
    listings.REGION_FACET,
    # The link under a resource's "Used in case studies": every case study that used it.
    listings.Facet(
        "resource", "Resource used", lookup=lambda model, slug: services.uses_resource(model, slug, current_user)
    ),
)

bp = Blueprint("case_studies", __name__, template_folder="templates")

add_shared_routes(bp, CaseStudy)


@bp.route("/")
@cached_page()
def index():
    """Published case studies the visitor may see, with facets, sorting and pages."""
    results = listings.rendered(
        CaseStudy,
        FACETS,
        "case_studies/_results.html",
        lambda: {"listing": listings.browse(CaseStudy, FACETS, services.listing_options())},
        tables=("case_study_resource", "resource"),
    )
    signed_in = current_user.is_authenticated
    own = services.own_items(current_user) if signed_in else []
    invited = services.invited_to(current_user) if signed_in else []
    return render_template("case_studies/index.html", results=results, own=own, invited=invited)


@bp.route("/new", methods=["GET", "POST"])
@verified_required
def new():
    """Write a new case study (saved as a draft); verified members only."""
    form = CaseStudyForm()
    action = form.requested_action()
    if action:
        form.prepare(action)
    elif form.validate_on_submit():
        try:
            item = services.create_case_study(current_user, form.values())
        except ContentError as exc:
            attach_error(form, exc)
        else:
            flash("Your case study has been saved as a draft. Submit it for review when it is ready.", "success")
            return redirect(url_for("case_studies.detail", slug=item.slug))
    elif not form.is_submitted():
        form.organisation.data = current_user.organisation
    return form_page("case_studies/form.html", form, item=None)


@bp.route("/resource-options")
@verified_required
def resource_options():
    """Published resources whose title matches `q` (up to 20), as JSON for the form's resource picker."""
    query = one_line(request.args.get("q", ""))[:100].strip()
    found = services.find_resources(query) if query else []
    return jsonify(results=[{"id": row.id, "title": row.title} for row in found])


@bp.route("/<slug>")
@cached_page()
def detail(slug):
    """One case study; 404 if missing or a draft the visitor may not see, sign-in if members only."""
    item = load_visible(CaseStudy, slug, services.page_options())
    useful, reused = shared.counts(item.kind, [item.id]).get(item.id, (0, 0))
    return render_template(
        "case_studies/detail.html",
        item=item,
        shared=shared_parts(
            item,
            ("case_studies/_shared.html", "case_studies/_related.html"),
            lambda: {
                "uses": [
                    r for r in item.resources if r.status in ("published", "archived") and r.can_view(current_user)
                ],
                "related": listings.related(CaseStudy, item, current_user, options=services.listing_options()[:1]),
            },
            tables=("ics", "case_study_impact_measure", "case_study_resource", "resource"),
        ),
        useful_count=useful,
        reuse_count=reused,
        marked=shared.has_marked_useful(item, current_user),
        records=shared.reuse_records(item, limit=10),
        revisions=shared.revisions(item),
        comments=requested_page(item, current_user),
        comment_form=CommentForm(formdata=None) if current_user.is_authenticated else None,  # a form makes a session
    )


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@verified_required
def edit(slug):
    """Edit a case study; 404 if not visible, 403 unless author, co-author or moderator."""
    item = load_editable(CaseStudy, slug, services.detail_options())
    form = CaseStudyForm()
    action = form.requested_action()
    if action:
        form.prepare(action)
    elif form.validate_on_submit():
        try:
            services.update_case_study(item, current_user, form.values())
        except ContentError as exc:
            attach_error(form, exc)
            item = load_editable(CaseStudy, slug)
        else:
            flash("Your changes have been saved.", "success")
            return redirect(url_for("case_studies.detail", slug=item.slug))
    elif not form.is_submitted():
        form.fill_from(item)
    return form_page("case_studies/form.html", form, item=item)
