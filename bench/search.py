"""Search benchmark: rebuild rate, update delay and query latency per query shape, for the
Whoosh and PostgreSQL backends in the same run, with SQLite FTS5 as a baseline.

    make bench-search    (or: .venv/bin/python bench/search.py [--sizes 2000,20000,200000])

Builds synthetic corpora of mixed documents (case studies, resources, events, profiles) of
realistic length and runs each through the app's search service on each backend
(bench/search_backends.py: `search.reindex`, the outbox after a commit, `search.query` with
facets and highlighted snippets). PostgreSQL uses BENCH_DATABASE_URL (default: the local
database `bench_search`, whose public schema is dropped and migrated again). Whoosh is
skipped above --whoosh-max documents (its rebuild runs at about 150 documents/s, so 200,000
would take over twenty minutes); FTS5 above --fts-max.
"""

import argparse
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search_backends import SHAPES, percentile, service_run  # noqa: E402

DOMAIN = (
    "staff wellbeing occupational health menopause burnout stress resilience sleep fatigue violence aggression "
    "abuse musculoskeletal back pain physiotherapy self-referral counselling psychology peer support champions "
    "guardians managers leaders compassion inclusion equality diversity rota shift night nurses doctors porters "
    "midwives paramedics ambulance primary care social care community mental health acute trust board survey "
    "engagement sickness absence return work adjustments rehabilitation vaccination immunisation screening "
    "health assessment fitness ergonomics display screen manual handling stigma suicide prevention trauma "
    "debrief huddle schwartz rounds reflective practice coaching mentoring training toolkit guide template "
    "policy evaluation outcomes impact data dashboard measures baseline audit pilot programme pathway referral "
    "clinic drop-in cafe walk exercise nutrition hydration rest spaces wobble room financial hardship carers "
    "flexible working retention recruitment turnover morale recognition awards celebration festival fair webinar"
).split()
ACRONYMS = ["MSK", "VAA", "EAP", "TRiM", "OH", "HWB", "PWP", "CBT", "ICS", "SEQOHS"]
TOPICS = [
    "Menopause",
    "Burnout and mental health",
    "Musculoskeletal health",
    "Sleep and fatigue",
    "Stigma",
    "Suicide prevention",
    "Workplace safety",
    "Financial wellbeing",
    "Trauma-informed care",
    "Violence, aggression and abuse",
    "Equality, diversity and inclusion",
]
REGIONS = [
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
ELEMENTS = [
    "Improving personal health and wellbeing",
    "Relationships",
    "Fulfilment at work",
    "Managers and leaders",
    "Environment",
    "Data insights",
    "Professional wellbeing support",
]
KINDS = ["case study", "resource", "event", "profile"]


def vocabulary(rng, size=6000):
    """Domain words plus pseudo-words, so term frequencies follow a Zipf-like curve."""
    syllables = ["ka", "lo", "mer", "tin", "ra", "sol", "ve", "dun", "pe", "rik", "sa", "mon", "tel", "gra", "ple"]
    words = set(DOMAIN)
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    ordered = list(DOMAIN) + sorted(words - set(DOMAIN))
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(ordered))]
    return ordered, weights


def sentence(rng, words, weights, length):
    return " ".join(rng.choices(words, weights, k=length)).capitalize() + "."


def make_corpus(size, seed=2026):
    """`size` documents made of sentences drawn from a pool, so 200,000 take seconds to make."""
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    pool = [sentence(rng, words, weights, rng.randint(8, 20)) for _ in range(20_000)]
    titles = [sentence(rng, words, weights, rng.randint(4, 10))[:-1] for _ in range(5_000)]
    now = datetime.now(UTC)
    docs = []
    for n in range(size):
        kind = KINDS[n % 4]
        body_sentences = rng.randint(20, 70) if kind in ("case study", "resource") else rng.randint(5, 20)
        body = " ".join(rng.choices(pool, k=body_sentences))
        if rng.random() < 0.15:
            body += f" The {rng.choice(ACRONYMS)} team reviewed it."
        attachment = ""
        if kind == "resource" and rng.random() < 0.5:
            attachment = " ".join(rng.choices(pool, k=rng.randint(40, 120)))
        docs.append(
            {
                "id": n + 1,
                "kind": kind,
                "title": f"{rng.choice(titles)} {n}",
                "summary": " ".join(rng.choices(pool, k=2)),
                "body": body,
                "attachment": attachment,
                "topic": rng.choice(TOPICS),
                "region": rng.choice(REGIONS),
                "element": rng.choice(ELEMENTS),
                "visibility": "public" if rng.random() < 0.6 else "members",
                "date": now + timedelta(days=rng.randint(-900, 120)),
            }
        )
    return docs


