"""Resources join the search index: published ones only, at their own visibility.

The document carries the description, the reuse details and the text of the current file
(extracted by the search package outside the upload request and cached by the file's hash).
"""

from markupsafe import escape

from app.publishing.searchable import base_document, published_search_type
from app.resources.models import Resource
from app.search import attachment_text, register


def resource_document(item):
    """Searchable text of a published resource, or None."""
    extra = " ".join(filter(None, [item.audience, item.reuse_terms, item.licence_label]))
    document = base_document(item, item.type_label, f"{item.description_html}<p>{escape(extra)}</p>")
    version = item.current_version
    if document is not None and version is not None:
        document.attachments.append((version.original_name, attachment_text(version.stored_name, version.sha256)))
    return document


register(published_search_type(Resource, "Resource", resource_document))
