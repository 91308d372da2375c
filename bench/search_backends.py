"""The app's search service under load, on either backend (used by bench/search.py).

Whoosh runs on a throw-away SQLite database with its index folder; PostgreSQL on the database
named by BENCH_DATABASE_URL (its `public` schema is dropped and migrated again: never point it
at data you want). Each run: insert the corpus, `search.reindex` (timed: the rebuild rate),
five edits each timed until the search finds them (the update delay), then every query with
facet counts and highlighted snippets, timed per query shape.
"""

import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

SHAPES = ("one word", "two words", "three words", "phrase", "acronym + word", "plural")
ROOT = Path(__file__).resolve().parents[1]


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))] if ordered else 0.0


def _bench_type():
    import sqlalchemy as sa
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

    from app.search import SearchDocument

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
        date = doc.date.replace(tzinfo=UTC) if doc.date.tzinfo is None else doc.date
        return SearchDocument(
            title=doc.title,
            url=f"/bench/{doc.id}",
            summary=doc.summary,
            body=doc.body,
            visibility=doc.visibility,
            facets={"topic": [doc.topic], "region": [doc.region], "element": [doc.element]},
            date=date,
            upcoming=(date > datetime.now(UTC)) if doc.kind == "event" else None,
            attachments=[("toolkit.pdf", doc.attachment)] if doc.attachment else [],
        )

    return Base, BenchDoc, to_document


def _fresh_postgres(url):
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def service_run(docs, queries, workdir, backend, postgres_url=None):
    """Rebuild rate, update delay and query times of `search` on `backend` ("whoosh", "postgres")."""
    from app import create_app
    from app.extensions import db
    from app.search import SearchableType, register, search
    from app.search.engine import SearchRequest
    from config import TestingConfig, normalise_database_url

    if backend == "postgres":
        url = normalise_database_url(postgres_url)
        _fresh_postgres(url)
    else:
        url = f"sqlite:///{workdir / 'bench.db'}"
    overrides = {"SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": str(workdir / "ix"), "SEARCH_BACKEND": backend}
    app = create_app(TestingConfig, overrides=overrides)
    Base, BenchDoc, to_document = _bench_type()
    with app.app_context():
        from flask_migrate import upgrade

        upgrade(directory=str(ROOT / "migrations"))
        Base.metadata.create_all(db.engine)
        register(SearchableType("bench", "Bench document", BenchDoc, to_document, lambda: db.session.query(BenchDoc)))
        with db.engine.begin() as conn:
            for start in range(0, len(docs), 1000):
                conn.execute(
                    BenchDoc.__table__.insert(), [{k: v for k, v in d.items()} for d in docs[start : start + 1000]]
                )
        if backend == "postgres":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE bench_doc")

        started = time.perf_counter()
        written = search.reindex(app)
        rebuild_seconds = time.perf_counter() - started
        if backend == "postgres":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE search_document")

        delays = []
        for n in range(5):
            doc = db.session.get(BenchDoc, 1 + n * 37)
            marker = f"zqxmarker{n}"
            started = time.perf_counter()
            doc.body = doc.body + " " + marker
            db.session.commit()  # the outbox row is applied after this commit
            while search.query(SearchRequest(text=marker, member=True)).total == 0:
                if time.perf_counter() - started > 30:
                    break
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
        timings, totals = [], []
        for q in queries:
            started = time.perf_counter()
            page = ask(q)
            timings.append(time.perf_counter() - started)
            totals.append(page.total)
            assert page.facets is not None and all(hit.snippet is not None for hit in page.hits)
        db.session.remove()
        db.engine.dispose()
    by_shape = {
        shape: [t for t, q in zip(timings, queries, strict=True) if q["shape"] == n] for n, shape in enumerate(SHAPES)
    }
    return {
        "backend": backend,
        "docs": written,
        "rebuild_seconds": rebuild_seconds,
        "rebuild_rate": written / rebuild_seconds,
        "update_delay_max": max(delays),
        "update_delay_median": statistics.median(delays),
        "p50": percentile(timings, 50) * 1000,
        "p95": percentile(timings, 95) * 1000,
        "shapes": {shape: (percentile(t, 50) * 1000, percentile(t, 95) * 1000) for shape, t in by_shape.items()},
        "mean_hits": statistics.mean(totals),
    }
