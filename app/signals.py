"""Lifecycle signals: the seam through which each feature looks after its own rows.

A feature connects its receivers in its own package, when that package is imported; this
module names no feature. Both signals are sent with the member (a `User`) as the sender.

- `member_deleting`: sent inside the deletion transaction, before the account row goes.
  The foreign keys' ON DELETE rules remove or anonymise the rows that point at the member;
  a receiver does only what a database rule cannot (free event places, queue index changes,
  remove files once committed). Receivers never commit.
- `member_exporting`: each receiver returns `(section name, JSON-ready data)` for the
  member's data export.

Content signals, sent inside the transaction of what happened (receivers never commit), so
shared services can announce events without knowing who listens (notifications do):

- `item_published` / `item_returned`: a moderator published or returned a case study or
  resource; sender: the item (`reason=` for a return).
- `comment_added`: a member commented; sender: the Comment, with `item=` and `author=`.
"""

from blinker import Namespace

_signals = Namespace()

member_deleting = _signals.signal(
    "member-deleting",
    doc="A member's account is being deleted; sender: the User, in the open transaction.",
)
member_exporting = _signals.signal(
    "member-exporting",
    doc="A member exports their data; sender: the User; each receiver returns (section name, data).",
)

item_published = _signals.signal(
    "item-published", doc="A moderator published a publishable item; sender: the item, in the open transaction."
)
item_returned = _signals.signal(
    "item-returned", doc="A moderator returned an item for changes; sender: the item; reason=the moderator's words."
)
comment_added = _signals.signal(
    "comment-added", doc="A member commented on an item; sender: the Comment; item=, author=, in the open transaction."
)


def export_sections(user):
    """Every connected feature's export section for `user`, by section name."""
    sections = {}
    for receiver, (name, data) in member_exporting.send(user):
        if name in sections:
            raise ValueError(f"Two export receivers claim the section {name!r} ({receiver.__qualname__})")
        sections[name] = data
    return dict(sorted(sections.items()))
