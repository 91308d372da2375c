"""Kinds of item a member can save for later register here, each from its own feature package.

A feature registers a kind in one call, for example in app/events/saveable.py:

    register(SaveableKind.for_model("event", "Event", "Events", Event, shown_to=..., view=...))

`shown_to(row, user)` says whether the member may (still) see the row, and `view(row)` gives the
`SavedView` (title, address, one line about it) the Saved page lists. Items the member can no
longer see stay on their list as "no longer available" until they remove them, unless the kind
gives `listed(user)`: then only saved items whose ids are in that SQL select are listed and
counted at all (a private space's threads vanish for a member who left it, and come back if
they rejoin). The kinds and views are app/member_lists.py's, shared with Following; this module
(a shared service) names no feature.
"""

from app.member_lists import ItemKind, ItemView, KindRegistry

SavedView = ItemView
SaveableKind = ItemKind

REGISTRY = KindRegistry()
register, unregister, kinds, kind_for = REGISTRY.register, REGISTRY.unregister, REGISTRY.kinds, REGISTRY.kind_for
