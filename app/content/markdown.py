"""Markdown to sanitised HTML with nh3 (bleach is unmaintained; nh3 wraps the Rust ammonia).

Run on write: store the Markdown source and the HTML this returns, and mark only the
stored HTML safe in templates.
"""

import html
import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
_H1 = re.compile(r"<(/?)h1>")


def render_markdown(source):
    """Sanitised HTML for Markdown `source`; raw HTML in the source is escaped or removed."""
    if not source:
        return ""
    rendered = markdown_lib.markdown(source, extensions=EXTENSIONS, output_format="html")
    rendered = _H1.sub(r"<\1h2>", rendered)  # the page owns the only h1
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow ugc",
        strip_comments=True,
    )


def plain_text(html_text):
    """Text content of sanitised HTML, for search documents and summaries."""
    if not html_text:
        return ""
    stripped = nh3.clean(html_text, tags=set())
    return re.sub(r"\s+", " ", html.unescape(stripped)).strip()
