"""Kinds of item a member can follow register here, each from the package that owns them.

    register(FollowableKind.for_model("space", "Space", "Spaces", Space, shown_to=..., view=...))

`shown_to(row, user)` says whether the member may see (and so follow) the row; `view(row)` gives
the `FollowView` (title, address) the Following page lists. The vocabularies (topics, framework
elements, People Promise themes) and regions are registered by this package itself
(app/following/taxonomy.py), since app/taxonomy is a shared service below no feature.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db


@dataclass(frozen=True)
class FollowView:
    """How the Following page shows one followed item."""

    title: str
    url: str


@dataclass(frozen=True)
class FollowableKind:
    """One kind of followable item: `load(ids, user)` returns {id: FollowView} for those the member may see."""

    kind: str
    label: str
    plural: str
    load: Callable

    @classmethod
    def for_model(cls, kind, label, plural, model, shown_to, view, where=None):
        """A kind whose items are rows of `model` (optionally narrowed by `where`), loaded in one query."""

        def load(ids, user):
            if not ids:
                return {}
            stmt = select(model).where(model.id.in_(ids))
            if where is not None:
                stmt = stmt.where(where)
            return {row.id: view(row) for row in db.session.scalars(stmt) if shown_to(row, user)}

        return cls(kind, label, plural, load)


_KINDS: dict[str, FollowableKind] = {}


def register(followable):
    """Add (or replace) a followable kind."""
    _KINDS[followable.kind] = followable
    return followable


def unregister(kind):
    return _KINDS.pop(kind, None)


def kinds():
    """Every registered kind, in the order of their plural labels."""
    return sorted(_KINDS.values(), key=lambda k: k.plural)


def kind_for(kind):
    return _KINDS.get(kind)
