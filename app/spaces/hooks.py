"""The spaces feature's answers to the shared layer: which private spaces a member belongs to
(for search, app.auth.access.register_group_provider) and what events may ask about spaces
(app.auth.spaces.register_space_hooks). The rules themselves live in app/spaces/access.py."""

from sqlalchemy import select

from app.auth.access import group_visibility, register_group_provider
from app.auth.spaces import SpaceHooks, SpaceRef, register_space_hooks
from app.extensions import db
from app.spaces.access import SEEING_STATUSES, can_view_space, is_moderator
from app.spaces.models import Space, SpaceMember


def group_key(space_id):
    """The closed-group key of a private space (its content's visibility is "group:<key>")."""
    return f"space-{space_id}"


def space_visibility(space):
    """The search visibility of content in `space`: its members' only when the space is private."""
    return group_visibility(group_key(space.id)) if space.is_private else "public"


def private_space_keys(user):
    """Group keys of the private spaces whose content `user` may see (all of them for moderators)."""
    stmt = select(Space.id).where(Space.join_policy == "private")
    if not is_moderator(user):
        mine = select(SpaceMember.space_id).where(
            SpaceMember.user_id == user.id, SpaceMember.status.in_(SEEING_STATUSES)
        )
        stmt = stmt.where(Space.id.in_(mine))
    return [group_key(space_id) for space_id in db.session.scalars(stmt)]


def hidden_space_ids(user):
    """A SELECT of the ids of the private spaces `user` may not see (anyone: every private one)."""
    stmt = select(Space.id).where(Space.join_policy == "private")
    if is_moderator(user):
        return stmt.where(Space.id.is_(None))
    if not getattr(user, "is_authenticated", False):
        return stmt
    mine = select(SpaceMember.space_id).where(SpaceMember.user_id == user.id, SpaceMember.status.in_(SEEING_STATUSES))
    return stmt.where(Space.id.not_in(mine))


def may_see_space_content(user, space_id):
    """Content attached to an open or on-request space follows its own rules; a private space's
    content is for those who may see the space."""
    space = db.session.get(Space, space_id)
    if space is None:
        return False
    return not space.is_private or can_view_space(space, user)


def managed_space_choices(user):
    """(id, name) of the spaces `user` manages, by name: every space for site moderators."""
    stmt = select(Space.id, Space.name).order_by(Space.name, Space.id)
    if not is_moderator(user):
        managed = select(SpaceMember.space_id).where(
            SpaceMember.user_id == user.id, SpaceMember.status == "active", SpaceMember.role == "manager"
        )
        stmt = stmt.where(Space.id.in_(managed))
    return [(space_id, name) for space_id, name in db.session.execute(stmt)]


def space_url(space):
    """The space page's address (a plain path, so it works outside a request, e.g. when indexing)."""
    return f"/spaces/{space.slug}"


def refs(space_ids):
    """{id: SpaceRef} for the spaces with these ids."""
    spaces = db.session.scalars(select(Space).where(Space.id.in_(list(space_ids)))).all()
    return {s.id: SpaceRef(id=s.id, name=s.name, url=space_url(s), visibility=space_visibility(s)) for s in spaces}


register_group_provider(private_space_keys)
register_space_hooks(
    SpaceHooks(
        hidden_ids=hidden_space_ids,
        may_see=may_see_space_content,
        managed=managed_space_choices,
        refs=refs,
    )
)
