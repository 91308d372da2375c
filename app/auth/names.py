"""The one rule for showing a member to anyone else: the name they chose to be known by.

A feature that lets members choose a public name (the directory's display name) registers a
source with `name_source`; `public_name` asks each source and falls back to the account name.
Pages, emails, exports and lists that show another member all go through `public_name`.
A feature that sets public names also registers a `name_finder`, so that members can be
found by the name others see (`find_by_public_names`). Likewise a feature with member
profiles registers `profile_source`, so a link to a member
(an @mention, say) goes to their profile through `profile_url` without naming that feature.
"""

FORMER_MEMBER = "Former member"

_sources = []
_profile_sources = []
_finders = []


def name_source(source):
    """Register `source(user) -> str | None`, consulted before the account name."""
    if source not in _sources:
        _sources.append(source)
    return source


def public_name(user):
    """The name others see: a chosen display name where set, else the account name."""
    if user is None:
        return FORMER_MEMBER
    for source in _sources:
        name = source(user)
        if name:
            return name
    return user.name


def profile_source(source):
    """Register `source(user) -> str | None`: the address of the member's profile, if they have one."""
    if source not in _profile_sources:
        _profile_sources.append(source)
    return source


def profile_url(user):
    """The address of `user`'s profile page, or None when no feature has one for them."""
    if user is None:
        return None
    for source in _profile_sources:
        url = source(user)
        if url:
            return url
    return None


def name_finder(finder):
    """Register `finder(lower_names) -> [User]`: the accounts whose chosen public name is one of them."""
    if finder not in _finders:
        _finders.append(finder)
    return finder


def find_by_public_names(lower_names, candidates=()):
    """{lower-case public name: User} for the `lower_names` that name a member, checking each
    account's current public name (so an account name hidden behind a chosen name does not match).
    `candidates` are accounts already found by their account name."""
    found = {}
    people = list(candidates)
    for finder in _finders:
        people.extend(finder(lower_names))
    for user in sorted(people, key=lambda person: person.id):
        name = public_name(user).lower()
        if name in lower_names:
            found.setdefault(name, user)
    return found
