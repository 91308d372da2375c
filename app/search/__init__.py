"""Full-text search behind one seam: the only package that imports whoosh.

The rest of the app talks to `search` (a SearchService) and to `registry` (how a content
type joins the index). See app/search/registry.py for adding a type.
"""

from app.search import outbox  # noqa: F401  (registers the session listeners)
from app.search.outbox import touch
from app.search.registry import SearchableType, SearchDocument, register
from app.search.service import SearchService

search = SearchService()

__all__ = ["search", "touch", "register", "SearchDocument", "SearchableType"]
