"""Kinds of item a member can save for later register here, each from its own feature package.

A feature registers a kind in one call, for example in app/events/saveable.py:

    register(SaveableKind.for_model("event", "Event", "Events", Event, shown_to=..., view=...))

`shown_to(row, user)` says whether the member may (still) see the row, and `view(row)` gives the
`SavedView` (title, address, one line about it) the Saved page lists. Items the member can no
longer see stay on their list as "no longer available" until they remove them, unless the kind
gives `listed(user)`: then only saved items whose ids are in that SQL select are listed and
counted at all (a private space's threads vanish for a member who left it, and come back if
they rejoin). This module (a shared service) names no feature.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db


@dataclass(frozen=True)
class SavedView:
    """How the Saved page shows one item."""

    title: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class SaveableKind:
    """One kind of saveable item: `load(ids, user)` returns {id: SavedView} for those the member may see;
    `listed(user)`, when given, is a SQL select of the ids whose saved items are listed at all."""

    kind: str
    label: str
    plural: str
    load: Callable
    listed: Callable | None = None

    @classmethod
    def for_model(cls, kind, label, plural, model, shown_to, view, options=(), listed=None):
        """A kind whose items are rows of `model`, loaded by id in one query."""

        def load(ids, user):
            rows = db.session.scalars(select(model).where(model.id.in_(ids)).options(*options)) if ids else []
            return {row.id: view(row) for row in rows if shown_to(row, user)}

        return cls(kind, label, plural, load, listed)


_KINDS: dict[str, SaveableKind] = {}


def register(saveable):
    """Add (or replace) a saveable kind."""
    _KINDS[saveable.kind] = saveable
    return saveable


def unregister(kind):
    """Remove a kind (tests register small kinds and take them away again)."""
    return _KINDS.pop(kind, None)


def kinds():
    """Every registered kind, in the order of their plural labels."""
    return sorted(_KINDS.values(), key=lambda k: k.plural)


def kind_for(kind):
    """The registered kind called `kind`, or None."""
    return _KINDS.get(kind)