def make_queries(count=240, seed=7):
    rng = random.Random(seed)
    common = DOMAIN[:120]
    queries = []
    for n in range(count):
        shape = n % 6
        if shape == 0:
            text = rng.choice(common)
        elif shape == 1:
            text = " ".join(rng.sample(common, 2))
        elif shape == 2:
            text = " ".join(rng.sample(common, 3))
        elif shape == 3:
            text = '"' + " ".join(rng.sample(common[:40], 2)) + '"'
        elif shape == 4:
            text = rng.choice(ACRONYMS) + " " + rng.choice(common)
        else:
            text = rng.choice(common) + "s"
        queries.append(
            {
                "shape": shape,
                "text": text,
                "topic": rng.choice(TOPICS) if n % 3 == 0 else None,
                "member": rng.random() < 0.5,  # random, so every query shape is asked by both
                "sort": "date" if n % 5 == 0 else "relevance",
            }
        )
    return queries


# -- the SQLite FTS5 baseline ----------------------------------------------------------------
def fts_query(text):
    """The same query in FTS5 syntax: words ANDed (prefix of the acronym/term), phrases kept."""
    if text.startswith('"'):
        return text
    return " AND ".join(f'"{word}"' for word in text.split())


def fts_run(docs, queries, workdir):
    conn = sqlite3.connect(workdir / "fts.db")
    conn.execute(
        "CREATE VIRTUAL TABLE doc USING fts5(title, summary, body, attachment, kind UNINDEXED, topic UNINDEXED, "
        "region UNINDEXED, element UNINDEXED, visibility UNINDEXED, date UNINDEXED, tokenize='porter unicode61')"
    )
    started = time.perf_counter()
    conn.executemany(
        "INSERT INTO doc(rowid, title, summary, body, attachment, kind, topic, region, element, visibility, date) "
        "VALUES (:id, :title, :summary, :body, :attachment, :kind, :topic, :region, :element, :visibility, :date)",
        [{**d, "date": d["date"].isoformat()} for d in docs],
    )
    conn.commit()
    conn.execute("INSERT INTO doc(doc) VALUES ('optimize')")
    conn.commit()
    build_seconds = time.perf_counter() - started

    def ask(q):
        where = ["doc MATCH ?"]
        params = [fts_query(q["text"])]
        if not q["member"]:
            where.append("visibility = 'public'")
        if q["topic"]:
            where.append("topic = ?")
            params.append(q["topic"])
        clause = " AND ".join(where)
        order = "date DESC" if q["sort"] == "date" else "bm25(doc, 4.0, 2.0, 1.0, 0.7)"
        rows = conn.execute(
            f"SELECT rowid, title, snippet(doc, 2, '<mark>', '</mark>', '…', 24) FROM doc WHERE {clause} "  # noqa: S608
            f"ORDER BY {order} LIMIT 10",
            params,
        ).fetchall()
        facets = {}
        for column in ("kind", "topic", "region", "element"):
            facets[column] = conn.execute(
                f"SELECT {column}, count(*) FROM doc WHERE {clause} GROUP BY {column}",  # noqa: S608
                params,
            ).fetchall()
        return rows, facets

    for q in queries[:20]:
        ask(q)
    timings, cpu = [], []
    for q in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        ask(q)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    conn.close()
    return {
        "build_rate": len(docs) / build_seconds,
        "p50": percentile(timings, 50) * 1000,
        "p95": percentile(timings, 95) * 1000,
        "cpu_p50": percentile(cpu, 50) * 1000,
        "cpu_p95": percentile(cpu, 95) * 1000,
    }


