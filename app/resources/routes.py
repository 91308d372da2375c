"""Resource pages under /resources. Drafts answer 404 to anyone but authors and moderators;
members-only files need sign-in to download."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from app.auth.decorators import verified_required
from app.comments.forms import CommentForm
from app.comments.paging import requested_page
from app.content import send_stored_file
from app.pagecache import cached_page
from app.publishing import listing as listings
from app.publishing import services as shared
from app.publishing.actions import add_shared_routes, load_editable, load_visible
from app.publishing.detail import shared_parts
from app.publishing.models import utcnow
from app.publishing.services import ContentError
from app.resources import services
from app.resources.forms import ResourceForm, VersionForm
from app.resources.models import RESOURCE_TYPES, Resource
from app.security import visitor_key
from app.web import attach_error, form_page

FACETS = (
    listings.Facet("type", "Type", column="resource_type", choices=RESOURCE_TYPES),
    *listings.FRAMEWORK_FACETS,
    listings.Facet("sector", "Sector", vocabulary="sector"),
    listings.REGION_FACET,
)

bp = Blueprint("resources", __name__, template_folder="templates")

add_shared_routes(bp, Resource)


def _form_page(template, form, item=None):
    return form_page(template, form, item=item, max_mb=current_app.config["UPLOAD_MAX_MB"])


@bp.route("/")
@cached_page()
def index():
    """Published resources the visitor may see, with facets, sorting and pages."""

    def build():
        listing = listings.browse(Resource, FACETS, services.listing_options())
        return {"listing": listing, "downloads": services.download_counts([item.id for item in listing.items])}

    results = listings.rendered(
        Resource, FACETS, "resources/_results.html", build, tables=("resource_version", "resource_download")
    )
    own = services.own_items(current_user) if current_user.is_authenticated else []
    return render_template("resources/index.html", results=results, own=own)


@bp.route("/new", methods=["GET", "POST"])
@verified_required
def new():
    """Share a resource (saved as a draft); verified members only."""
    form = ResourceForm()
    if form.validate_on_submit():
        try:
            item = services.create_resource(current_user, form.values(), form.file.data, form.file_note.data)
        except ContentError as exc:
            attach_error(form, exc)
        else:
            flash("Your resource has been saved as a draft. Submit it for review when it is ready.", "success")
            return redirect(url_for("resources.detail", slug=item.slug))
    return _form_page("resources/form.html", form)


@bp.route("/<slug>")
@cached_page()
def detail(slug):
    """One resource; 404 if missing or a draft the visitor may not see, sign-in if members only."""
    item = load_visible(Resource, slug, services.page_options())
    useful, reused = shared.counts(item.kind, [item.id]).get(item.id, (0, 0))

    def build():
        used_in, used_in_total = services.used_in(item, current_user)
        related = listings.related(Resource, item, current_user)
        return {"used_in": used_in, "used_in_total": used_in_total, "related": related}

    return render_template(
        "resources/detail.html",
        item=item,
        shared=shared_parts(
            item,
            ("resources/_tags.html", "resources/_shared.html", "resources/_related.html"),
            build,
            tables=("resource_version", "case_study", "case_study_resource"),
        ),
        file_text_notice=services.file_text_notice(item, current_user),
        downloads=services.download_counts([item.id]).get(item.id, 0),
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
    """Edit a resource's details; 404 if not visible, 403 unless author or moderator."""
    item = load_editable(Resource, slug, services.detail_options())
    form = ResourceForm()
    del form.file, form.file_note  # files change through a new version
    if form.validate_on_submit():
        try:
            services.update_resource(item, current_user, form.values())
        except ContentError as exc:
            attach_error(form, exc)
        else:
            flash("Your changes have been saved.", "success")
            return redirect(url_for("resources.detail", slug=item.slug))
    elif not form.is_submitted():
        form.fill_from(item)
    return _form_page("resources/form.html", form, item)


@bp.route("/<slug>/versions/new", methods=["GET", "POST"])
@verified_required
def new_version(slug):
    """Upload a new file version; 404 if not visible, 403 unless author or moderator."""
    item = load_editable(Resource, slug, services.detail_options())
    form = VersionForm()
    if form.validate_on_submit():
        try:
            version = services.add_version(item, current_user, form.file.data, form.file_note.data)
        except ContentError as exc:
            attach_error(form, exc, field="file")
            item = load_editable(Resource, slug)
        else:
            flash(f"Version {version.number} has been uploaded.", "success")
            return redirect(url_for("resources.detail", slug=item.slug))
    return _form_page("resources/version_form.html", form, item)


@bp.route("/<slug>/download")
def download(slug):
    """Download the current file; 404 if none or not visible, sign-in if members only."""
    item = load_visible(Resource, slug, services.detail_options())
    if item.current_version is None:
        abort(404)
    return _send(item, item.current_version)


@bp.route("/<slug>/versions/<id:number>/download")
def download_version(slug, number):
    """Download an older version; 404 if it does not exist or is not visible."""
    item = load_visible(Resource, slug, services.detail_options())
    version = services.find_version(item, number)
    if version is None:
        abort(404)
    return _send(item, version)


def _send(item, version):
    visitor = None if current_user.is_authenticated else visitor_key(f"download:{item.id}", utcnow())
    services.record_download(item, version, current_user, visitor)
    return send_stored_file(version.stored_name, version.original_name, version.mimetype)
