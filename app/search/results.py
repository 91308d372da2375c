"""What a search asks and answers, whichever backend runs it (Whoosh or PostgreSQL)."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup, escape

PAGE_SIZE = 10
MAX_PAGE = 50
WHEN = (("upcoming", "Upcoming"), ("past", "Past"))
SORTS = ("relevance", "date")
POOL = 50  # the best candidates by BM25F that the relevance rules (app/search/ranking.py) reorder
MAX_ADAPTATIONS_SHOWN = 5


@dataclass
class SearchRequest:
    """What was asked: text, facet filters, sort, page, whether the asker is a member and the
    closed groups (private spaces) they belong to (app.auth.access.viewer_groups)."""

    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    when: str = ""
    sort: str = "relevance"
    page: int = 1
    member: bool = False
    page_size: int = PAGE_SIZE
    groups: frozenset[str] = frozenset()
    # Adaptations shown under their original (the results page); saved-search alerts and feeds
    # list each one on its own, since a new adaptation is news to whoever saved the search.
    fold_adaptations: bool = True


@dataclass
class Hit:
    key: str
    kind: str
    label: str
    title: str
    url: str
    snippet: Markup
    date: datetime | None
    visibility: str
    snippet_source: str = ""
    past: bool = False  # a past event
    adaptation_count: int = 0  # adaptations of this item among the matches
    adaptations: list[tuple[str, str]] = field(default_factory=list)  # (title, url), the first few


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass
class SearchPage:
    request: SearchRequest
    text: str = ""
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: list[tuple[str, str, list[FacetValue]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    suggestion: str | None = None
    used_or: bool = False
    empty_query: bool = False

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.request.page_size))


def fallback_snippet(summary, body):
    """The start of the summary (or body), escaped, when no passage has a match to mark."""
    shown = summary or body or ""
    return escape(shown[:240] + ("…" if len(shown) > 240 else ""))