def load():
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "n/a"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,200000")
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--whoosh-max", type=int, default=20000, help="largest corpus Whoosh is run on")
    parser.add_argument("--fts-max", type=int, default=20000, help="largest corpus FTS5 is run on")
    parser.add_argument("--backends", default="whoosh,postgres")
    args = parser.parse_args()
    postgres_url = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_search")
    backends = args.backends.split(",")
    if "postgres" in backends and not _postgres_ready(postgres_url):
        print(f"PostgreSQL is not reachable at {postgres_url}: its backend is left out.\n")
        backends.remove("postgres")
    sizes = [int(s) for s in args.sizes.split(",")]
    queries = make_queries(args.queries)
    print(f"# Search benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.machine()} {os.cpu_count()} CPUs, {platform.processor() or platform.platform()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print(
        f"{len(queries)} queries per corpus (shapes: {', '.join(SHAPES)}; 1/3 with a topic facet, half anonymous, "
        "1/5 sorted by date); facet counts and highlighted snippets on every query"
    )
    print(f"load average at start: {load()}\n", flush=True)
    rows = []
    for size in sizes:
        started = time.perf_counter()
        docs = make_corpus(size)
        words = sum(len((d["title"] + d["summary"] + d["body"] + d["attachment"]).split()) for d in docs) / size
        print(f"{size:,} documents (mean {words:.0f} words) made in {time.perf_counter() - started:.1f} s", flush=True)
        for backend in backends:
            if backend == "whoosh" and size > args.whoosh_max:
                print(f"  whoosh: skipped above {args.whoosh_max:,} documents (rebuild too slow)", flush=True)
                continue
            with tempfile.TemporaryDirectory() as tmp:
                result = service_run(docs, queries, Path(tmp), backend, postgres_url)
            rows.append((size, words, result))
            print(f"  {_line(result)}", flush=True)
        if size <= args.fts_max:
            with tempfile.TemporaryDirectory() as tmp:
                fts = fts_run(docs, queries, Path(tmp))
            print(
                f"  FTS5 baseline: build {fts['build_rate']:,.0f} docs/s, p50 {fts['p50']:.1f} ms, p95 {fts['p95']:.1f} ms"
            )
    print(f"load average at end: {load()}\n")
    _table(rows)


def _postgres_ready(url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from config import normalise_database_url

    url = normalise_database_url(url)
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001  (a missing database is created below; anything else: skip)
        name = make_url(url).database
        try:
            admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            return True
        except Exception:  # noqa: BLE001
            return False


def _line(r):
    return (
        f"{r['backend']}: rebuild {r['rebuild_rate']:,.0f} docs/s ({r['rebuild_seconds']:.1f} s); update searchable "
        f"after {r['update_delay_median'] * 1000:.0f} ms (max {r['update_delay_max'] * 1000:.0f} ms); "
        f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms; mean matches {r['mean_hits']:,.0f}"
    )


def _table(rows):
    print(
        "| docs | backend | rebuild docs/s | update visible (median / max) | p50 | p95 | " + " | ".join(SHAPES) + " |"
    )
    print("|---:|---|---:|---:|---:|---:|" + "---:|" * len(SHAPES))
    for size, _words, r in rows:
        shapes = " | ".join(f"{p50:.0f} / {p95:.0f}" for p50, p95 in r["shapes"].values())
        print(
            f"| {size:,} | {r['backend']} | {r['rebuild_rate']:,.0f} | {r['update_delay_median'] * 1000:.0f} / "
            f"{r['update_delay_max'] * 1000:.0f} ms | {r['p50']:.1f} ms | {r['p95']:.1f} ms | {shapes} |"
        )
    print("(per shape: p50 / p95 in ms)\n")
    targets = {20000: 50, 200000: 150}
    for size, _words, r in rows:
        if size in targets:
            verdict = "met" if r["p95"] <= targets[size] else "MISSED"
            print(f"target p95 <= {targets[size]} ms at {size:,} ({r['backend']}): {verdict} ({r['p95']:.1f} ms)")
    for size, _words, r in rows:
        rebuild = "met" if r["rebuild_rate"] >= 1000 else "MISSED"
        update = "met" if r["update_delay_max"] <= 2 else "MISSED"
        print(f"{size:,} {r['backend']}: rebuild >= 1,000 docs/s {rebuild}; change searchable within 2 s {update}")


if __name__ == "__main__":
    main()
