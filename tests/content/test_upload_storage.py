"""Uploads are written atomically (a temporary name in the same folder, then os.replace), and a
full, read-only or missing upload folder gives the uploader a clear message and leaves no
record and no file behind."""

import errno
import os
import subprocess

import pytest
from sqlalchemy import func, select

from app.content import uploads
from app.extensions import db
from app.resources.models import Resource
from tests.kb.conftest import upload
from tests.kb.test_resources import form_data

MESSAGE = "The file could not be saved because of a problem on our side. Try again later"


def share(client, file):
    return client.post("/resources/new", data=form_data(file=file), content_type="multipart/form-data")


def resources():
    return db.session.scalar(select(func.count()).select_from(Resource))


def files_in(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def assert_refused_cleanly(response, folder):
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 503)
    assert MESSAGE in html and "Error:" in html
    assert resources() == 0
    assert files_in(folder) == []  # not even a temporary file


@pytest.fixture
def mounted(tmp_path):
    """Mount a small tmpfs at a fresh folder (root only), unmounted afterwards."""
    mounts = []

    def mount(options):
        if os.geteuid() != 0:
            pytest.skip("mounting a small file system needs root")
        point = tmp_path / f"mnt{len(mounts)}"
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounts.append(point)
        return point

    yield mount
    for point in mounts:
        subprocess.run(["umount", str(point)], check=False)


def test_a_saved_file_arrives_whole_under_its_final_name(app, client, auth, make_user, monkeypatch):
    renames = []
    real_replace = os.replace

    def spy(src, dst):
        renames.append((str(src), str(dst), os.path.exists(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(uploads.os, "replace", spy)
    auth.login(make_user())
    assert share(client, upload("pdf")).status_code == 302
    ((src, dst, existed),) = renames
    assert os.path.dirname(src) == os.path.dirname(dst) and src.endswith(".part") and not existed
    version = db.session.scalar(select(Resource)).current_version
    folder = uploads.upload_folder()
    assert files_in(folder) == [version.stored_name]


def test_a_full_folder_is_a_clear_message_and_nothing_half_made(app, client, auth, make_user, monkeypatch):
    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads.os, "replace", full)
    auth.login(make_user())
    assert_refused_cleanly(share(client, upload("pdf")), uploads.upload_folder())


def test_a_really_full_folder(make_app, make_user, mounted, caplog):
    folder = mounted("size=64k")
    app = make_app(UPLOAD_FOLDER=str(folder))
    with app.app_context():
        client = app.test_client()
        client.post("/auth/login", data={"email": make_user().email, "password": "correct horse battery"})
        big = upload("txt", data=b"staff wellbeing notes\n" * 20_000)  # about 440 kB
        assert_refused_cleanly(share(client, big), folder)
    assert "Upload folder is full" in caplog.text


def test_a_really_read_only_folder(make_app, make_user, mounted, caplog):
    folder = mounted("ro,size=64k")
    app = make_app(UPLOAD_FOLDER=str(folder))
    with app.app_context():
        client = app.test_client()
        client.post("/auth/login", data={"email": make_user().email, "password": "correct horse battery"})
        assert_refused_cleanly(share(client, upload("pdf")), folder)
    assert "Upload folder is read-only" in caplog.text


def test_a_folder_that_cannot_exist(make_app, make_user, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the upload folder should be")
    app = make_app(UPLOAD_FOLDER=str(blocker / "uploads"))
    with app.app_context():
        client = app.test_client()
        client.post("/auth/login", data={"email": make_user().email, "password": "correct horse battery"})
        response = share(client, upload("pdf"))
        assert MESSAGE in response.get_data(as_text=True) and resources() == 0


def test_the_storage_error_is_a_503_for_callers_that_keep_its_status(app, monkeypatch):
    from werkzeug.datastructures import FileStorage

    monkeypatch.setattr(uploads.os, "replace", lambda s, d: (_ for _ in ()).throw(OSError(errno.EROFS, "Read-only")))
    file = upload("pdf")
    with pytest.raises(uploads.UploadError) as refused:
        uploads.store_upload(FileStorage(stream=file[0], filename=file[1]))
    assert refused.value.status == 503 and refused.value.message == MESSAGE
    assert files_in(uploads.upload_folder()) == []


def test_a_released_savepoint_is_not_the_commit_for_stored_files(app):
    """A file stored (or doomed) before a savepoint is released follows the outer transaction:
    its rollback removes the new file and keeps the one that was to be deleted."""
    from werkzeug.datastructures import FileStorage

    kept = uploads.store_upload(FileStorage(stream=upload("pdf")[0], filename="kept.pdf"))
    db.session.commit()
    new = uploads.store_upload(FileStorage(stream=upload("pdf")[0], filename="new.pdf"))
    uploads.delete_stored_after_commit(kept.name)
    with db.session.begin_nested():
        db.session.execute(select(1))
    db.session.rollback()
    assert files_in(uploads.upload_folder()) == [kept.name]
    assert new.name != kept.name
