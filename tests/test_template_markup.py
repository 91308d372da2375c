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


def test_pages_print_no_escaped_markup(client, auth, make_user):
    """The pages that hand HTML to components show links, never `&lt;a …` as text."""
    auth.login(make_user(name="Tom <b>&</b> Jerry"))
    client.post("/search/save", data={"q": "menopause", "facets": "", "name": "Menopause", "frequency": "daily"})
    for path in ["/", "/account/", "/search/saved", "/directory/", "/search?q=menopause", "/case-studies/", "/events/"]:
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert "&lt;a" not in html and "&lt;form" not in html and "&lt;p" not in html, path
        assert "<b>&</b>" not in html, path  # what a member typed is still escaped
    directory = client.get("/directory/").get_data(as_text=True)
    assert '<a href="/directory/me/edit">Create your profile</a>' in directory
    header = client.get("/").get_data(as_text=True)
    assert '<form class="app-header-signout" action="/auth/logout" method="post">' in header
