"""Case studies join the search index: published ones only, at their own visibility."""

from markupsafe import escape

from app.case_studies.models import CaseStudy
from app.publishing.searchable import base_document, published_search_type
from app.search import register


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


register(published_search_type(CaseStudy, "Case study", case_study_document))
