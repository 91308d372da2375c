"""HTML handed to an NHS.UK component is built in a {% set %} block, never by joining strings.

In an autoescaped template, `'<a href="' ~ value ~ '">'` is only safe while every part is a plain
string: once one part is Markup (an `| e`, a macro's output, a safe filter), Jinja escapes the others
and the page prints `<a href=…>` as text (the saved-searches feed link did). A `{% set name %}…
{% endset %}` block escapes what members typed and keeps the markup, whatever the parts are.
"""

import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
JOINED_HTML = re.compile(r"""["']html["']\s*:\s*[^,}\]]*~""")


def test_no_component_html_is_built_by_joining_strings():
    offenders = []
    for template in APP.rglob("*.html"):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if JOINED_HTML.search(line):
                offenders.append(f"{template.relative_to(APP)}:{number}")
    assert offenders == [], "build component HTML in a {% set %} block instead: " + ", ".join(offenders)


def test_the_check_catches_the_pattern():
    assert JOINED_HTML.search("""{"html": '<a href="' ~ (url | e) ~ '">Feed</a>'}""")
    assert not JOINED_HTML.search("""{"html": feed_link}""")
    assert not JOINED_HTML.search("""{"html": "<p>Plain text</p>"}""")
