"""The parts of a detail page every viewer of one visibility class sees the same, rendered once.

A case study's or resource's body (tags, sections, measures, linked items, related items) is
the same for every visitor who may see members-only content, and the same for every one who
may not; only the frame around it is personal (save, useful and follow state, edit links, the
comment form's CSRF token, invitations). `shared_parts` renders the shared templates once per
item, visibility class and version of the tables they are built from, and keeps them in the
shared cache (app/cache.py `cached_from_tables`): a commit to any of those tables shows at once.
"""

from flask import render_template, request
from flask_login import current_user
from markupsafe import Markup

from app.auth.access import can_see_members_content
from app.cache import cached_from_tables

# What every shared part may be built from besides the item's own tables.
DETAIL_TABLES = ("taxonomy_term", "region")


def shared_parts(item, templates, build, tables=()):
    """[each of `templates` rendered with `item` and `build()`], from the shared cache when `item`
    is published or archived (a draft is seen by its authors and moderators only: rendered each time).

    Nothing about the viewer beyond their visibility class may go into `templates`: no
    `csrf_token()`, no own state, no edit links.
    """

    def render():
        context = {"item": item, **build()}
        return [render_template(template, **context) for template in templates]

    if item.status not in ("published", "archived"):
        return [Markup(part) for part in render()]  # noqa: S704 (autoescaped templates)
    viewer = "members" if can_see_members_content(current_user) else "public"
    parts = (item.kind, item.id, request.script_root, viewer, *templates)
    tables = (item.__tablename__, item.term_table.name, *DETAIL_TABLES, *tables)
    return [Markup(part) for part in cached_from_tables("detail", tables, parts, render)]  # noqa: S704
