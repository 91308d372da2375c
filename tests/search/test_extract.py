"""The text inside uploaded files is indexed, outside the upload request, failures logged."""

import logging

import pytest
from sqlalchemy import select

from app.content.uploads import upload_folder
from app.extensions import db
from app.search import search
from app.search.engine import SearchRequest
from app.search.extract import extract_file
from app.search.models import ExtractedText, ExtractionJob
from tests.search import files

PHRASE = "quokka resilience ladder"


def make_file(extension, text=PHRASE):
    path = upload_folder() / f"sample.{extension}"
    if extension == "pdf":
        filler = [f"Page {n} about rotas" for n in range(1, 12)]
        path.write_bytes(files.pdf_bytes([*filler, f"Page 12 mentions the {text}"]))
    elif extension == "docx":
        files.write_docx(path, text)
    elif extension == "pptx":
        files.write_pptx(path, text)
    elif extension == "xlsx":
        files.write_xlsx(path, text)
    elif extension == "odt":
        files.write_odt(path, text)
    elif extension == "csv":
        path.write_text(f'measure,value\n"{text}",3\n', encoding="utf-8")
    else:
        path.write_text(f"Notes\n{text}\n", encoding="cp1252")
    return path


@pytest.mark.parametrize("extension", ["pdf", "docx", "pptx", "xlsx", "odt", "csv", "txt"])
def test_each_file_type_is_extracted(app, extension):
    outcome = extract_file(make_file(extension))
    assert outcome.status == "ok" and PHRASE in " ".join(outcome.text.split())


def test_phrase_on_page_12_of_a_pdf_finds_the_item_with_that_passage(probes):
    make_file("pdf")
    probes("Team toolkit", body="A toolkit for teams.", file_name="sample.pdf", file_label="toolkit.pdf")
    page = search.query(SearchRequest(text=f'"{PHRASE}"', member=True))
    assert [h.title for h in page.hits] == ["Team toolkit"]
    assert "<mark>quokka</mark>" in str(page.hits[0].snippet) and page.hits[0].snippet_source == "toolkit.pdf"
    assert db.session.scalar(select(ExtractedText.text)).count("quokka") == 1  # cached by hash


def test_unreadable_file_is_logged_and_the_item_still_indexed(probes, caplog):
    (upload_folder() / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with caplog.at_level(logging.WARNING, logger="ohwb.search"):
        probes("Broken upload", file_name="broken.docx")
    assert "Could not extract text" in caplog.text
    assert search.query(SearchRequest(text="broken upload", member=True)).total == 1


def test_extraction_is_deferred_out_of_the_request(app, probes):
    """Inside a request the item is indexed at once and the file's text follows in the background."""
    make_file("docx")
    with app.test_request_context("/resources/new", method="POST"):
        probes("Uploaded in a request", file_name="sample.docx")
        assert db.session.scalar(select(ExtractionJob.stored_name)) == "sample.docx"
        assert search.query(SearchRequest(text="uploaded request", member=True)).total == 1
        assert search.query(SearchRequest(text="quokka", member=True)).total == 0
    search.worker.join()
    db.session.expire_all()
    assert db.session.scalar(select(ExtractionJob.id)) is None
    assert [h.title for h in search.query(SearchRequest(text="quokka", member=True)).hits] == ["Uploaded in a request"]
