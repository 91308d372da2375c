"""Relevance bench: nDCG@5 of the site search on the demo data, per query and the mean.

    make bench-relevance            (or: .venv/bin/python bench/relevance.py [--verbose])

Seeds the demo data into a throw-away SQLite database, builds the search index and runs every
query of tests/search/relevance_queries.json as a verified member. Each query lists the results
a practitioner expects, best first, as page addresses (or their beginnings, for events whose
address carries a date): the first expected result has grade 2, the others grade 1, anything
else 0. nDCG@5 compares the first five results with the ideal order of those grades. The same
set runs in the suite (tests/search/test_relevance.py), which checks each expected result is in
the top five (or the top N the query names) and each "avoid" result is not in the top three.
"""

import argparse
import json
import math
import platform
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QUERIES = ROOT / "tests" / "search" / "relevance_queries.json"
K = 5


def load_queries(path=QUERIES):
    return json.loads(Path(path).read_text(encoding="utf-8"))["queries"]


def matches(url, expected):
    """An expected address matches the result's address, or its beginning when it ends with '*'."""
    return url.startswith(expected[:-1]) if expected.endswith("*") else url == expected


def grades(urls, expected):
    """The grade of each result: 2 for the first expected, 1 for another expected, else 0.
    Each expected address counts once (the first result matching it)."""
    out, used = [], set()
    for url in urls:
        found = [n for n, want in enumerate(expected) if n not in used and matches(url, want)]
        if found:
            used.add(found[0])
        out.append(0 if not found else 2 if found[0] == 0 else 1)
    return out


def dcg(values):
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(values))


def ndcg(urls, expected, k=K):
    """nDCG@k of the result addresses `urls` against the expected ones."""
    ideal = dcg(sorted([2] + [1] * (len(expected) - 1), reverse=True)[:k])
    return dcg(grades(urls[:k], expected)) / ideal if ideal else 0.0


def run_query(text):
    """The result addresses for `text`, as a verified member sees them (first page of 10)."""
    from app.search import search
    from app.search.engine import SearchRequest

    page = search.query(SearchRequest(text=text, member=True, page_size=10))
    return [hit.url for hit in page.hits], page


def evaluate(queries=None):
    """[(query, nDCG@5, result addresses)] for each query of the set, in the app context."""
    results = []
    for case in queries or load_queries():
        urls, _page = run_query(case["query"])
        results.append((case, ndcg(urls, case["expect"]), urls))
    return results


@contextmanager
def without_rules():
    """The engine as it was before the relevance rules: BM25F tiers, adaptations as equals."""
    from app.search import adaptations, engine

    saved = engine._rerank, adaptations.folded
    engine._rerank = lambda searcher, top, *args: top
    adaptations.folded = lambda searcher, matched: (0, {})
    try:
        yield
    finally:
        engine._rerank, adaptations.folded = saved


def report(results, verbose=False):
    """Print nDCG@5 per query and the mean; returns the mean."""
    width = max(len(case["query"]) for case, _, _ in results)
    for case, score, urls in results:
        print(f"{case['query']:<{width}}  nDCG@5 {score:.3f}")
        if verbose:
            for url in urls[:K]:
                mark = "*" if any(matches(url, want) for want in case["expect"]) else " "
                print(f"    {mark} {url}")
    mean = sum(score for _, score, _ in results) / len(results)
    print(f"\n{len(results)} queries, mean nDCG@5 {mean:.3f}")
    return mean


def seed_and_index(app):
    """Demo data and a fresh index (in the app context)."""
    from app.search import search

    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    if result.exit_code != 0:
        raise SystemExit(result.output)
    search.apply_pending(app)
    search.reindex(app)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print the top five of each query")
    parser.add_argument("--baseline", action="store_true", help="also run without the relevance rules")
    args = parser.parse_args(argv)

    from app import create_app
    from config import TestingConfig

    with tempfile.TemporaryDirectory() as workdir:
        work = Path(workdir)
        app = create_app(
            TestingConfig,
            overrides={
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.db'}",
                "SEARCH_INDEX_DIR": str(work / "ix"),
                "UPLOAD_FOLDER": str(work / "uploads"),
                "OUTBOX_DIR": str(work / "outbox"),
            },
        )
        with app.app_context():
            from flask_migrate import upgrade

            upgrade(directory=str(ROOT / "migrations"))
            started = time.perf_counter()
            seed_and_index(app)
            prepared = time.perf_counter() - started
            if args.baseline:
                with without_rules():
                    print("Without the relevance rules (BM25F tiers only, adaptations listed as equals):")
                    report(evaluate(), args.verbose)
                print("\nWith the relevance rules (app/search/ranking.py):")
            started = time.perf_counter()
            results = evaluate()
            took = time.perf_counter() - started
    mean = report(results, args.verbose)
    print(
        f"seed and index {prepared:.1f} s, queries {took * 1000 / len(results):.1f} ms each; "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
        f"{datetime.now(UTC):%Y-%m-%d}"
    )
    return mean


if __name__ == "__main__":
    main()
