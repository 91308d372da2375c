"""Uploads: allowlisted types whose content matches the extension, size limits, no leftovers."""

import io
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
