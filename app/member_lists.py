"""A member's list of things, by kind: the one base under Saved items (app/saved) and Following
(app/following), which differ only in their table, their kinds and their words.

- A list is a table of `ItemRef` rows (a member, a kind, an id; one row per member and item) and a
  `KindRegistry` of the kinds features register into it, each an `ItemKind` that loads the items a
  member may see as `ItemView`s (title, address, one line about it).
- `MemberList` joins the two: adding a row once, removing one, counts per kind, a page of the
  list newest first (one query per kind on the page), and the member's data-export section.
- `list_page` serves a list's page (`?type=` facet, `?page=`) and `back_to` the page a button was
  on; templates/layouts/member_list.html is the page both lists extend.

Items the member can no longer see stay listed as "no longer available" until removed, unless
their kind gives `listed(user)`: then only rows whose ids are in that SQL select are listed and
counted at all. This module sits below the shared services and names no feature.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, render_template, request, url_for
from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.routing import page_arg, paginate_within
from app.security import safe_next

PER_PAGE = 20


@dataclass(frozen=True)
class ItemView:
    """How a list page shows one item."""

    title: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class ItemKind:
    """One kind of listable item: `load(ids, user)` returns {id: ItemView} for those the member may
    see; `listed(user)`, when given, is a SQL select of the ids whose rows are listed at all."""

    kind: str
    label: str
    plural: str
    load: Callable
    listed: Callable | None = None

    @classmethod
    def for_model(cls, kind, label, plural, model, shown_to, view, where=None, options=(), listed=None):
        """A kind whose items are rows of `model` (optionally narrowed by `where`), loaded by id in one query."""

        def load(ids, user):
            if not ids:
                return {}
            stmt = select(model).where(model.id.in_(ids)).options(*options)
            if where is not None:
                stmt = stmt.where(where)
            return {row.id: view(row) for row in db.session.scalars(stmt) if shown_to(row, user)}

        return cls(kind, label, plural, load, listed)


class KindRegistry:
    """The kinds one list accepts, by name."""

    def __init__(self):
        self._kinds: dict[str, ItemKind] = {}

    def register(self, item_kind):
        """Add (or replace) a kind."""
        self._kinds[item_kind.kind] = item_kind
        return item_kind

    def unregister(self, kind):
        """Remove a kind (tests register small kinds and take them away again)."""
        return self._kinds.pop(kind, None)

    def kinds(self):
        """Every registered kind, in the order of their plural labels."""
        return sorted(self._kinds.values(), key=lambda k: k.plural)

    def kind_for(self, kind):
        """The registered kind called `kind`, or None."""
        return self._kinds.get(kind)


class MemberList:
    """The rows of `model` (an `ItemRef` with `user_id` and `created_at`) for the kinds in `registry`."""

    def __init__(self, model, registry):
        self.model = model
        self.registry = registry

    def row(self, user_id, kind, object_id):
        """The member's row for the item, or None."""
        model = self.model
        return db.session.scalar(
            select(model).where(model.user_id == user_id, model.kind == kind, model.object_id == object_id)
        )

    def visible_kind_or_404(self, user, kind, object_id):
        """The registered kind, when the item exists and the member may see it; 404 otherwise."""
        item_kind = self.registry.kind_for(kind)
        if item_kind is None or object_id not in item_kind.load([object_id], user):
            abort(404)
        return item_kind

    def add(self, user, kind, object_id):
        """Put the item on the member's list (a second time keeps one row) and commit."""
        if self.row(user.id, kind, object_id) is None:
            db.session.add(self.model(user_id=user.id, kind=kind, object_id=object_id))
            try:
                db.session.commit()
            except IntegrityError:  # added at the same moment in another tab: one row is enough
                db.session.rollback()

    def remove(self, user, kind, object_id):
        """Take an item off the member's list (even one they can no longer see) and commit; 404 for
        an unknown kind or an item not on it."""
        if self.registry.kind_for(kind) is None:
            abort(404)
        row = self.row(user.id, kind, object_id)
        if row is None:
            abort(404)
        db.session.delete(row)
        db.session.commit()

    def _listed(self, user):
        """SQL condition on the rows: a registered kind, and an item its kind still lists to the member."""
        model, kinds = self.model, self.registry.kinds()
        plain = [k.kind for k in kinds if k.listed is None]
        where = [model.kind.in_(plain)] if plain else []
        where += [
            and_(model.kind == k.kind, model.object_id.in_(k.listed(user))) for k in kinds if k.listed is not None
        ]
        return or_(false(), *where)

    def counts(self, user):
        """{kind: how many rows the member has} for registered kinds, counting only what is listed (one query)."""
        model = self.model
        rows = db.session.execute(
            select(model.kind, func.count(model.id))
            .where(model.user_id == user.id, self._listed(user))
            .group_by(model.kind)
        ).all()
        return dict(rows)

    def page(self, user, kind=None, page=1, per_page=PER_PAGE):
        """(pagination, [(row, ItemView or None)]) newest first; one query per kind on the page."""
        model = self.model
        stmt = select(model).where(model.user_id == user.id, self._listed(user))
        if kind is not None:
            stmt = stmt.where(model.kind == kind)
        stmt = stmt.order_by(model.created_at.desc(), model.id.desc())
        pagination = paginate_within(stmt, page, per_page)  # a page past the end is the last page
        views = {}
        for item_kind in self.registry.kinds():
            ids = [row.object_id for row in pagination.items if row.kind == item_kind.kind]
            if ids:
                views[item_kind.kind] = item_kind.load(ids, user)
        return pagination, [(row, views.get(row.kind, {}).get(row.object_id)) for row in pagination.items]

    def export(self, user, when):
        """Every row of the member's, oldest first: the kind, the item's title and address while they
        can still see it, and the moment under the key `when`."""
        model = self.model
        rows = db.session.scalars(
            select(model).where(model.user_id == user.id).order_by(model.created_at, model.id)
        ).all()
        views = {}
        for kind in {row.kind for row in rows}:
            item_kind = self.registry.kind_for(kind)
            if item_kind is not None:
                views[kind] = item_kind.load([row.object_id for row in rows if row.kind == kind], user)
        items = []
        for row in rows:
            view = views.get(row.kind, {}).get(row.object_id)
            items.append(
                {
                    "kind": row.kind,
                    "title": view.title if view else None,
                    "url": view.url if view else None,
                    when: row.created_at.isoformat(),
                }
            )
        return items


def back_to(endpoint):
    """The page a button was on (`next`, a path on this site), or the page at `endpoint`."""
    return safe_next(request.form.get("next", ""), url_for(endpoint))


def list_page(template, member_list, user, **context):
    """The member's list page: newest first, a facet per kind (`?type=`; an unknown one is all)."""
    registry = member_list.registry
    kind = request.args.get("type") or None
    if kind is not None and registry.kind_for(kind) is None:
        kind = None
    pagination, rows = member_list.page(user, kind, page=page_arg())
    return render_template(
        template,
        pagination=pagination,
        rows=rows,
        kind=kind,
        kinds=registry.kinds(),
        counts=member_list.counts(user),
        **context,
    )
