"""Facets with counts, filtering by them, upcoming or past, sorting by date, pages."""

import re
from datetime import UTC, datetime, timedelta

from app.search import search
from app.search.engine import SearchRequest


def test_facet_counts_and_filters(probes, find):
    probes("Menopause cafe London", topics="Menopause", region="London")
    probes("Menopause policy", topics="Menopause|Stigma", region="North West")
    probes("Stigma campaign", topics="Stigma", region="London")
    page = search.query(SearchRequest(text="", filters={"region": ["London"]}, member=True))
    assert page.total == 2
    page = search.query(SearchRequest(text="menopause", member=True))
    counts = {param: {v.value: v.count for v in values} for param, _, values in page.facets}
    assert counts["topic"] == {"Menopause": 2, "Stigma": 1}
    assert counts["region"] == {"London": 1, "North West": 1}
    assert counts["type"] == {"Probe": 2}
    status, html = find(q="menopause", region="London")
    assert "Menopause cafe London" in html and "Menopause policy" not in html
    status, html = find(q="", topic=["Stigma", "Menopause"], region="London")
    assert "2 results" in html


def test_upcoming_and_past_events(probes, find):
    now = datetime.now(UTC)
    probes("Wellbeing fair next month", is_event=True, date=now + timedelta(days=30))
    probes("Wellbeing fair last year", is_event=True, date=now - timedelta(days=300))
    probes("Wellbeing toolkit", date=now - timedelta(days=5))
    page = search.query(SearchRequest(text="wellbeing fair", when="upcoming", member=True))
    assert [h.title for h in page.hits] == ["Wellbeing fair next month"]
    page = search.query(SearchRequest(text="wellbeing", when="past", member=True))
    assert [h.title for h in page.hits] == ["Wellbeing fair last year"]
    page = search.query(SearchRequest(text="wellbeing", member=True))
    when = dict((p, v) for p, _, v in page.facets)["when"]
    assert {(v.value, v.count) for v in when} == {("Upcoming", 1), ("Past", 1)}


def test_sort_by_date_newest_first(probes):
    for year in (2021, 2024, 2022):
        probes(f"Audit {year}", body="sleep audit " * (2025 - year), date=datetime(year, 5, 1, tzinfo=UTC))
    by_date = search.query(SearchRequest(text="audit", sort="date", member=True))
    assert [h.title for h in by_date.hits] == ["Audit 2024", "Audit 2022", "Audit 2021"]


def test_pagination(probes, find):
    for n in range(25):
        probes(f"Resilience item {n:02d}", date=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=n))
    page = search.query(SearchRequest(text="resilience", sort="date", page=3, member=True))
    assert page.total == 25 and page.pages == 3 and len(page.hits) == 5
    assert page.hits[0].title == "Resilience item 04"
    status, html = find(q="resilience", page="2")
    assert status == 200 and 'aria-current="page"' in html and "page=3" in html
    status, html = find(q="resilience", page="40")
    assert status == 200 and "Resilience item" in html


def test_pages_never_repeat_or_skip_results(probes):
    for n in range(13):
        probes(f"Sleep guide {n:02d}", body="Rest.")
    for n in range(14):
        probes(f"Rota note {n:02d}", body="Better sleep " * (n + 1))
    seen = []
    for number in (1, 2, 3):
        page = search.query(SearchRequest(text="sleep", page=number, member=True))
        seen += [hit.title for hit in page.hits]
    assert len(seen) == 27 and len(set(seen)) == 27
    assert all(title.startswith("Sleep guide") for title in seen[:13])
    assert all(title.startswith("Rota note") for title in seen[13:])


def test_a_search_leaves_the_request_it_was_given_unchanged(probes):
    """The engine works on its own copy: browsing by facets sorts by date and a page past the end
    shows the last page, without rewriting the caller's request (which callers reuse for links)."""
    for n in range(12):
        probes(f"London note {n:02d}", region="London")
    asked = SearchRequest(text="", filters={"region": ["London"]}, page=9, member=True)
    page = search.query(asked)
    assert (asked.sort, asked.page, asked.filters) == ("relevance", 9, {"region": ["London"]})
    assert (page.request.sort, page.request.page, page.pages) == ("date", 2, 2)
    assert len(page.hits) == 2 and all(hit.title.startswith("London note") for hit in page.hits)


def test_result_links_follow_the_page_and_order_actually_shown(probes, find):
    for n in range(12):
        probes(f"London note {n:02d}", region="London")
    status, html = find(region="London", page="9")
    assert status == 200 and "12 results" in html
    # Page 9 of 2 shows page 2 in date order; its links (pages 1 and 2, clear filters) say so.
    assert set(re.findall(r'href="(/search\?[^"]*)"', html)) == {
        "/search?sort=date&amp;region=London",
        "/search?sort=date&amp;page=2&amp;region=London",
        "/search?sort=date",
    }
