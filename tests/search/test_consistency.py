"""Index changes are applied after commit by whichever process gets the writer; none are lost."""

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.search import search
from app.search.engine import SearchRequest
from app.search.models import SearchOutbox
from tests.search.conftest import writer_held

ROOT = Path(__file__).resolve().parents[2]


def titles(text):
    return sorted(hit.title for hit in search.query(SearchRequest(text=text, member=True, page_size=100)).hits)


def total(text):
    return search.query(SearchRequest(text=text, member=True)).total


def pending():
    return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def spawn(app, prefix, count, mode=""):
    args = [sys.executable, "-m", "tests.search.writer_process", app.config["SQLALCHEMY_DATABASE_URI"]]
    args += [app.config["SEARCH_INDEX_DIR"], prefix, str(count)] + ([mode] if mode else [])
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_commit_is_searchable_at_once_and_outbox_emptied(probes):
    probes("Searchable straight away")
    assert titles("straight") == ["Searchable straight away"]
    assert pending() == 0


def test_busy_writer_never_reaches_the_user_and_nothing_is_lost(app, probes, client):
    app.config["SEARCH_WRITER_TIMEOUT"] = 0.2
    with writer_held():  # another "process" holds the writer
        probes("Waiting in the outbox")  # commit succeeds; indexing gives up quietly
        assert pending() == 1 and titles("outbox") == []
    app.config["SEARCH_POLL_SECONDS"] = 0
    assert client.get("/").status_code == 200  # the next request applies what was left
    assert titles("outbox") == ["Waiting in the outbox"] and pending() == 0


