"""Resource use cases: share, edit, add versions, count downloads. Each owns its commit.

Files go through app.content.store_upload, which deletes them again if the transaction does
not commit, so a refused upload leaves neither a row nor a file behind.
"""

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.content import UploadError, render_markdown, store_upload
from app.extensions import db
from app.models_base import utcnow
from app.publishing.listing import visible
from app.publishing.services import (
    ContentError,
    record_edit,
    require_change_summary,
    resolve_original,
    tag_terms,
    unique_slug,
)
from app.resources.models import UPLOAD_TYPES, Resource, ResourceDownload, ResourceVersion
from app.search import attachment_notice

COUNT_AGAIN_AFTER = timedelta(hours=1)


def create_resource(author, values, upload=None, file_note=None):
    """A new draft resource, with its first file when one is given."""
    has_file = upload is not None and getattr(upload, "filename", "")
    if not has_file and not values["external_url"]:
        raise ContentError("Add a file or a link to the resource", "file")
    item = Resource(author_id=author.id, status="draft", slug=unique_slug(Resource, values["title"]))
    _apply(item, values)
    db.session.add(item)
    with _refused_file():
        if has_file:
            _add_version(item, author, upload, file_note or "First version")
        db.session.flush()
    db.session.commit()
    return item


def update_resource(item, editor, values):
    """Save changes to the details; a published resource stays live and the change is recorded."""
    summary = values["change_summary"]
    require_change_summary(item, summary)
    if not values["external_url"] and not item.versions:
        raise ContentError("Add a link, or upload a file as a new version first", "external_url")
    _apply(item, values)
    record_edit(item, editor, summary or "Edited")
    db.session.commit()
    return item


def add_version(item, uploader, upload, change_note):
    """Upload a new file as the current version; older versions stay downloadable."""
    with _refused_file():
        version = _add_version(item, uploader, upload, change_note)
        record_edit(item, uploader, f"New version {version.number}: {change_note}")
        db.session.flush()
    db.session.commit()
    return version


@contextmanager
def _refused_file():
    """A refused upload undoes the whole change (row and file) and is reported against the file field."""
    try:
        yield
    except UploadError as exc:
        db.session.rollback()
        raise ContentError(exc.message, "file") from exc


def _add_version(item, uploader, upload, change_note):
    stored = store_upload(upload, allowed=UPLOAD_TYPES)
    number = 1 + max((v.number for v in item.versions), default=0)
    version = ResourceVersion.of_file(stored, number=number, change_note=change_note, uploaded_by_id=uploader.id)
    item.versions.insert(0, version)
    return version


def _apply(item, values):
    """Assign every field explicitly; Markdown is sanitised here, on write."""
    original_id = resolve_original(Resource, values.get("adapted_from"), item)  # checked before any change
    item.title = values["title"]
    item.summary = values["summary"]
    item.resource_type = values["resource_type"]
    item.description_md = values["description"]
    item.description_html = render_markdown(values["description"])
    item.external_url = values["external_url"]
    item.licence = values["licence"]
    item.reuse_terms = values["reuse_terms"]
    item.audience = values["audience"]
    item.region_id = values["region_id"]
    item.visibility = values["visibility"]
    item.terms = tag_terms(values["term_ids"])
    item.adapted_from_id = original_id


def record_download(item, version, user, visitor=None):
    """Count a download of a published resource once per hour per member, or per anonymous `visitor` key."""
    if item.status != "published":
        return False
    if getattr(user, "is_authenticated", False):
        since = utcnow() - COUNT_AGAIN_AFTER
        recent = select(ResourceDownload.id).where(
            ResourceDownload.resource_id == item.id,
            ResourceDownload.user_id == user.id,
            ResourceDownload.created_at >= since,
        )
        if db.session.scalar(recent.limit(1)) is not None:
            return False
        db.session.add(ResourceDownload(resource_id=item.id, version_id=version.id, user_id=user.id))
        db.session.commit()
        return True
    if visitor is None:
        return False
    seen = select(ResourceDownload.id).where(
        ResourceDownload.resource_id == item.id, ResourceDownload.visitor_key == visitor
    )
    if db.session.scalar(seen.limit(1)) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(ResourceDownload(resource_id=item.id, version_id=version.id, visitor_key=visitor))
    except IntegrityError:  # the same visitor's parallel request counted first
        return False
    db.session.commit()
    return True


def download_counts(ids):
    """{resource id: downloads} in one query."""
    if not ids:
        return {}
    stmt = (
        select(ResourceDownload.resource_id, func.count())
        .where(ResourceDownload.resource_id.in_(ids))
        .group_by(ResourceDownload.resource_id)
    )
    return dict(db.session.execute(stmt).all())


def detail_options():
    """Loader options for the detail page."""
    return (
        db.joinedload(Resource.author),
        db.joinedload(Resource.region),
        db.selectinload(Resource.terms),
        db.selectinload(Resource.versions).joinedload(ResourceVersion.uploaded_by),
    )


def page_options():
    """Loader options for the detail page's personal frame (byline, download button); the shared
    body (app/publishing/detail.py) loads what it shows only when it is rendered afresh."""
    return (db.joinedload(Resource.author), db.selectinload(Resource.versions))


USED_IN_SHOWN = 10


def used_in(item, user, limit=USED_IN_SHOWN):
    """([the first `limit` case studies `user` may see that used `item`, by title], how many in all),
    in one query: a resource used by thousands lists a few and links to the filtered list."""
    from app.case_studies.models import CaseStudy, case_study_resource

    stmt = (
        select(CaseStudy, func.count().over())
        .join(case_study_resource, case_study_resource.c.case_study_id == CaseStudy.id)
        .where(case_study_resource.c.resource_id == item.id, *visible(CaseStudy, user))
        .order_by(CaseStudy.title, CaseStudy.id)
        .limit(limit)
    )
    rows = db.session.execute(stmt).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def listing_options():
    """Loader options for listing cards."""
    return (
        db.joinedload(Resource.author),
        db.joinedload(Resource.region),
        db.selectinload(Resource.terms),
        db.selectinload(Resource.versions),
    )


def own_items(user, limit=20):
    """The member's resources that are not published yet."""
    stmt = (
        select(Resource)
        .where(Resource.status.in_(("draft", "submitted", "returned")), Resource.author_id == user.id)
        .order_by(Resource.updated_at.desc())
        .limit(limit)
    )
    return db.session.scalars(stmt).all()


def find_version(item, number):
    """One version of a resource, or None."""
    return next((v for v in item.versions if v.number == number), None)


def file_text_notice(item, user):
    """For the resource's editors: why the current file's text is not searchable, or None."""
    version = item.current_version
    if version is None or not item.can_edit(user):
        return None
    return attachment_notice(version.sha256)
