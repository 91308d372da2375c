"""Relevance: the query set on the demo data, the ranking rules, and past events marked and lower.

The set (relevance_queries.json) is what practitioners type with the results they expect;
`make bench-relevance` prints its nDCG@5 per query and the mean (docs/PERFORMANCE.md).
"""

from datetime import UTC, datetime, timedelta

import pytest

from app.search import ranking, search
from bench import relevance as bench

MEAN_NDCG_FLOOR = 0.88  # measured 0.905 on 2026-11-29 (0.789 without the rules); a change that lowers it must say why


def top(urls, n):
    return urls[:n]


def test_relevance_set_on_the_demo_data(app):
    """Every expected result is in the top five (or the query's own `top`), no `avoid` result is
    in the top three, adaptations are shown under their original, and the mean nDCG@5 holds."""
    queries = bench.load_queries()
    assert len(queries) >= 30
    bench.seed_and_index(app)
    problems, scores = [], []
    for case in queries:
        urls, page = bench.run_query(case["query"])
        scores.append(bench.ndcg(urls, case["expect"]))
        limit = case.get("top", bench.K)
        for want in case["expect"][:limit]:
            if not any(bench.matches(url, want) for url in top(urls, limit)):
                problems.append(f"{case['query']!r}: {want} not in the top {limit}: {top(urls, limit)}")
        for unwanted in case.get("avoid", []):
            if any(bench.matches(url, unwanted) for url in top(urls, 3)):
                problems.append(f"{case['query']!r}: {unwanted} in the top 3: {top(urls, 3)}")
        hits = {hit.url: hit for hit in page.hits}
        for original, adaptations in case.get("adaptations", {}).items():
            shown = [url for _title, url in hits[original].adaptations] if original in hits else None
            if shown is None or not set(adaptations) <= set(shown) or set(adaptations) & set(urls):
                problems.append(f"{case['query']!r}: {adaptations} not shown under {original} alone")
    assert not problems, "\n".join(problems)
    assert sum(scores) / len(scores) >= MEAN_NDCG_FLOOR


def test_the_return_on_investment_query_does_not_rank_on_the_word_return(app):
    """Issue 13: the return-to-work template must not come first for this query."""
    bench.seed_and_index(app)
    urls, _page = bench.run_query("sickness absence return on investment")
    study = "/case-studies/the-cost-of-sickness-absence-and-the-return-on-investment-of-early-oh-intervention"
    assert "/resources/sickness-absence-return-to-work-conversation-template" not in urls[:3]
    if search.backend_name == "postgres":
        assert study in urls[:2]
        pytest.xfail(
            "PostgreSQL's ts_rank counts how often the words occur but has no inverse document frequency"
            " (BM25F's weighting of rarer words), so the ROI calculator, whose title holds every query word"
            " as the study's does, comes first and the study second."
        )
    assert urls[0] == study


def test_ndcg_counts_each_expected_result_once():
    expected = ["/a", "/b*"]
    assert bench.ndcg(["/a", "/b1"], expected) == pytest.approx(1.0)
    assert bench.ndcg(["/b1", "/b2", "/a"], expected) < bench.ndcg(["/a", "/b1"], expected)
    assert bench.ndcg(["/x", "/y"], expected) == 0.0


# -- the rules, without a backend --------------------------------------------------------


def candidate(role="tool", score=1.0, **features):
    return ranking.Candidate(ref=(role, score, tuple(features.items())), score=score, role=role, **features)


def order(candidates, words=("menopause",), names_person=False, terms=1):
    query_intent = ranking.intent(list(words), names_person=names_person, terms=terms)
    for c in candidates:
        c.tier_best = max(x.score for x in candidates if x.head is c.head)
    return [c.role for c in ranking.rerank(candidates, query_intent)]


def test_tools_rank_above_people_for_a_topic():
    people = candidate("people", 9.0, head=True, coverage=1.0)
    tool = candidate("tool", 1.0, head=False, coverage=0.0)
    assert order([people, tool]) == ["tool", "people"]


@pytest.mark.parametrize(
    "words, names_person", [(("OH", "nurse"), False), (("physiotherapists",), False), (("Ada",), True)]
)
def test_people_compete_when_the_query_names_a_person_or_a_profession(words, names_person):
    people = candidate("people", 9.0, head=True, coverage=1.0)
    tool = candidate("tool", 1.0, head=True, coverage=0.5)
    assert order([tool, people], words, names_person)[0] == "people"


def test_past_events_rank_below_current_content():
    past = candidate("event", 9.0, head=True, coverage=1.0, past=True)
    upcoming = candidate("event", 2.0, head=True, coverage=1.0)
    body_only = candidate("tool", 0.5, head=False, coverage=0.0)
    assert [c.past for c in ranking.rerank([past, upcoming, body_only], ranking.intent(["cafe"]))][-1] is True


def test_all_terms_and_words_together_beat_a_single_repeated_word():
    """'sickness absence return on investment': the template matches three words in its title,
    the study all four with 'return on investment' together."""
    template = candidate("tool", 3.0, head=True, coverage=0.75, phrase=1 / 3)
    study = candidate("tool", 2.0, head=True, coverage=1.0, phrase=1.0)
    order([template, study], ("sickness", "absence", "return", "investment"), terms=4)
    query_intent = ranking.intent(["sickness", "absence", "return", "investment"], terms=4)
    assert ranking.rerank([template, study], query_intent) == [study, template]


def test_collapse_puts_each_group_once_where_its_best_member_was():
    # 3 and 4 are adaptations of 1; 4 ranked first, so the group (shown as 1) leads.
    assert ranking.collapse([4, 2, 1, 3, 5], {3: 1, 4: 1}) == [1, 2, 5]


# -- past events in the results page ---------------------------------------------------------


def test_past_events_are_marked_past_and_listed_after_current_content(probes, find):
    now = datetime.now(UTC)
    probes("Menopause cafe", summary="Menopause cafe meeting", is_event=True, date=now - timedelta(days=30))
    probes("Menopause cafe", summary="Menopause cafe meeting", is_event=True, date=now + timedelta(days=30))
    probes("Peer support guide", body="We started a menopause cafe last year.", date=now - timedelta(days=400))
    status, page = find(q="menopause cafe")
    assert status == 200 and "3 results" in page
    results = page.split('class="nhsuk-list app-search-results"')[1]
    items = results.split("<li")[1:]
    assert "Past" not in items[0] and "Past" not in items[1] and "Past" in items[2]
    assert "Peer support guide" in items[1]