@pytest.mark.slow
def test_several_processes_writing_at_once(app, probes):
    workers = [spawn(app, f"worker{n}", 15) for n in range(4)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert "LockError" not in err and "Traceback" not in err
    finished = time.monotonic()
    while total("written") < 60 and time.monotonic() - finished < 2:
        time.sleep(0.05)
    assert total("written") == 60
    assert pending() == 0
    assert titles("worker3")[:2] == ["worker3 item 0", "worker3 item 1"]


@pytest.mark.slow
def test_process_killed_right_after_commit_loses_nothing(app, probes, runner):
    worker = spawn(app, "doomed", 1, "die-after-commit")
    worker.communicate(timeout=60)
    assert worker.returncode == 9
    assert pending() == 1 and titles("doomed") == []  # committed, but never indexed
    result = runner.invoke(args=["search", "apply"])
    assert result.exit_code == 0 and "Applied 1" in result.output
    assert titles("doomed") == ["doomed item 0"]


def test_check_reports_missing_stale_and_extra_and_reindex_fixes(app, probes, runner):
    keep = probes("Kept item")
    stale = probes("Stale item")
    gone = probes("Gone item")
    app.config["SEARCH_WRITER_TIMEOUT"] = 0.1
    with writer_held():
        stale.title = "Stale item renamed"
        probes("Missing item")
        db.session.delete(gone)
        db.session.commit()
    db.session.execute(SearchOutbox.__table__.delete())  # as if the queue were lost
    db.session.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert "Missing: 1" in result.output and "Stale: 1" in result.output and "Extra: 1" in result.output
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "Indexed 3 document(s)" in result.output
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0 and "matches the database" in result.output
    assert titles("item") == ["Kept item", "Missing item", "Stale item renamed"]
    assert keep.id


@pytest.mark.whoosh
def test_reindex_swaps_atomically_and_search_keeps_answering(app, probes):
    probes("Before the rebuild")
    searcher_before = search.store.searcher()
    old_name = search.store.current_name()

    seen_during = []

    def progress(step):
        # Mid-rebuild, the live index still answers.
        seen_during.append(titles("rebuild"))

    written = search.reindex(app, progress=progress)
    assert written == 1 and seen_during == [["Before the rebuild"]]
    assert search.store.current_name() != old_name
    assert titles("rebuild") == ["Before the rebuild"]
    assert searcher_before is not search.store.searcher()


def test_changes_during_a_rebuild_are_applied_to_the_new_index(app, probes):
    probes("Old entry")
    app.config["SEARCH_WRITER_TIMEOUT"] = 0.1

    def progress(step):
        if not titles("midway"):
            probes("Added midway")  # its indexing waits: the rebuild holds the writer

    search.reindex(app, progress=progress)
    assert titles("midway") == ["Added midway"] and pending() == 0


def test_healthz_still_reports_the_index(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["checks"]["search_index"] == "ok"


def test_threads_keep_searching_while_the_index_changes(app, probes):
    import threading

    errors = []

    def reader():
        with app.app_context():
            for _ in range(30):
                try:
                    search.query(SearchRequest(text="threaded", member=True))
                except Exception as error:  # noqa: BLE001 (collected and asserted below)
                    errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for n in range(10):
        probes(f"Threaded item {n}")
    for thread in threads:
        thread.join()
    assert errors == [] and total("threaded") == 10


def test_a_savepoint_rolled_back_after_a_change_does_not_drop_the_index_update(probes):
    """A nested transaction that fails (a duplicate row caught with begin_nested) rolls back only
    the savepoint: what the outer transaction changed is still indexed at its commit."""
    probes("Kept after a savepoint", commit=False)
    db.session.flush()
    with pytest.raises(DBAPIError), db.session.begin_nested():
        db.session.execute(select(1).where(func.no_such_function() == 1))
    db.session.commit()
    assert titles("savepoint") == ["Kept after a savepoint"] and pending() == 0


def test_a_savepoint_released_before_the_commit_does_not_use_up_the_index_update(probes):
    """Releasing a savepoint is not the commit: the change is indexed when the outer
    transaction commits, not lost to a search of data no other session can see yet."""
    probes("Kept past a released savepoint", commit=False)
    db.session.flush()
    with db.session.begin_nested():
        probes("Written inside the savepoint", commit=False)
    db.session.commit()
    assert titles("savepoint") == ["Kept past a released savepoint", "Written inside the savepoint"]
    assert pending() == 0


def test_searches_answer_during_a_rebuild_and_changes_made_meanwhile_are_kept(app, probes):
    import threading

    from tests.search.probe import Probe

    kept, renamed, deleted = (probes(f"Rebuilt item {n}").id for n in range(3))
    app.config["SEARCH_WRITER_TIMEOUT"] = 0.1
    seen, errors = [], []

    def elsewhere(work):
        """Another request: its own thread, app context and database session."""

        def run():
            with app.app_context():
                try:
                    work()
                except Exception as error:  # noqa: BLE001 (collected and asserted below)
                    errors.append(error)
                finally:
                    db.session.remove()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(timeout=20)
        assert not thread.is_alive(), "a search or an edit waited for the rebuild"

    def edit():
        db.session.get(Probe, renamed).title = "Rebuilt item renamed midway"
        db.session.delete(db.session.get(Probe, deleted))
        db.session.add(Probe(title="Rebuilt item added midway", date=datetime(2026, 1, 1, tzinfo=UTC)))
        db.session.commit()  # its indexing waits in the outbox: the rebuild holds the writer

    def progress(step):
        elsewhere(lambda: seen.append(titles("rebuilt")))
        if len(seen) == 2:
            elsewhere(edit)

    search.reindex(app, progress=progress)
    before = ["Rebuilt item 0", "Rebuilt item 1", "Rebuilt item 2"]
    assert errors == [] and len(seen) == 3 and all(found == before for found in seen)
    assert titles("rebuilt") == ["Rebuilt item 0", "Rebuilt item added midway", "Rebuilt item renamed midway"]
    assert pending() == 0 and kept
    report = search.check(app)
    assert (report["missing"], report["stale"], report["extra"]) == ([], [], [])
