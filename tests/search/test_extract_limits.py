"""Hostile files are read outside this process, refused quickly at the limits, and explained.

Each test indexes an item whose file is a crafted bomb and checks what people would notice:
the item is still found by its own words, the file's words are not indexed, the reason is
recorded for its owner, and this (the web) process neither waited long nor grew.
"""

import time
import tracemalloc

import pytest
from sqlalchemy import select

from app.content.uploads import upload_folder
from app.extensions import db
from app.search import attachment_notice, search
from app.search.engine import SearchRequest
from app.search.models import ExtractedText
from tests.search import bombs, files

PHRASE = "quokka resilience ladder"
# What the web process may spend on one refused file: wall-clock seconds and Python heap.
FAST_SECONDS = 5
SMALL_HEAP = 8 * bombs.MB


@pytest.fixture
def index_file(probes):
    """Index a probe carrying the named upload; return (outcome row, seconds, heap peak)."""

    def run(name):
        tracemalloc.start()
        started = time.monotonic()
        try:
            probes("Shift rota toolkit", body="Guidance for rota planners.", file_name=name)
            seconds, (_, peak) = time.monotonic() - started, tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return db.session.scalar(select(ExtractedText)), seconds, peak

    return run


def titles(text):
    return [hit.title for hit in search.query(SearchRequest(text=text, member=True)).hits]


def assert_refused(row, seconds, peak, reason):
    """The file's text is left out for `reason`, quickly and cheaply; the item is still found."""
    assert row.status == "limit" and row.text == ""
    assert attachment_notice(row.sha256) == f"The text of this file is not searchable: {reason}."
    assert titles("rota toolkit") == ["Shift rota toolkit"]
    assert titles(f'"{PHRASE}"') == []
    assert seconds < FAST_SECONDS, f"refusing took {seconds:.1f}s"
    assert peak < SMALL_HEAP, f"the web process allocated {peak // bombs.MB} MB"


ZIP_REASONS = {
    "total": "it expands to more than 50 MB when unzipped",
    "ratio": "part of it expands to more than 100 times its size when unzipped",
    "members": "it is a package of more than 5,000 files",
}


@pytest.mark.parametrize("kind", sorted(ZIP_REASONS))
@pytest.mark.parametrize("extension", sorted(bombs.MAIN_PART))
def test_zip_bombs_of_each_format_are_refused_before_parsing(index_file, extension, kind):
    bombs.zip_bomb(upload_folder() / f"bomb.{extension}", extension, PHRASE, kind)
    assert_refused(*index_file(f"bomb.{extension}"), ZIP_REASONS[kind])


def test_pdf_pages_sharing_one_huge_content_stream_are_refused_quickly(index_file):
    """The issue's 18.8 KB PDF: 20 pages drawing one 5 MB stream took 238 s to read."""
    (upload_folder() / "shared.pdf").write_bytes(bombs.shared_stream_pdf(pages=20, stream_mb=5))
    assert_refused(*index_file("shared.pdf"), "its pages hold more than 10 MB of layout instructions")


def test_pdf_over_the_page_cap_is_refused(index_file):
    (upload_folder() / "long.pdf").write_bytes(files.pdf_bytes([PHRASE] * 1001))
    assert_refused(*index_file("long.pdf"), "it has more than 1,000 pages")


def test_pdf_with_too_much_text_is_refused(index_file):
    (upload_folder() / "wordy.pdf").write_bytes(files.pdf_bytes([f"{PHRASE} " * 400] * 60))
    assert_refused(*index_file("wordy.pdf"), "it holds more than 500,000 characters of text")


@pytest.mark.parametrize("extension", ["txt", "csv"])
def test_text_file_over_the_length_cap_is_refused(index_file, extension):
    (upload_folder() / f"long.{extension}").write_text(f"{PHRASE}\n" * 21_000, encoding="utf-8")
    assert_refused(*index_file(f"long.{extension}"), "it holds more than 500,000 characters of text")


def test_text_file_just_under_the_length_cap_is_indexed(index_file):
    (upload_folder() / "notes.txt").write_text(f"{PHRASE}\n" * 20_000, encoding="utf-8")
    row, _, _ = index_file("notes.txt")
    assert row.status == "ok" and attachment_notice(row.sha256) is None
    assert titles(f'"{PHRASE}"') == ["Shift rota toolkit"]


def test_reader_over_the_memory_cap_is_stopped(app, index_file):
    """A DOCX within the ZIP limits whose parse needs more memory than the child may have."""
    app.config["EXTRACT_MEMORY_MB"] = 120
    bombs.swollen_docx(upload_folder() / "swollen.docx", PHRASE, megabytes=20)
    assert_refused(*index_file("swollen.docx"), "reading it needed more than 120 MB of memory")


def test_reader_over_the_cpu_limit_is_killed(app, index_file):
    app.config.update(EXTRACT_MAX_PDF_CONTENT_MB=1000, EXTRACT_CPU_SECONDS=1)
    (upload_folder() / "slow.pdf").write_bytes(bombs.shared_stream_pdf(pages=20, stream_mb=5))
    assert_refused(*index_file("slow.pdf"), "reading it needed more than 1 seconds of processing")


def test_reader_over_the_wall_clock_limit_is_killed(app, index_file):
    app.config.update(EXTRACT_MAX_PDF_CONTENT_MB=1000, EXTRACT_TIMEOUT_SECONDS=1)
    (upload_folder() / "slow.pdf").write_bytes(bombs.shared_stream_pdf(pages=20, stream_mb=5))
    assert_refused(*index_file("slow.pdf"), "reading it took longer than 1 seconds")


def test_unreadable_file_is_explained_as_unreadable(index_file):
    (upload_folder() / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    row, _, _ = index_file("broken.pdf")
    assert row.status == "failed" and row.error
    assert attachment_notice(row.sha256) == (
        "The text of this file is not searchable: it could not be read (it may be damaged or protected by a password)."
    )
    assert titles("rota toolkit") == ["Shift rota toolkit"]


def test_retry_files_reads_refused_files_again_under_raised_limits(app, index_file, runner):
    (upload_folder() / "long.txt").write_text(f"{PHRASE}\n" * 21_000, encoding="utf-8")
    row, _, _ = index_file("long.txt")
    assert row.status == "limit" and titles(f'"{PHRASE}"') == []
    app.config["EXTRACT_MAX_CHARS"] = 600_000
    result = runner.invoke(args=["search", "retry-files"])
    assert result.exit_code == 0 and "Reading 1 file(s) again." in result.output
    db.session.expire_all()
    assert db.session.get(ExtractedText, row.sha256).status == "ok"
    assert attachment_notice(row.sha256) is None
    assert titles(f'"{PHRASE}"') == ["Shift rota toolkit"]


def test_a_limit_the_child_cannot_apply_means_the_file_is_not_read(app, index_file):
    """A misconfigured limit fails closed: nothing is parsed without the caps in place."""
    app.config["EXTRACT_MEMORY_MB"] = -5
    (upload_folder() / "notes.txt").write_text(PHRASE, encoding="utf-8")
    row, _, _ = index_file("notes.txt")
    assert row.status == "failed" and row.error.startswith("could not apply the limits")
    assert titles(f'"{PHRASE}"') == []
