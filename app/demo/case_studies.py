"""Demo case studies: 27 interventions with impact measures, co-authors and links to the
resources they used, and 8 adaptations by other organisations linked to the original."""

from datetime import timedelta

from sqlalchemy import select

from app.case_studies.models import SECTIONS, CaseStudy, ImpactMeasure
from app.content import render_markdown
from app.demo import lookups
from app.demo.case_studies_content import ADAPTATIONS, ORGANISATIONS, SCENARIOS
from app.demo.registry import DemoStep
from app.demo.resources_content import RESOURCES
from app.extensions import db
from app.publishing.models import utcnow
from app.publishing.services import slugify
from app.resources.models import Resource
from app.taxonomy.models import IntegratedCareSystem


def plan(rng):
    """One write-up per scenario, then the adaptations (of published originals, written later)."""
    items = []
    for n, scenario in enumerate(SCENARIOS):
        org = ORGANISATIONS[scenario.get("org", n * 2 % len(ORGANISATIONS))]
        items.append(_item(rng, n, org, scenario["title"], scenario.get("status")))
    for adaptation in ADAPTATIONS:
        original = items[adaptation["of"]]
        organisation = ORGANISATIONS[adaptation["org"]]
        item = _item(rng, adaptation["of"], organisation, adaptation["title"], adaptation.get("status"))
        item.update(
            adaptation=adaptation,
            adapted_from=slugify(original["title"]),
            original_organisation=original["organisation"][0],
            days_ago=max(2, original["days_ago"] - 20 - item["days_ago"] % 200),
        )
        items.append(item)
    return items


def _item(rng, n, org, title, status):
    """Published unless the data says otherwise (originals stay published: other demo modules
    and the relevance set link to them; a few adaptations wait in moderation)."""
    return {
        "scenario": n,
        "title": title,
        "organisation": org,
        "author": rng.randrange(10_000),
        "coauthors": [rng.randrange(10_000) for _ in range(rng.choice((0, 0, 1, 2)))],
        "status": status or "published",
        "public": rng.random() < 0.55,
        "days_ago": rng.randrange(3, 760),
        "overdue": rng.random() < 0.07,
    }


def apply(item):
    """Create one case study unless its slug exists."""
    scenario = dict(SCENARIOS[item["scenario"]])
    adaptation = item.get("adaptation")
    if adaptation:
        scenario["summary"] = adaptation["summary"]
        scenario["approach"] = (
            f"We adapted {scenario['title']} ({item['original_organisation']}). {adaptation['changed']}"
            f"\n\n{scenario['approach']}"
        )
    organisation, sector, region_name, ics_name = item["organisation"]
    title = item["title"]
    slug = slugify(title)
    if db.session.scalar(select(CaseStudy.id).where(CaseStudy.slug == slug)):
        return False
    original = (
        db.session.scalar(select(CaseStudy).where(CaseStudy.slug == item["adapted_from"])) if adaptation else None
    )
    with db.session.no_autoflush:
        _build(item, scenario, organisation, sector, region_name, ics_name, title, slug, original)
    return True


def _build(item, scenario, organisation, sector, region_name, ics_name, title, slug, original):
    author = lookups.member(item["author"])
    if item["scenario"] == 0 and "adaptation" not in item:
        author = lookups.by_email_local("member") or author  # the demo member has a story to show
    published = utcnow() - timedelta(days=item["days_ago"])
    study = CaseStudy(
        slug=slug,
        title=title,
        summary=scenario["summary"],
        organisation=organisation,
        staff_groups=scenario["staff"],
        cost_band=scenario["cost"],
        evaluation_method=scenario["evaluation"],
        visibility="public" if item["public"] else "members",
        status=item["status"],
        author_id=author.id if author else None,
        created_at=published - timedelta(days=10),
        updated_at=published,
        region=lookups.region(region_name),
        ics=db.session.scalar(select(IntegratedCareSystem).where(IntegratedCareSystem.name == ics_name)),
        adapted_from_id=original.id if original is not None else None,
    )
    sources = {
        "context": scenario["context"],
        "approach": scenario["approach"],
        "outcomes": scenario["outcomes"],
        "lessons": scenario["lessons"],
        "adapt": scenario["adapt"],
    }
    for stem, _heading in SECTIONS:
        setattr(study, f"{stem}_md", sources[stem])
        setattr(study, f"{stem}_html", render_markdown(sources[stem]))
    sectors = lookups.terms("sector", [sector])
    study.sector = sectors[0] if sectors else None
    study.terms = [
        *lookups.terms("topic", scenario["topics"]),
        *lookups.terms("framework_element", scenario["elements"]),
        *lookups.terms("people_promise_theme", scenario["themes"]),
    ]
    for position, (metric, before, after, unit, period, source) in enumerate(scenario["measures"]):
        factor = item["adaptation"]["scale"] if "adaptation" in item else 1
        study.measures.append(
            ImpactMeasure(
                position=position,
                metric=metric,
                baseline=round(before * factor, 1),
                result=round(after * factor, 1),
                unit=unit,
                period=period,
                source=source,
            )
        )
    coauthors = [lookups.member(i) for i in item["coauthors"]]
    study.coauthors = [u for u in {u.id: u for u in coauthors if u}.values() if not author or u.id != author.id]
    slugs = [slugify(RESOURCES[i][0]) for i in scenario["resources"]]
    study.resources = db.session.scalars(
        select(Resource).where(Resource.slug.in_(slugs), Resource.status == "published")
    ).all()
    lookups.settle_review(
        study,
        item["status"],
        published,
        item["overdue"],
        "moderator2",
        "Please add the source of your sickness absence figures and the period they cover.",
    )
    db.session.add(study)


STEP = DemoStep("case studies", plan, apply)
