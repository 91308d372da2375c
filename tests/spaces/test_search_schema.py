"""A facet field added to the schema (the "Questions" state of discussions) joins an index built
before it existed the first time that index is written to: no rebuild is needed, and searching
that index before then finds no values rather than failing."""

import os

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import Schema

from app.auth.models import utcnow
from app.extensions import db
from app.search import search
from app.search.analysis import build_schema
from app.search.engine import SearchRequest
from app.search.index_service import SearchService
from app.spaces.models import Thread

pytestmark = pytest.mark.whoosh  # the Whoosh index folder's schema


def _old_index(app):
    """Make the live index one whose schema lacks the f_state field."""
    store = SearchService.store_for(app)
    fields = {name: field for name, field in build_schema().items() if name != "f_state"}
    os.makedirs(os.path.join(store.root, "gen-0-old"))
    whoosh_index.create_in(os.path.join(store.root, "gen-0-old"), Schema(**fields))
    store._point_to("gen-0-old")
    return store


def test_an_index_from_before_the_state_facet_gains_it_on_the_next_write(app):
    store = _old_index(app)
    assert "f_state" not in store.index().schema
    page = search.query(SearchRequest(text="", filters={"state": ["Answered"]}, member=True))
    assert page.total == 0  # no values yet, and no error
    thread = Thread(
        kind="question",
        title="Menopause policy?",
        body_md="Anyone?",
        body_html="<p>Anyone?</p>",
        last_activity_at=utcnow(),
    )
    db.session.add(thread)
    db.session.commit()
    assert "f_state" in store.index().schema
    page = search.query(SearchRequest(text="menopause", filters={"state": ["Not yet answered"]}, member=True))
    assert [hit.title for hit in page.hits] == ["Menopause policy?"]
