"""Case studies join the search index: published ones only, at their own visibility."""

from markupsafe import escape

from app.case_studies.models import CaseStudy
from app.publishing.searchable import base_document
from app.search import SearchableType, register


def case_study_document(item):
    """Searchable text of a published case study, or None."""
    sections = "\n".join(html for _heading, html in item.sections)
    measures = " ".join(
        f"<p>{escape(m.metric)} {escape(m.unit or '')} {escape(m.source or '')}</p>" for m in item.measures
    )
    extra = escape(" ".join(filter(None, [item.organisation, item.staff_groups, item.ics.name if item.ics else None])))
    return base_document(
        item,
        "Case study",
        f"{sections}{measures}<p>{extra}</p>",
        extra_facets={"sector": [item.sector.name] if item.sector else []},
    )


register(
    SearchableType(
        kind=CaseStudy.kind,
        label="Case study",
        model=CaseStudy,
        to_document=case_study_document,
        all_objects=lambda: CaseStudy.query.filter(CaseStudy.status == "published"),
    )
)
