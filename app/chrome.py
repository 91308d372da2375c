"""The page chrome (NHS.UK header and footer), rendered once per variant and reused.

The NHS.UK header macro costs several milliseconds to render; it only varies by whether
someone is signed in and which section is current, so each variant is rendered once per
process with placeholders, and the member's name and CSRF token are substituted per request.
"""

from flask import current_app, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.templating import NAVIGATION

_NAME = "__ACCOUNT_NAME__"
_TOKEN = "__CSRF_TOKEN__"  # noqa: S105 (a placeholder, not a secret)


def _cache():
    return current_app.extensions.setdefault("chrome_cache", {})


def _current_section():
    path = request.path
    for index, (_, href) in enumerate(NAVIGATION):
        if path.startswith(href):
            return index
    return None


def page_header():
    """The header for this request."""
    signed_in = current_user.is_authenticated
    section = _current_section()
    key = ("header", signed_in, section)
    cache = _cache()
    html = cache.get(key)
    if html is None:
        nav_items = [
            {"text": label, "href": href, "active": index == section} for index, (label, href) in enumerate(NAVIGATION)
        ]
        template = current_app.jinja_env.get_template("partials/header.html")
        html = cache[key] = template.render(signed_in=signed_in, nav_items=nav_items)
    if signed_in:
        html = html.replace(_NAME, str(escape(current_user.name))).replace(_TOKEN, str(escape(generate_csrf())))
    return Markup(html)  # noqa: S704 (rendered by autoescaping templates; substitutions escaped)


def page_footer():
    """The footer (the same on every page)."""
    cache = _cache()
    html = cache.get("footer")
    if html is None:
        html = cache["footer"] = current_app.jinja_env.get_template("partials/footer.html").render()
    return Markup(html)  # noqa: S704 (rendered by an autoescaping template)
