"""The one rule for showing a member to anyone else: the name they chose to be known by.

A feature that lets members choose a public name (the directory's display name) registers a
source with `name_source`; `public_name` asks each source and falls back to the account name.
Pages, emails, exports and lists that show another member all go through `public_name`.
"""

FORMER_MEMBER = "Former member"

_sources = []


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
