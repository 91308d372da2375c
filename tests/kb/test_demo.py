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
    assert count(CaseStudy) == 35 and count(Resource) == 51
    assert count(ImpactMeasure) >= 60 and count(Comment) > 0 and count(ReuseRecord) > 0
    assert db.session.scalar(select(func.count()).where(CaseStudy.status == "published")) >= 25
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
    _no_near_duplicates_and_real_adaptations()
    again = runner.invoke(args=["seed", "demo"])
    assert "resources: 0 created" in again.output and "case studies: 0 created" in again.output


def _no_near_duplicates_and_real_adaptations():
    """No "(… version)" or "…: Organisation" copies; adaptations name a published original."""
    for model in (CaseStudy, Resource):
        titles = db.session.scalars(select(model.title)).all()
        assert not [t for t in titles if t.endswith(" version)") or ": " in t and t.split(": ")[0] in titles]
        adaptations = db.session.scalars(select(model).where(model.adapted_from_id.isnot(None))).all()
        assert len(adaptations) == 8, model
        for item in adaptations:
            assert item.adapted_from.status == "published" and item.title != item.adapted_from.title
            assert item.published_at is None or item.published_at > item.adapted_from.published_at


def test_demo_covers_what_practitioners_search_for(app, runner):
    """Each topic practitioners search for has a published case study with impact measures and
    a published resource with a real file."""
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    wanted = {
        "flu vaccination": ("flu",),
        "COVID vaccination": ("covid",),
        "sickness absence cost": ("sickness absence", "return on investment"),
        "menopause policy": ("menopause", "policy"),
        "MSK self-referral": ("msk self-referral",),
        "TRiM": ("trim",),
        "Schwartz rounds": ("schwartz rounds",),
        "violence and aggression": ("violence",),
        "night-shift fatigue": ("night",),
        "financial wellbeing": ("financial wellbeing",),
        "suicide postvention": ("postvention",),
    }
    studies = db.session.scalars(select(CaseStudy).where(CaseStudy.status == "published")).all()
    resources = db.session.scalars(select(Resource).where(Resource.status == "published")).all()

    def text(item):
        return f"{item.title} {item.summary}".lower()

    for topic, words in wanted.items():
        found = [s for s in studies if all(w in text(s) for w in words) and s.measures]
        assert found, topic
        assert all(m.baseline is not None and m.result is not None for s in found for m in s.measures), topic
        tools = [r for r in resources if all(w in text(r) for w in words[:1]) and r.versions]
        assert tools, topic
