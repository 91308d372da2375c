"""Turn a case study or resource into a search document, and register its type (shared by both)."""

from app.content import plain_text
from app.publishing.models import VISIBILITIES
from app.search import SearchableType, SearchDocument

FACET_VOCABULARIES = {
    "element": "framework_element",
    "theme": "people_promise_theme",
    "topic": "topic",
    "sector": "sector",
}


def base_document(item, type_label, body_html, extra_facets=None):
    """The document for a published item, or None for anything else (drafts never leave the author)."""
    if item.status != "published" or item.visibility not in VISIBILITIES:
        return None
    facets = {"type": [type_label]}
    for name, vocabulary in FACET_VOCABULARIES.items():
        facets[name] = [term.name for term in item.terms_of(vocabulary)]
    facets["region"] = [item.region.name] if item.region else []
    for name, values in (extra_facets or {}).items():
        facets[name] = sorted(set(facets.get(name, [])) | set(values))
    return SearchDocument(
        title=item.title,
        url=item.path,
        summary=item.summary,
        body=plain_text(body_html),
        visibility=item.visibility,
        facets=facets,
        date=item.published_at,
        adapted_from_id=item.adapted_from_id,
    )


def published_search_type(model, label, to_document):
    """How a publishable type joins the search index: its published items, as `to_document` makes them."""
    return SearchableType(
        kind=model.kind,
        label=label,
        model=model,
        to_document=to_document,
        all_objects=lambda: model.query.filter(model.status == "published"),
        role="tool",
    )
