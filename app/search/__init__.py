"""Full-text search behind one seam: the only package that imports whoosh.

The rest of the app talks to `search` (a SearchService) and to `registry` (how a content
type joins the index). See app/search/registry.py for adding a type, and
`attachment_text(stored_name, sha256)` for indexing the text inside an uploaded file (and
`attachment_notice(sha256)` for telling its owner when that text could not be indexed).
"""

from app.search import onboarding, outbox  # noqa: F401  (session listeners; the getting-started check)
from app.search.extract import attachment_notice, attachment_text
from app.search.index_service import SearchService, search
from app.search.outbox import touch
from app.search.registry import SearchableType, SearchDocument, register, unregister
from app.search.routes import bp

__all__ = [
    "SearchService",
    "search",
    "touch",
    "register",
    "unregister",
    "attachment_text",
    "attachment_notice",
    "SearchDocument",
    "SearchableType",
    "bp",
]
