"""Search benchmark: rebuild rate, update delay and query latency, Whoosh vs SQLite FTS5.

    make bench-search            (or: .venv/bin/python bench/search.py [--sizes 2000,20000])

Builds synthetic corpora of mixed documents (case studies, resources, events, profiles) of
realistic length in a throw-away SQLite database, indexes them through the app's search
service (`search.reindex`, the outbox after a commit, `search.query` with facets and
highlighted snippets), then runs the same corpus and queries through SQLite FTS5 (bm25
ranking with the same field weights, snippet(), facet counts) as a baseline.
"""

import argparse
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    now = datetime.now(UTC)
    docs = []
    for n in range(size):
        kind = KINDS[n % 4]
        body_sentences = rng.randint(20, 70) if kind in ("case study", "resource") else rng.randint(5, 20)
        body = " ".join(sentence(rng, words, weights, rng.randint(8, 20)) for _ in range(body_sentences))
        if rng.random() < 0.15:
            body += f" The {rng.choice(ACRONYMS)} team reviewed it."
        attachment = ""
        if kind == "resource" and rng.random() < 0.5:
            attachment = " ".join(sentence(rng, words, weights, 14) for _ in range(rng.randint(40, 120)))
        docs.append(
            {
                "id": n + 1,
                "kind": kind,
                "title": sentence(rng, words, weights, rng.randint(4, 10))[:-1],
                "summary": sentence(rng, words, weights, rng.randint(20, 45)),
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
                "text": text,
                "topic": rng.choice(TOPICS) if n % 3 == 0 else None,
                "member": rng.random() < 0.5,  # random, so every query shape is asked by both
                "sort": "date" if n % 5 == 0 else "relevance",
            }
        )
    return queries


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


