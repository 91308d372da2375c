"""Resources join the search index: published ones only, at their own visibility.

The current file's text is extracted by the search package from ResourceVersion.stored_name
and .mimetype; here the document carries the description and the reuse details.
"""

from markupsafe import escape

from app.publishing.searchable import base_document
from app.resources.models import Resource
from app.search import SearchableType, register


def resource_document(item):
    """Searchable text of a published resource, or None."""
    extra = " ".join(filter(None, [item.audience, item.reuse_terms, item.licence_label]))
    return base_document(item, item.type_label, f"{item.description_html}<p>{escape(extra)}</p>")


register(
    SearchableType(
        kind=Resource.kind,
        label="Resource",
        model=Resource,
        to_document=resource_document,
        all_objects=lambda: Resource.query.filter(Resource.status == "published"),
    )
)
