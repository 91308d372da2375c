"""Script payloads in every text field: stored HTML is sanitised, every page escapes the rest."""

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from app.case_studies.models import SECTIONS, CaseStudy
from app.content import render_markdown
from app.extensions import db
from app.resources.models import Resource
from tests.kb.test_case_studies import form_data as case_study_form
from tests.kb.test_resources import form_data as resource_form

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
]


class DangerFinder(HTMLParser):
    """Collects real tags and attributes that could run script (escaped text is harmless)."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "svg", "img") and any(n.startswith("on") or v and "evil" in v for n, v in attrs):
            self.found.append(tag)
        if tag == "iframe":
            self.found.append("iframe")
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.found.append("script alert")


def assert_clean(html):
    finder = DangerFinder()
    finder.feed(html)
    assert not finder.found, finder.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_sanitiser_removes_payload(payload):
    html = render_markdown(f"Intro\n\n{payload}\n\n[ok](https://nhs.uk)")
    assert_clean(html)
    assert 'rel="noopener nofollow ugc"' in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_case_study_text_field(client, auth, make_user, payload):
    auth.login(make_user())
    text_fields = [
        "title",
        "summary",
        "context",
        "approach",
        "outcomes",
        "lessons",
        "adapt",
        "organisation",
        "staff_groups",
    ]
    data = case_study_form(**{name: f"{name} {payload}"[:190] for name in text_fields})
    data.update(
        {
            "measures-0-metric": payload,
            "measures-0-unit": "u",
            "measures-0-period": payload[:80],
            "measures-0-source": payload,
        }
    )
    response = client.post("/case-studies/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    item = db.session.scalar(select(CaseStudy))
    for stem, _ in SECTIONS:
        assert_clean(getattr(item, f"{stem}_html"))
    item.status, item.visibility = "published", "public"
    item.published_at = item.created_at
    db.session.commit()
    for path in [
        f"/case-studies/{item.slug}",
        "/case-studies/",
        "/feeds/case-studies.atom",
        f"/case-studies/{item.slug}/edit",
    ]:
        assert_clean(client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_resource_text_field_and_comments_and_reuse(client, auth, make_user, payload):
    auth.login(make_user())
    text_fields = ["title", "summary", "description", "reuse_terms", "audience"]
    data = resource_form(**{name: f"{name} {payload}"[:190] for name in text_fields})
    data["external_url"] = "https://www.england.nhs.uk/"
    assert client.post("/resources/new", data=data).status_code == 302
    item = db.session.scalar(select(Resource))
    assert_clean(item.description_html)
    item.status, item.visibility = "published", "public"
    item.published_at = item.created_at
    db.session.commit()
    client.post(f"/comments/resource/{item.slug}", data={"body": payload})
    client.post(f"/resources/{item.slug}/reuse", data={"note": payload, "organisation": payload})
    for path in [f"/resources/{item.slug}", "/resources/", "/feeds/resources.atom", f"/resources/{item.slug}/edit"]:
        assert_clean(client.get(path).get_data(as_text=True))


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith("<") and "<p " not in p])
def test_the_checker_catches_live_markup(payload):
    with pytest.raises(AssertionError):
        assert_clean(payload)
