"""Who counts as a member, and who may reach whom: the one rule for each.

Members-only content (practitioner profiles, members-only case studies, resources, events,
their files, their search documents, facet counts, snippets and every feed built from them)
is for accounts that are signed in, active and have a verified email address. Every feature
asks `can_see_members_content`, for the person asking or, for a feed read without signing
in, for the feed's owner as they are now.

Reaching a member (a message, a reply, a request, an email about something someone did to
their content) goes through `reach_refusal`. Features add their own reasons to refuse with
`register_reach_check`; the directory adds blocks, in either direction.
"""

from flask import abort
from werkzeug.exceptions import Forbidden

from app.extensions import login_manager

VERIFY_TO_SEE = (
    "Only members who have verified their email address can see this. "
    "Use the link in the email we sent you, or ask for a new one on your account page."
)


class MembersOnly(Forbidden):
    """403 for a signed-in account that is not (or no longer) a verified, active member."""

    description_for_user = VERIFY_TO_SEE


def can_see_members_content(user):
    """True for a signed-in, active account with a verified email address; False for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_active and user.is_verified)


def refuse_members_only(user):
    """Stop the request: anonymous visitors go to sign in, other accounts get a 403 saying why."""
    if user is None or not getattr(user, "is_authenticated", False):
        abort(login_manager.unauthorized())
    raise MembersOnly()


_REACH_CHECKS = []


def register_reach_check(check):
    """Add `check(actor_id, target_id)`, which returns a sentence saying why not, or None."""
    if check not in _REACH_CHECKS:
        _REACH_CHECKS.append(check)
    return check


def reach_refusal(actor_id, target_id):
    """Why `actor_id` may not reach `target_id` (a sentence), or None when they may."""
    for check in _REACH_CHECKS:
        refusal = check(actor_id, target_id)
        if refusal is not None:
            return refusal
    return None


# -- closed groups ----------------------------------------------------------------------------
# Some content is for the members of one closed group only (a private space). Its search
# documents carry the visibility "group:<key>"; the feature that owns the groups registers a
# provider naming the keys of the groups a member belongs to, and every reader of members-only
# content (results, snippets, facet counts, suggestions, saved-search alerts and feeds) asks
# `viewer_groups` for the person asking, or for a feed's owner as they are now.
GROUP_PREFIX = "group:"
_GROUP_PROVIDERS = []


def group_visibility(key):
    """The visibility value of content only members of the group `key` may see."""
    return f"{GROUP_PREFIX}{key}"


def register_group_provider(provider):
    """Add `provider(user)`, which returns the keys of the closed groups `user` belongs to."""
    if provider not in _GROUP_PROVIDERS:
        _GROUP_PROVIDERS.append(provider)
    return provider


def unregister_group_provider(provider):
    """Remove a provider (tests add small ones and take them away again)."""
    if provider in _GROUP_PROVIDERS:
        _GROUP_PROVIDERS.remove(provider)


def viewer_groups(user):
    """The closed groups whose content `user` may see: none unless a verified, active member."""
    if not can_see_members_content(user):
        return frozenset()
    keys = set()
    for provider in _GROUP_PROVIDERS:
        keys.update(str(key) for key in provider(user) or ())
    return frozenset(keys)


_MEMBER_LOOKUPS = []


def register_member_lookup(lookup):
    """Add `lookup(handle)`, which returns the `User` a handle names (a profile's address or
    name, say) when that member may be written to by other members, or None."""
    if lookup not in _MEMBER_LOOKUPS:
        _MEMBER_LOOKUPS.append(lookup)
    return lookup


def messageable_member(handle):
    """The member `handle` names, if a registered lookup knows them and they may be messaged."""
    for lookup in _MEMBER_LOOKUPS:
        user = lookup(handle)
        if user is not None:
            return user
    return None
