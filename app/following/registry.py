"""Kinds of item a member can follow register here, each from the package that owns them.

    register(FollowableKind.for_model("space", "Space", "Spaces", Space, shown_to=..., view=...))

`shown_to(row, user)` says whether the member may see (and so follow) the row; `view(row)` gives
the `FollowView` (title, address) the Following page lists. The kinds and views are
app/member_lists.py's, shared with Saved items. The vocabularies (topics, framework elements,
People Promise themes) and regions are registered by this package itself
(app/following/taxonomy.py), since app/taxonomy is a shared service below no feature.
"""

from app.member_lists import ItemKind, ItemView, KindRegistry

FollowView = ItemView
FollowableKind = ItemKind

REGISTRY = KindRegistry()
register, unregister, kinds, kind_for = REGISTRY.register, REGISTRY.unregister, REGISTRY.kinds, REGISTRY.kind_for