# -- the app's search service ------------------------------------------------------------------
def whoosh_run(docs, queries, workdir):
    import sqlalchemy as sa
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    from app import create_app
    from app.extensions import db
    from app.search import SearchableType, SearchDocument, register, search
    from app.search.engine import SearchRequest
    from config import TestingConfig

    class Base(DeclarativeBase):
        pass

    class BenchDoc(Base):
        __tablename__ = "bench_doc"
        id: Mapped[int] = mapped_column(primary_key=True)
        kind: Mapped[str] = mapped_column(sa.String(20))
        title: Mapped[str] = mapped_column(sa.String(300))
        summary: Mapped[str] = mapped_column(sa.Text)
        body: Mapped[str] = mapped_column(sa.Text)
        attachment: Mapped[str] = mapped_column(sa.Text)
        topic: Mapped[str] = mapped_column(sa.String(100))
        region: Mapped[str] = mapped_column(sa.String(100))
        element: Mapped[str] = mapped_column(sa.String(100))
        visibility: Mapped[str] = mapped_column(sa.String(10))
        date: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))

    def to_document(doc):
        return SearchDocument(
            title=doc.title,
            url=f"/bench/{doc.id}",
            summary=doc.summary,
            body=doc.body,
            visibility=doc.visibility,
            facets={"topic": [doc.topic], "region": [doc.region], "element": [doc.element]},
            date=doc.date.replace(tzinfo=UTC) if doc.date.tzinfo is None else doc.date,
            upcoming=(doc.date.replace(tzinfo=UTC) > datetime.now(UTC)) if doc.kind == "event" else None,
            attachments=[("toolkit.pdf", doc.attachment)] if doc.attachment else [],
        )

    url = f"sqlite:///{workdir / 'bench.db'}"
    app = create_app(TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(workdir / "ix")})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(Path(__file__).resolve().parents[1] / "migrations"))
        Base.metadata.create_all(db.engine)
        register(SearchableType("bench", "Bench document", BenchDoc, to_document, lambda: db.session.query(BenchDoc)))
        with db.engine.begin() as conn:
            for start in range(0, len(docs), 1000):
                conn.execute(BenchDoc.__table__.insert(), docs[start : start + 1000])

        started = time.perf_counter()
        written = search.reindex(app)
        rebuild_seconds = time.perf_counter() - started

        delays = []
        for n in range(5):
            doc = db.session.get(BenchDoc, 1 + n * 37)
            marker = f"zqxmarker{n}"
            started = time.perf_counter()
            doc.body = doc.body + " " + marker
            db.session.commit()  # the outbox row is applied after this commit
            while search.query(SearchRequest(text=marker, member=True)).total == 0:
                time.sleep(0.001)
            delays.append(time.perf_counter() - started)

        def ask(q):
            return search.query(
                SearchRequest(
                    text=q["text"],
                    filters={"topic": [q["topic"]]} if q["topic"] else {},
                    member=q["member"],
                    sort=q["sort"],
                )
            )

        for q in queries[:20]:
            ask(q)  # warm caches, as a running worker would have them
        timings, cpu, totals = [], [], []
        for q in queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            page = ask(q)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            totals.append(page.total)
            assert all(hit.snippet is not None for hit in page.hits)
        db.session.remove()
    return {
        "docs": written,
        "rebuild_seconds": rebuild_seconds,
        "rebuild_rate": written / rebuild_seconds,
        "update_delay_max": max(delays),
        "update_delay_median": statistics.median(delays),
        "p50": percentile(timings, 50) * 1000,
        "p95": percentile(timings, 95) * 1000,
        "cpu_p50": percentile(cpu, 50) * 1000,
        "cpu_p95": percentile(cpu, 95) * 1000,
        "words_p95": percentile([t for t, q in zip(timings, queries, strict=True) if '"' not in q["text"]], 95) * 1000,
        "phrases_p95": percentile([t for t, q in zip(timings, queries, strict=True) if '"' in q["text"]], 95) * 1000,
        "mean_hits": statistics.mean(totals),
    }


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
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--queries", type=int, default=240)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    queries = make_queries(args.queries)
    print(f"# Search benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.machine()} {os.cpu_count()} CPUs, {platform.processor() or platform.platform()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print(
        f"{len(queries)} queries per corpus (1-3 words, phrases, acronyms, plurals; 1/3 with a topic facet, "
        "half anonymous, 1/5 sorted by date); facet counts and highlighted snippets on every query"
    )
    print(f"load average at start: {load()}\n")
    rows = []
    for size in sizes:
        docs = make_corpus(size)
        words = sum(len((d["title"] + d["summary"] + d["body"] + d["attachment"]).split()) for d in docs) / size
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            whoosh = whoosh_run(docs, queries, workdir)
            fts = fts_run(docs, queries, workdir)
        rows.append((size, words, whoosh, fts))
        print(
            f"{size:>6} docs (mean {words:.0f} words): rebuild {whoosh['rebuild_rate']:.0f} docs/s "
            f"({whoosh['rebuild_seconds']:.1f} s); update searchable after {whoosh['update_delay_median'] * 1000:.0f} ms "
            f"(max {whoosh['update_delay_max'] * 1000:.0f} ms); Whoosh p50 {whoosh['p50']:.1f} ms p95 {whoosh['p95']:.1f} ms "
            f"(CPU {whoosh['cpu_p50']:.1f} / {whoosh['cpu_p95']:.1f} ms; p95 without phrases {whoosh['words_p95']:.1f} ms, "
            f"phrases only {whoosh['phrases_p95']:.1f} ms); "
            f"FTS5 build {fts['build_rate']:.0f} docs/s p50 {fts['p50']:.1f} ms p95 {fts['p95']:.1f} ms",
            flush=True,
        )
    print(f"load average at end: {load()}")
    print(
        "\n| docs | mean words | rebuild docs/s | update visible (median / max) | Whoosh p50 | Whoosh p95 "
        "| p95 words only / phrases only | FTS5 build docs/s | FTS5 p50 | FTS5 p95 | p50, p95 Whoosh/FTS5 |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, words, w, f in rows:
        print(
            f"| {size:,} | {words:.0f} | {w['rebuild_rate']:,.0f} | {w['update_delay_median'] * 1000:.0f} ms / "
            f"{w['update_delay_max'] * 1000:.0f} ms | {w['p50']:.1f} ms | {w['p95']:.1f} ms | {w['words_p95']:.1f} / "
            f"{w['phrases_p95']:.1f} ms | {f['build_rate']:,.0f} | {f['p50']:.1f} ms | {f['p95']:.1f} ms "
            f"| {w['p50'] / f['p50']:.2f}x, {w['p95'] / f['p95']:.2f}x |"
        )
    if len(rows) >= 2:
        growth = rows[-1][2]["p95"] / rows[0][2]["p95"]
        cpu_growth = rows[-1][2]["cpu_p95"] / rows[0][2]["cpu_p95"]
        fts_growth = rows[-1][3]["p95"] / rows[0][3]["p95"]
        print(
            f"\np95 growth {rows[0][0]:,} -> {rows[-1][0]:,} docs: Whoosh {growth:.1f}x (CPU {cpu_growth:.1f}x), "
            f"FTS5 {fts_growth:.1f}x"
        )
    largest = rows[-1][2]
    print(
        f"targets: p95 <= 50 ms at the largest size: {'met' if largest['p95'] <= 50 else 'MISSED'} "
        f"({largest['p95']:.1f} ms); rebuild >= 1,000 docs/s: "
        f"{'met' if min(r[2]['rebuild_rate'] for r in rows) >= 1000 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
