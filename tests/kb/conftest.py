"""Factories for case studies and resources, and small real files for uploads."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.case_studies.models import CaseStudy, ImpactMeasure
from app.content import render_markdown, store_upload
from app.demo.resource_files import build
from app.extensions import db
from app.publishing.models import review_date_from, utcnow
from app.resources.models import Resource, ResourceVersion
from app.taxonomy.models import Region, Term


def term(vocabulary, slug):
    return db.session.scalar(select(Term).filter_by(vocabulary=vocabulary, slug=slug))


def region(slug="london"):
    return db.session.scalar(select(Region).filter_by(slug=slug))


@pytest.fixture
def make_case_study(app, make_user):
    """Factory: a saved case study (published, members-only by default)."""
    counter = {"n": 0}

    def factory(author=None, status="published", visibility="members", topics=("menopause",), coauthors=(), **fields):
        counter["n"] += 1
        n = counter["n"]
        author = author or make_user()
        published = utcnow() - timedelta(days=n)
        item = CaseStudy(
            slug=fields.pop("slug", f"case-study-{n}"),
            title=fields.pop("title", f"Case study {n}"),
            summary=fields.pop("summary", "A short summary of what we did."),
            organisation=fields.pop("organisation", "Test NHS Trust"),
            status=status,
            visibility=visibility,
            author_id=author.id,
            context_md="Context",
            context_html=render_markdown("Context"),
            approach_md="We did **this**",
            approach_html=render_markdown("We did **this**"),
            outcomes_md="It worked",
            outcomes_html=render_markdown("It worked"),
            region=fields.pop("region", region()),
            sector=fields.pop("sector", term("sector", "acute")),
            published_at=published if status in ("published", "archived") else None,
            review_due=fields.pop("review_due", review_date_from()),
            **fields,
        )
        item.terms = [term("topic", slug) for slug in topics]
        item.coauthors = list(coauthors)
        item.measures = [ImpactMeasure(position=0, metric="Sickness absence", baseline=5.2, result=4.1, unit="%")]
        db.session.add(item)
        db.session.commit()
        return item

    return factory


@pytest.fixture
def make_resource(app, make_user):
    """Factory: a saved resource with one stored text file (published, members-only by default)."""
    counter = {"n": 0}

    def factory(author=None, status="published", visibility="members", topics=("menopause",), with_file=True, **fields):
        counter["n"] += 1
        n = counter["n"]
        author = author or make_user()
        item = Resource(
            slug=fields.pop("slug", f"resource-{n}"),
            title=fields.pop("title", f"Resource {n}"),
            summary=fields.pop("summary", "A useful template."),
            resource_type=fields.pop("resource_type", "template"),
            description_md="Description",
            description_html=render_markdown("Description"),
            status=status,
            visibility=visibility,
            author_id=author.id,
            external_url=fields.pop("external_url", None if with_file else "https://www.england.nhs.uk/"),
            published_at=utcnow() - timedelta(days=n) if status in ("published", "archived") else None,
            **fields,
        )
        item.terms = [term("topic", slug) for slug in topics]
        db.session.add(item)
        if with_file:
            stored = store_upload(FileStorage(io.BytesIO(b"Template text\n"), filename="template.txt"))
            item.versions.append(
                ResourceVersion(
                    number=1,
                    stored_name=stored.name,
                    original_name=stored.original_name,
                    mimetype=stored.mimetype,
                    extension=stored.extension,
                    size=stored.size,
                    sha256=stored.sha256,
                    change_note="First version",
                    uploaded_by_id=author.id,
                )
            )
        db.session.commit()
        return item

    return factory


def upload(extension="pdf", name=None, data=None):
    """A (stream, filename) pair for the test client."""
    data = data if data is not None else build(extension, "Menopause passport", ["Line one", "Line two"])
    return (io.BytesIO(data), name or f"passport.{extension}")


def uploads_in(app):
    """Files currently in the upload folder."""
    from pathlib import Path

    folder = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
