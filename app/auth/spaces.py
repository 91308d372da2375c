"""What other features may ask about spaces (communities), answered by the spaces feature.

An event may belong to a space, and a private space's events are for its members only
(lists, pages, booking, search and calendar feeds). The events feature must not import the
spaces feature, so it asks here; the spaces feature registers the answers when imported
(`register_space_hooks`). Until something registers (a site built without spaces), nothing
in a space may be seen, no event form offers a space, and content outside spaces is as before.

The space page lists the space's upcoming events through `upcoming_space_events`, which the
events feature fills. A member's practitioner profile is read the same way: the directory
registers a reader of `MemberFacts` (region, solo status, and the terms of their professions,
specialisms, roles and sector), so "spaces for you" needs no import of the directory.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import or_


@dataclass(frozen=True)
class SpaceRef:
    """How content in a space shows which space it is in, and who may find it in search."""

    id: int
    name: str
    url: str
    # "public" for open and on-request spaces, "group:<key>" for a private space (see
    # app.auth.access.group_visibility): the visibility of its content's search documents.
    visibility: str = "public"

    @property
    def is_private(self):
        return self.visibility != "public"


@dataclass(frozen=True)
class SpaceHooks:
    """The answers the spaces feature gives. Each takes the person asking (maybe anonymous)."""

    # user -> a SQL SELECT of the ids of the spaces whose content `user` may not see.
    hidden_ids: Callable
    # (user, space_id) -> True when `user` may see (and take part in) the space's content.
    may_see: Callable
    # user -> [(space id, name)] of the spaces `user` manages, to offer on forms.
    managed: Callable
    # [space ids] -> {id: SpaceRef} for those that exist.
    refs: Callable


_HOOKS: list[SpaceHooks] = []


def register_space_hooks(hooks):
    """Install the spaces feature's answers (one set; a second call replaces the first)."""
    _HOOKS[:] = [hooks]
    return hooks


def _hooks():
    return _HOOKS[0] if _HOOKS else None


def visible_in_spaces(column, user):
    """A SQL condition on a nullable `space_id` column: outside any space, or in a space
    `user` may see. One condition, so a list stays one query."""
    hooks = _hooks()
    if hooks is None:
        return column.is_(None)
    return or_(column.is_(None), column.not_in(hooks.hidden_ids(user)))


def may_see_space(user, space_id):
    """True when content in the space `space_id` (None: no space) is for `user`."""
    if space_id is None:
        return True
    hooks = _hooks()
    return hooks is not None and bool(hooks.may_see(user, space_id))


def managed_spaces(user):
    """[(space id, name)] of the spaces `user` manages (site moderators manage them all)."""
    hooks = _hooks()
    if hooks is None or not getattr(user, "is_authenticated", False):
        return []
    return list(hooks.managed(user))


def space_refs(space_ids):
    """{space id: SpaceRef} for the given ids (unknown ids are left out)."""
    ids = {int(i) for i in space_ids if i is not None}
    hooks = _hooks()
    if hooks is None or not ids:
        return {}
    return dict(hooks.refs(sorted(ids)))


def space_ref(space_id):
    """The SpaceRef of one space, or None."""
    return space_refs([space_id]).get(space_id) if space_id is not None else None


# -- a space's upcoming events, as the events feature lists them -------------------------------


@dataclass(frozen=True)
class SpaceEvent:
    """One upcoming event of a space, as the space page shows it."""

    title: str
    url: str
    starts_at: object  # aware datetimes (UTC)
    ends_at: object
    summary: str = ""
    format_label: str = ""


_EVENT_LISTERS: list[Callable] = []


def register_space_events(lister):
    """Install `lister(space_id, user, limit)`, which returns the space's next SpaceEvents that
    `user` may see, soonest first (the events feature registers it)."""
    _EVENT_LISTERS[:] = [lister]
    return lister


def upcoming_space_events(space_id, user, limit=5):
    """The next events of the space `space_id` that `user` may see ([] without an events feature)."""
    if not _EVENT_LISTERS:
        return []
    return list(_EVENT_LISTERS[0](space_id, user, limit))


# -- a member's profile, as the directory describes it ------------------------------------------


@dataclass(frozen=True)
class MemberFacts:
    """What a member's practitioner profile says about where and how they work. `term_ids` are
    the vocabulary terms of their professions, specialisms, roles held, mentoring topics and
    sector, to match against the tags of spaces (whose names say why a space matches)."""

    region_id: int | None = None
    region_name: str = ""
    is_solo: bool = False
    term_ids: frozenset[int] = field(default_factory=frozenset)


_FACT_READERS: list[Callable] = []


def register_member_facts(reader):
    """Install `reader(user_id)`, which returns MemberFacts or None (no profile)."""
    _FACT_READERS[:] = [reader]
    return reader


def member_facts(user):
    """The member's MemberFacts, or None when they have no profile (or nothing reads them)."""
    if not getattr(user, "is_authenticated", False) or not _FACT_READERS:
        return None
    return _FACT_READERS[0](user.id)
