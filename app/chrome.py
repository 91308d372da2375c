"""The page chrome (NHS.UK header and footer), rendered once per variant and cached.

The NHS.UK header macro costs several milliseconds to render and varies only by the variant
(signed in or not, current section), so each variant is rendered once into the shared cache
with slot markers where per-person values go. Each request then fills every slot in one
pass, escaping the values; a value is never scanned again, so a member whose name looks
like a marker sees their name. Features add slots (a notification count, say) with
`register_slot`, and links shown only to some members (moderators' way to their queue) with
`register_header_link`: which of those links a member gets is part of the variant, their text
is a slot. The cache never holds anything personal.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from flask import current_app, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.cache import cached

# Header navigation: (label, endpoint). The current section is the one whose blueprint
# served the request.
NAVIGATION = (
    ("Case studies", "case_studies.index"),
    ("Resources", "resources.index"),
    ("Events", "events.index"),
    ("Directory", "directory.index"),
    ("Spaces", "spaces.index"),
)
TEMPLATES = ("partials/header.html", "partials/footer.html")
_SLOT = re.compile(r"__SLOT_([A-Z0-9_]+)__")


def slot(name):
    """The marker a chrome template writes where the per-request value `name` goes."""
    return f"__SLOT_{name.upper()}__"


@dataclass(frozen=True)
class HeaderLink:
    """A link in the header's account area for the members `shown_to(user)` accepts."""

    name: str
    endpoint: str
    shown_to: Callable


def register_slot(app, name, provider):
    """Fill slot `name` in the chrome with `provider()` (called only when the slot is used)."""
    app.extensions["chrome_slots"][name.upper()] = provider


def register_header_link(app, name, endpoint, shown_to, text):
    """Show a link to `endpoint` in the header to signed-in members `shown_to(user)` accepts; its
    text is `text()`, asked for on each request that shows it (so a count is always current)."""
    app.extensions["chrome_links"][name] = HeaderLink(name, endpoint, shown_to)
    register_slot(app, f"link_{name}", text)


def header_links():
    """The header links this request's member is shown, as part of the header's variant."""
    if not current_user.is_authenticated:
        return ()
    links = current_app.extensions["chrome_links"].values()
    return tuple((link.name, link.endpoint) for link in links if link.shown_to(current_user))


def init_chrome(app):
    """Offer `page_header`, `page_footer` and `slot` to templates, with the built-in slots."""
    app.extensions["chrome_slots"] = {}
    app.extensions["chrome_links"] = {}
    register_slot(app, "account_name", lambda: current_user.name)
    register_slot(app, "csrf_token", generate_csrf)
    app.extensions["chrome_fingerprint"] = _fingerprint(app)
    app.jinja_env.globals.update(page_header=page_header, page_footer=page_footer, slot=slot)


def _fingerprint(app):
    """What the chrome is built from besides data, so a deploy never serves the old one."""
    env = app.jinja_env
    digest = hashlib.sha256(version("nhsuk-frontend-jinja").encode() + Path(__file__).read_bytes())
    for name in TEMPLATES:
        digest.update(env.loader.get_source(env, name)[0].encode())
    digest.update(repr((NAVIGATION, app.config["SERVICE_NAME"])).encode())
    return digest.hexdigest()[:16]


def _key(*parts):
    return (current_app.extensions["chrome_fingerprint"], request.script_root, *parts)


def current_section():
    """The endpoint of the navigation item whose blueprint served this request, or None."""
    blueprint = request.blueprint
    for _, endpoint in NAVIGATION:
        if endpoint.partition(".")[0] == blueprint:
            return endpoint
    return None


def fill_slots(html):
    """Put this request's value in every slot marker of `html`, escaped, in one pass."""
    providers = current_app.extensions["chrome_slots"]
    values = {}

    def value(match):
        name = match.group(1)
        if name not in values:
            values[name] = str(escape(providers[name]()))
        return values[name]

    return _SLOT.sub(value, html)


def render_header(signed_in, section, links=()):
    """The header of one variant (`links` from `header_links()`), with its slot markers still in."""
    nav_items = [
        {"text": label, "href": url_for(endpoint), "active": endpoint == section} for label, endpoint in NAVIGATION
    ]
    link_items = [{"href": url_for(endpoint), "text": slot(f"link_{name}")} for name, endpoint in links]
    template = current_app.jinja_env.get_template("partials/header.html")
    return template.render(signed_in=signed_in, nav_items=nav_items, link_items=link_items)


def render_footer():
    """The footer (the same on every page)."""
    return current_app.jinja_env.get_template("partials/footer.html").render()


def page_header():
    """The header for this request: the cached variant with this member's slots filled."""
    signed_in, section, links = current_user.is_authenticated, current_section(), header_links()
    html = cached("chrome", _key("header", signed_in, section, links), lambda: render_header(signed_in, section, links))
    return Markup(fill_slots(html))  # noqa: S704 (autoescaped template; slot values escaped)


def page_footer():
    """The footer for this request, from the cache."""
    html = cached("chrome", _key("footer"), render_footer)
    return Markup(fill_slots(html))  # noqa: S704 (autoescaped template; slot values escaped)
