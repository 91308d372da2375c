"""`flask seed demo` fills the knowledge base with enough realistic content, once."""

from pathlib import Path

from sqlalchemy import func, select

from app.case_studies.models import CaseStudy, ImpactMeasure
from app.comments.models import Comment
from app.extensions import db
from app.publishing.models import ReuseRecord
from app.resources.models import RESOURCE_TYPES, Resource, ResourceVersion
from app.taxonomy.models import Region, Term


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_data_covers_the_vocabularies_with_real_files(app, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert count(CaseStudy) >= 40 and count(Resource) >= 60
    assert count(ImpactMeasure) >= 40 and count(Comment) > 0 and count(ReuseRecord) > 0
    assert db.session.scalar(select(func.count()).where(CaseStudy.status == "published")) >= 30
    used_types = set(db.session.scalars(select(Resource.resource_type).distinct()))
    assert used_types == set(RESOURCE_TYPES)
    for vocabulary in ("framework_element", "people_promise_theme", "topic"):
        tagged = db.session.scalars(
            select(Term.id).where(Term.vocabulary == vocabulary, Term.id.in_(select(CaseStudy.term_table.c.term_id)))
        ).all()
        assert len(tagged) == db.session.scalar(select(func.count()).where(Term.vocabulary == vocabulary)), vocabulary
    assert len(set(db.session.scalars(select(CaseStudy.region_id)))) == db.session.scalar(
        select(func.count()).select_from(Region)
    )
    folder = Path(app.config["UPLOAD_FOLDER"])
    for version in db.session.scalars(select(ResourceVersion)):
        assert (folder / version.stored_name).stat().st_size == version.size
    again = runner.invoke(args=["seed", "demo"])
    assert "resources: 0 created" in again.output and "case studies: 0 created" in again.output
