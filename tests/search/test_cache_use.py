"""Search keeps its derived data in the one cache or beside the searcher, never on Whoosh's objects."""

import pytest
from sqlalchemy import delete

from app.extensions import db
from app.search import search
from app.search.engine import SearchRequest
from app.search.models import SearchSynonym
from app.search.synonyms import forget


def _titles(text):
    return [hit.title for hit in search.query(SearchRequest(text=text, member=True)).hits]


def test_a_new_acronym_reaches_documents_indexed_after_the_table_changed(probes):
    probes("Warm-up", body="occupational health update")  # the table is now in the cache
    db.session.add(SearchSynonym(term="ZQW", expansion="zebra quilt workshop"))
    db.session.commit()
    try:
        forget()
        probes("Craft day", body="A zebra quilt workshop for staff.")
        assert _titles("ZQW") == ["Craft day"]
    finally:
        db.session.execute(delete(SearchSynonym).where(SearchSynonym.term == "ZQW"))
        db.session.commit()
        forget()


@pytest.mark.whoosh
def test_searching_adds_nothing_to_the_whoosh_searcher(probes):
    probes("Back care", summary="A musculoskeletal self-referral service.", topics="MSK", region="London")
    searcher = search.store.searcher()
    before = set(vars(searcher))
    assert _titles("MSK") == ["Back care"]
    assert search.store.searcher() is searcher and set(vars(searcher)) == before
