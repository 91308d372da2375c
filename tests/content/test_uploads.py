"""Uploads: allowlisted types whose content matches the extension, size limits, no leftovers."""

import io
import time
import tracemalloc
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from app.content import UploadError, store_upload
from app.content.uploads import send_stored_file, stored_path
from app.extensions import db


def upload(data, name):
    return FileStorage(stream=io.BytesIO(data), filename=name)


def zip_bytes(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in files.items():
            package.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})
VALID = {
    "toolkit.pdf": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF",
    "guide.docx": DOCX,
    "plan.odt": ODT,
    "data.csv": b"metric,before,after\nabsence,5.2,4.1\n",
    "notes.txt": "Plain notes – with a dash".encode(),
    "logo.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
    "photo.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 20,
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_files_are_stored_with_random_names(app, name):
    stored = store_upload(upload(VALID[name], name))
    db.session.commit()
    path = stored_path(stored.name)
    assert path.read_bytes() == VALID[name]
    assert stored.original_name == name and name not in stored.name
    assert not str(path).startswith(app.static_folder)


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>", "not a real PDF"),
        ("archive.docx", zip_bytes({"something.txt": "x"}), "not a real DOCX"),
        ("fake.png", b"GIF89a", "not a real PNG"),
        ("binary.txt", b"abc\x00def", "not a real TXT"),
        ("doc.odt", DOCX, "not a real ODT"),
        ("script.exe", b"MZ", "must be a"),
        ("page.html", b"<html></html>", "must be a"),
        ("noextension", b"%PDF-", "must be a"),
        ("empty.pdf", b"", "empty"),
        ("", b"%PDF-", "Select a file"),
    ],
)
def test_bad_files_are_refused_and_leave_nothing(app, name, data, message):
    with pytest.raises(UploadError, match=message):
        store_upload(upload(data, name))
    db.session.rollback()
    folder = stored_path("x").parent
    assert list(folder.iterdir()) == []


def test_size_limit(make_app):
    app = make_app(UPLOAD_MAX_MB=1)
    with app.app_context():
        with pytest.raises(UploadError, match="smaller than 1 MB"):
            store_upload(upload(b"%PDF-" + b"x" * (1024 * 1024 + 10), "big.pdf"))
        assert list(stored_path("x").parent.iterdir()) == []


def test_path_in_filename_is_ignored(app):
    stored = store_upload(upload(VALID["notes.txt"], "../../etc/passwd.txt"))
    assert stored.original_name == "passwd.txt" and "/" not in stored.name


def test_rollback_or_no_commit_removes_the_file(app):
    stored = store_upload(upload(VALID["toolkit.pdf"], "a.pdf"))
    db.session.rollback()
    assert not stored_path(stored.name).exists()
    stored = store_upload(upload(VALID["toolkit.pdf"], "b.pdf"))
    db.session.remove()
    assert not stored_path(stored.name).exists()


def test_download_is_an_attachment_with_nosniff(app):
    stored = store_upload(upload(VALID["toolkit.pdf"], "toolkit.pdf"))
    db.session.commit()
    with app.test_request_context():
        response = send_stored_file(stored.name, "Wellbeing toolkit.pdf", stored.mimetype)
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert "Wellbeing" in response.headers["Content-Disposition"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()


def _checked_cheaply(data, name):
    """store_upload's outcome for `data`, and the seconds and Python heap the check spent."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        try:
            outcome = store_upload(upload(data, name))
        except UploadError as exc:
            outcome = exc
        seconds, (_, peak) = time.monotonic() - started, tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seconds < 2 and peak < 2 * 1024 * 1024, (seconds, peak)
    return outcome


def test_odt_whose_mimetype_part_unzips_to_100_mb_is_checked_without_inflating_it(app):
    """The web process reads the few bytes it compares, not the 100 MB the part expands to."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("mimetype", b"application/vnd.oasis.opendocument.text" + b" " * (100 * 1024 * 1024))
        package.writestr("content.xml", "<office/>")
    stored = _checked_cheaply(buffer.getvalue(), "plan.odt")
    assert stored.extension == "odt"  # accepted: its text is refused later, in the confined reader


def test_docx_with_a_directory_no_document_needs_is_refused_before_it_is_parsed(app):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        for number in range(25_000):
            package.writestr(f"word/media/part{number:06d}.xml", b"")
    refused = _checked_cheaply(buffer.getvalue(), "many.docx")
    assert isinstance(refused, UploadError) and "not a real DOCX" in refused.message
    db.session.rollback()
    assert list(stored_path("x").parent.iterdir()) == []
