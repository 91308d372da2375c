"""Content types register here to join the search index (a few lines per type).

A feature describes its type once, in its own package, for example app/events/searchable.py:

    register(SearchableType(
        kind="event", label="Event", model=Event,
        to_document=event_document,      # obj -> SearchDocument, or None when not searchable
        all_objects=lambda: Event.query,  # everything that may be searchable, for reindex/check
    ))

When a type's document also holds text from other rows (a thread's replies), say so once with
`register_related(Reply, "thread", lambda reply: [reply.thread_id])`: every insert, update
or delete of such a row then re-indexes the objects it names, in the same transaction.

`to_document` decides visibility: return None for drafts, unlisted profiles and the like, and
the document is removed from the index. Changes are picked up automatically whenever a
registered model's row is inserted, updated or deleted (see app/search/outbox.py); call
`search.touch(obj)` after changing only related rows (tags, child tables).

Files: put `(label, attachment_text(stored_name, sha256))` pairs in `attachments`
(`from app.search import attachment_text`). The text is extracted once per file content
(cached by SHA-256), never inside the request that uploaded the file, and a file that
cannot be read is logged and simply contributes no text.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class SearchDocument:
    """What the index stores about one object. Text fields are plain text (no HTML)."""

    title: str
    url: str
    summary: str = ""
    body: str = ""
    # "public" (anyone), "members" (verified members only: app.auth.access) or
    # "group:<key>" (members of one closed group, such as a private space, only:
    # app.auth.access.group_visibility and viewer_groups).
    visibility: str = "members"
    # Facet values, each a list of display names: type, element, theme, topic, sector, region.
    facets: dict[str, list[str]] = field(default_factory=dict)
    # Sort date (published, event start); timezone-aware UTC.
    date: datetime | None = None
    # For events: True while upcoming. None for other types.
    upcoming: bool | None = None
    # Extra text, e.g. extracted from uploaded files: (label, text) pairs.
    attachments: list[tuple[str, str]] = field(default_factory=list)
    # The id of the original (of the same type) this was adapted from: results show the
    # adaptations grouped under their original instead of as near-duplicate equals.
    adapted_from_id: int | None = None


# What a type is to the relevance rules (app/search/ranking.py): tools (case studies,
# resources) rank above people unless the query asks for people; events once past go last.
ROLES = ("tool", "people", "event", "discussion", "other")


@dataclass(frozen=True)
class SearchableType:
    kind: str
    label: str
    model: type
    to_document: Callable[[object], SearchDocument | None]
    all_objects: Callable[[], Iterable[object]]
    role: str = "other"  # one of ROLES


TYPES: dict[str, SearchableType] = {}


def register(searchable):
    """Add (or replace) a searchable type."""
    TYPES[searchable.kind] = searchable
    return searchable


def type_for_model(model_class):
    """The registered type of a model class, or None."""
    for searchable in TYPES.values():
        if searchable.model is model_class:
            return searchable
    return None


@dataclass(frozen=True)
class RelatedRows:
    """Rows of `model` whose changes re-index objects of type `kind`: `parents(row)` gives
    their ids. It runs while the session flushes (attribute history is still readable), so it
    may read the database but must not change it."""

    model: type
    kind: str
    parents: Callable[[object], Iterable[int]]


RELATED: list[RelatedRows] = []


def register_related(model, kind, parents):
    """Re-index objects of type `kind` whenever a row of `model` changes (see RelatedRows)."""
    related = RelatedRows(model, kind, parents)
    RELATED[:] = [r for r in RELATED if (r.model, r.kind) != (model, kind)] + [related]
    return related


def related_for_model(model_class):
    """The RelatedRows registered for a model class (often none)."""
    return [related for related in RELATED if related.model is model_class]


def unregister(kind):
    """Remove a searchable type (tests register small types and take them away again)."""
    return TYPES.pop(kind, None)
