"""@mentions: members named in a post by their public name, resolved once, when the post is saved.

`@Priya Shah` names the member whose public name is "Priya Shah". A name is one to four words
after the @; the longest one that names a verified member wins, so "@Priya Shah thanks" finds
Priya Shah. At most MAX_MENTIONS different names are looked up per post (one query), so a post
holding ten thousand @s costs what one with twenty does. Resolved mentions become links to the
member's profile where they have one (`app.auth.names.profile_url`), and Mention rows.
"""

import re

from markupsafe import escape
from sqlalchemy import func, select

from app.auth.access import can_see_members_content
from app.auth.models import User
from app.auth.names import find_by_public_names, profile_url, public_name
from app.extensions import db

MAX_MENTIONS = 20
MAX_WORDS = 4
_WORD = r"[^\W\d_][\w'’.-]*"
_MENTION = re.compile(rf"(?<![\w@])@({_WORD}(?:[ \t]+{_WORD}){{0,{MAX_WORDS - 1}}})")


def _candidates(text):
    """Each @ with the names it might start (longest first), for at most MAX_MENTIONS @s."""
    found = []
    for match in _MENTION.finditer(text or ""):
        words = match.group(1).split()
        names = [" ".join(words[:n]).rstrip(".'’-") for n in range(len(words), 0, -1)]
        found.append((match, names))
        if len(found) >= MAX_MENTIONS:
            break
    return found


def resolve(text):
    """{lower-case name: User} for the verified, active members the @s in `text` name (one query)."""
    candidates = _candidates(text)
    names = {name.lower() for _, options in candidates for name in options if name}
    if not names:
        return {}
    by_account_name = db.session.scalars(select(User).where(func.lower(User.name).in_(sorted(names)))).all()
    people = find_by_public_names(names, by_account_name)
    return {name: user for name, user in people.items() if can_see_members_content(user)}


def mentioned_users(text):
    """The members `text` mentions, in order of first mention, without repeats."""
    people = resolve(text)
    chosen = {}
    for _, options in _candidates(text):
        for name in options:
            user = people.get(name.lower())
            if user is not None:
                chosen.setdefault(user.id, user)
                break
    return list(chosen.values())


def link_mentions(html, people):
    """`html` (already sanitised) with each resolved @name turned into a link to the profile, or
    bold where the member has no profile. Only names found by `resolve` are touched; the name
    shown is the member's own, escaped, so nothing from the post becomes markup."""
    if not people:
        return html
    # The sanitiser may have escaped characters of a name (an apostrophe, an ampersand).
    by_text = {}
    for user in people.values():
        by_text.setdefault(public_name(user).lower(), user)
        by_text.setdefault(str(escape(public_name(user))).lower(), user)
    names = sorted(by_text, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w@/])@(" + "|".join(re.escape(name) for name in names) + r")(?!\w)", re.IGNORECASE)

    def replace(match):
        user = by_text.get(match.group(1).lower())
        if user is None:
            return match.group(0)
        url = profile_url(user)
        shown = escape(public_name(user))
        if url:
            return f'<a class="app-mention" href="{escape(url)}">@{shown}</a>'
        return f'<strong class="app-mention">@{shown}</strong>'

    # Never inside a tag or an existing link: split the HTML into text runs outside <a>…</a> and tags.
    parts = re.split(r"(<a\b.*?</a>|<[^>]+>)", html, flags=re.DOTALL)
    return "".join(part if part.startswith("<") else pattern.sub(replace, part) for part in parts)
