"""With REDIS_URL, a commit that changes searchable content enqueues the outbox drain, and
the worker's run of it makes the change searchable; the drain is idempotent and the
per-request poll is off (the queue replaced it)."""

from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.search import search
from app.search.engine import SearchRequest
from app.search.index_service import drain_outbox
from app.search.models import SearchOutbox


def titles(text):
    return sorted(hit.title for hit in search.query(SearchRequest(text=text, member=True, page_size=100)).hits)


def pending():
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def test_a_change_is_searchable_once_the_worker_drains_the_outbox(queued, work, probes, find):
    probes("Hydrotherapy for back pain")
    assert pending() == 1 and titles("hydrotherapy") == []
    assert jobs.queue_depth() == 1

    work()

    assert titles("hydrotherapy") == ["Hydrotherapy for back pain"]
    assert pending() == 0
    status, html = find(q="hydrotherapy")
    assert status == 200 and "Hydrotherapy for back pain" in html


def test_draining_twice_changes_nothing(queued, work, probes):
    probes("Fatigue clinic")
    jobs.enqueue(drain_outbox)
    work()
    assert drain_outbox() == 0
    assert titles("fatigue") == ["Fatigue clinic"] and pending() == 0


def test_the_request_poll_is_off_when_the_queue_carries_the_work(queued, probes, client):
    queued.config["SEARCH_POLL_SECONDS"] = 0
    probes("Left for the worker")
    client.get("/")
    assert pending() == 1  # a page view does not apply it: the worker's job does


def test_without_redis_a_commit_is_searchable_at_once(app, probes):
    probes("Straight into the index")
    assert titles("straight") == ["Straight into the index"] and pending() == 0


def test_with_redis_down_the_commit_is_indexed_here(app, probes):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    probes("Indexed despite the queue")
    assert titles("despite") == ["Indexed despite the queue"] and pending() == 0


def test_a_files_text_is_read_by_the_worker_not_the_request(queued, work, probes):
    from tests.search.test_extract import make_file

    make_file("docx")
    with queued.test_request_context("/resources/new", method="POST"):
        probes("Uploaded in a request", file_name="sample.docx")
    assert titles("quokka") == []
    work()
    assert titles("quokka") == ["Uploaded in a request"]


def test_waiting_extractions_are_a_job_of_their_own(queued, work, probes):
    from app.search.models import ExtractionJob
    from tests.search.test_extract import make_file

    make_file("docx")
    probe = probes("Waiting for its text")
    work()
    probe.file_name = "sample.docx"
    db.session.add(ExtractionJob(kind="probe", object_id=probe.id, stored_name="sample.docx", sha256="0" * 64))
    db.session.commit()  # the drain runs first and finds the extraction waiting: it enqueues extract_files
    work()
    assert db.session.scalar(select(func.count()).select_from(ExtractionJob)) == 0
    assert titles("quokka") == ["Waiting for its text"]
