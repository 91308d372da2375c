"""The events list's filter form comes from the shared cache: per query string, and new at once
when the topics or regions it offers change."""

import re

from sqlalchemy import delete

from app.extensions import db
from app.taxonomy.models import Term
from app.taxonomy.services import vocabularies_changed


def _selected(html, value):
    return re.search(rf'<option value="{value}" selected', html) is not None


def _render_count(app):
    rendered = []

    def record(sender, template, context, **extra):
        if template.name == "events/_filter_form.html":
            rendered.append(1)

    from flask import template_rendered

    template_rendered.connect(record, app)
    return rendered, lambda: template_rendered.disconnect(record, app)


def test_the_filter_form_is_rendered_once_per_query_string_and_again_after_a_change(app, client):
    rendered, stop = _render_count(app)
    try:
        first = client.get("/events/?topic=menopause").get_data(as_text=True)
        again = client.get("/events/?topic=menopause").get_data(as_text=True)
        other = client.get("/events/?when=past").get_data(as_text=True)
        assert len(rendered) == 2  # the second request for the same filters used the cache
        assert _selected(first, "menopause") and not _selected(other, "menopause")
        assert first == again
        db.session.add(Term(vocabulary="topic", slug="night-shifts", name="Night shifts at work", position=99))
        db.session.commit()
        vocabularies_changed()
        assert "Night shifts at work" in client.get("/events/?topic=menopause").get_data(as_text=True)
        assert len(rendered) == 3
    finally:
        stop()
        db.session.execute(delete(Term).where(Term.slug == "night-shifts"))  # the vocabularies outlive each test
        db.session.commit()
        vocabularies_changed()


def test_an_odd_query_string_is_rendered_afresh(app, client):
    app.extensions["page_cache"] = False  # the filter form's own cache, beneath the whole page's
    rendered, stop = _render_count(app)
    try:
        for _ in range(2):
            assert client.get("/events/?topic=menopause&ref=newsletter").status_code == 200
        assert len(rendered) == 2
    finally:
        stop()
