"""Notifications about shared content: a case study or resource published or returned, and a
comment on one. Publishing and comments send signals (app/signals.py) and know nothing of
notifications; these receivers turn them into notifications in the same transaction."""

from app import signals
from app.auth.access import reach_refusal
from app.comments.paging import comment_path
from app.mail import site_url
from app.models_base import utcnow
from app.notifications.services import fan_out, notify
from app.publishing.services import absolute_url


@signals.item_published.connect
def _published(item, **_):
    _tell_author(item, f"Your {item.label} has been published", "kb_published")
    _announce(item)


@signals.item_returned.connect
def _returned(item, reason, **_):
    _tell_author(item, f"Your {item.label} needs changes before it is published", "kb_returned", reason=reason)


@signals.comment_added.connect
def _commented(comment, item, author, **_):
    """Tell the item's author (unless they wrote it, or a block stands between them)."""
    if item.author is None or item.author_id == author.id or reach_refusal(author.id, item.author_id) is not None:
        return
    notify(
        [item.author],
        "comment",
        f"comment:{comment.id}",
        f"New comment on your {item.label}: {item.title}",
        comment_path(item, comment.id),
        actor=author,
        target=(item.kind, item.id),
        email=(
            "kb_comment",
            {"item": item, "comment": comment, "commenter": author, "link": site_url(comment_path(item, comment.id))},
        ),
    )


def _tell_author(item, subject, template, **context):
    """Tell the author their item was published or returned (emailed as their settings say)."""
    if item.author is not None:
        notify(
            [item.author],
            "item_status",
            f"{item.kind}-{item.status}:{item.id}:{int(utcnow().timestamp() * 1000)}",
            subject,
            item.path,
            target=(item.kind, item.id) if item.status == "published" else (None, None),
            email=(template, {"item": item, "link": absolute_url(item), **context}),
        )


def _announce(item):
    """A newly published item reaches the followers of its topics, element, theme, region and author."""
    audience = [(term.vocabulary, term.id) for term in item.terms]
    audience += [("region", item.region_id), ("member", item.author_id)]  # fan_out skips a missing one
    fan_out(
        audience,
        "new_content",
        f"{item.kind}:{item.id}",
        f"New {item.label}: {item.title}",
        item.path,
        actor=item.author_id,
        target=(item.kind, item.id),
    )
