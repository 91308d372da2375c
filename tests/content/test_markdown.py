"""Markdown becomes sanitised HTML: useful formatting survives, nothing executable does."""

import pytest

from app.content import plain_text, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<p style="color:red" onclick="alert(1)">styled</p>',
    "<iframe src='https://evil.example'></iframe>",
    '<svg onload="alert(1)"></svg>',
    "[x](JaVaScRiPt:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name=x></form>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_survives(payload):
    html = render_markdown(f"Intro\n\n{payload}\n\nOutro").lower()
    for bad in [
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "style=",
        "<style",
        "<iframe",
        "<svg",
        "data:text",
        "<form",
        "<input",
    ]:
        assert bad not in html, (payload, html)


def test_formatting_survives():
    source = """# Heading one

## Outcomes

Sickness absence fell from **5.2%** to *4.1%*.

- one
- two

1. first

> a quote

| metric | before | after |
| --- | --- | --- |
| absence | 5.2 | 4.1 |

`code` and [a link](https://www.england.nhs.uk/) and [mail](mailto:oh@nhs.net)
"""
    html = render_markdown(source)
    assert "<h1>" not in html and "<h2>Heading one</h2>" in html
    for tag in [
        "<h2>Outcomes</h2>",
        "<strong>5.2%</strong>",
        "<em>4.1%</em>",
        "<ul>",
        "<ol>",
        "<blockquote>",
        "<table>",
        "<td>absence</td>",
        "<code>code</code>",
    ]:
        assert tag in html
    assert 'href="https://www.england.nhs.uk/"' in html and 'rel="noopener nofollow ugc"' in html
    assert 'href="mailto:oh@nhs.net"' in html


def test_plain_text_for_search_and_summaries():
    assert plain_text(render_markdown("**Bold** &amp; <b>x</b>\n\n- item")) == "Bold & x item"
    assert render_markdown("") == "" and plain_text(None) == ""
