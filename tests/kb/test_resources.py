"""Sharing resources: uploads (allowlist, disguised and oversized files), versions, downloads, reuse."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.publishing.models import ReuseRecord, UsefulMark
from app.resources.models import Resource, ResourceDownload, ResourceVersion
from tests.kb.conftest import term, upload, uploads_in


def form_data(**overrides):
    data = {
        "title": "Menopause passport template",
        "summary": "A passport staff fill in once and share with any manager.",
        "resource_type": "template",
        "description": "Use it in **one-to-ones**.",
        "licence": "adapt-credit",
        "reuse_terms": "Free to adapt with credit",
        "audience": "Line managers",
        "visibility": "members",
        "region": "None",
        "topics": [str(term("topic", "menopause").id)],
        "sectors": [str(term("sector", "primary-care").id)],
        "file_note": "",
        "external_url": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("extension", ["pdf", "docx", "xlsx", "pptx", "csv", "txt"])
def test_member_shares_a_file_resource(app, client, auth, make_user, extension):
    auth.login(make_user())
    response = client.post("/resources/new", data=form_data(file=upload(extension)), content_type="multipart/form-data")
    assert response.status_code == 302
    item = db.session.scalar(select(Resource))
    version = item.current_version
    assert item.status == "draft" and version.number == 1 and version.extension == extension
    assert version.original_name == f"passport.{extension}"
    assert uploads_in(app) == [version.stored_name]
    assert version.stored_name != version.original_name


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("passport.pdf", b"<html><script>alert(1)</script></html>", "not a real PDF file"),
        ("passport.docx", b"PK\x03\x04 not really a zip", "not a real DOCX file"),
        ("passport.exe", b"MZ\x90\x00", "must be a"),
        ("passport.html", b"<html></html>", "must be a"),
        ("passport.png", b"GIF89a", "not a real PNG file"),
        ("passport.txt", b"", "The selected file is empty"),
    ],
)
def test_disguised_or_disallowed_files_are_refused_leaving_nothing(app, client, auth, make_user, name, data, message):
    auth.login(make_user())
    response = client.post(
        "/resources/new", data=form_data(file=upload(name=name, data=data)), content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Resource)) == 0
    assert db.session.scalar(select(func.count()).select_from(ResourceVersion)) == 0
    assert uploads_in(app) == []


def test_oversized_upload_gets_a_friendly_413_and_nothing_is_saved(make_app, make_user):
    app = make_app(UPLOAD_MAX_MB=1)
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    with app.app_context():
        make_user(email="big@nhs.net")
    client = app.test_client()
    client.post("/auth/login", data={"email": "big@nhs.net", "password": "correct horse battery"})
    just_over = upload("txt", data=b"a" * (1024 * 1024 + 10))
    response = client.post("/resources/new", data=form_data(file=just_over), content_type="multipart/form-data")
    assert response.status_code == 400 and "smaller than 1 MB" in response.get_data(as_text=True)
    huge = upload("txt", data=b"a" * (3 * 1024 * 1024))
    response = client.post("/resources/new", data=form_data(file=huge), content_type="multipart/form-data")
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Resource)) == 0
        assert uploads_in(app) == []


def test_a_file_or_a_link_is_required_and_links_must_be_web_addresses(client, auth, make_user):
    auth.login(make_user())
    neither = client.post("/resources/new", data=form_data())
    assert neither.status_code == 400 and "Add a file or a link to the resource" in neither.get_data(as_text=True)
    for bad in ["javascript:alert(1)", "data:text/html,hi", "ftp://x.org/a", "https://no spaces.org"]:
        response = client.post("/resources/new", data=form_data(external_url=bad))
        assert response.status_code == 400, bad
    ok = client.post("/resources/new", data=form_data(external_url="https://www.england.nhs.uk/menopause/"))
    assert ok.status_code == 302
    assert db.session.scalar(select(Resource)).current_version is None


def test_missing_fields_are_reported(client, auth, make_user):
    auth.login(make_user())
    response = client.post("/resources/new", data={"visibility": "members", "licence": "adapt-credit"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    for message in ["Enter a title", "Enter a summary", "Select the type of resource", "Enter a description"]:
        assert message in text


def test_download_headers_and_counting_once_per_hour(client, auth, make_user, make_resource):
    item = make_resource()
    member = make_user()
    auth.login(member)
    response = client.get(f"/resources/{item.slug}/download")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "template.txt" in response.headers["Content-Disposition"]
    assert response.mimetype == "text/plain"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data == b"Template text\n"
    client.get(f"/resources/{item.slug}/download")
    assert db.session.scalar(select(func.count()).select_from(ResourceDownload)) == 1
    auth.logout()
    auth.login(make_user())
    client.get(f"/resources/{item.slug}/download")
    assert db.session.scalar(select(func.count()).select_from(ResourceDownload)) == 2
    assert "2 downloads" in client.get(f"/resources/{item.slug}").get_data(as_text=True)


def test_a_download_counts_again_after_an_hour(client, auth, make_user, make_resource):
    from datetime import timedelta

    item = make_resource()
    auth.login(make_user())
    client.get(f"/resources/{item.slug}/download")
    row = db.session.scalar(select(ResourceDownload))
    row.created_at = row.created_at - timedelta(minutes=61)
    db.session.commit()
    client.get(f"/resources/{item.slug}/download")
    assert db.session.scalar(select(func.count()).select_from(ResourceDownload)) == 2


def test_members_only_download_needs_sign_in_and_drafts_are_404(client, auth, make_user, make_resource):
    members_only = make_resource(visibility="members")
    public = make_resource(visibility="public")
    author = make_user()
    draft = make_resource(author=author, status="draft", visibility="public")
    response = client.get(f"/resources/{members_only.slug}/download")
    assert response.status_code == 302 and "/auth/login" in response.location
    assert client.get(f"/resources/{public.slug}/download").status_code == 200
    assert client.get(f"/resources/{draft.slug}/download").status_code == 404
    auth.login(make_user())
    assert client.get(f"/resources/{draft.slug}/download").status_code == 404
    auth.logout()
    auth.login(author)
    assert client.get(f"/resources/{draft.slug}/download").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(ResourceDownload)) == 1  # drafts do not count


def test_new_version_keeps_old_ones_downloadable(app, client, auth, make_user, make_resource):
    author = make_user()
    item = make_resource(author=author)
    auth.login(make_user())
    assert client.get(f"/resources/{item.slug}/versions/new").status_code == 403
    auth.logout()
    auth.login(author)
    no_note = client.post(
        f"/resources/{item.slug}/versions/new", data={"file": upload("pdf")}, content_type="multipart/form-data"
    )
    assert no_note.status_code == 400 and "Enter what changed in this version" in no_note.get_data(as_text=True)
    assert len(uploads_in(app)) == 1
    bad = client.post(
        f"/resources/{item.slug}/versions/new",
        data={"file": upload(name="fake.pdf", data=b"<html>"), "file_note": "New"},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and len(uploads_in(app)) == 1
    ok = client.post(
        f"/resources/{item.slug}/versions/new",
        data={"file": upload("pdf"), "file_note": "Added manager guidance"},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    page = client.get(f"/resources/{item.slug}").get_data(as_text=True)
    assert "version 2" in page and "Earlier versions" in page
    current = client.get(f"/resources/{item.slug}/download")
    assert current.mimetype == "application/pdf" and current.data.startswith(b"%PDF-")
    old = client.get(f"/resources/{item.slug}/versions/1/download")
    assert old.data == b"Template text\n"
    assert client.get(f"/resources/{item.slug}/versions/9/download").status_code == 404


def test_edit_published_resource_records_revision(client, auth, make_user, make_resource):
    author = make_user()
    item = make_resource(author=author)
    auth.login(author)
    missing = client.post(f"/resources/{item.slug}/edit", data=form_data(title="New title"))
    assert missing.status_code == 400 and "Enter a summary of your change" in missing.get_data(as_text=True)
    ok = client.post(f"/resources/{item.slug}/edit", data=form_data(title="New title", change_summary="Clearer title"))
    assert ok.status_code == 302
    assert "Clearer title" in client.get(f"/resources/{item.slug}").get_data(as_text=True)


@pytest.mark.parametrize("who, status", [("other", 403), ("author", 200), ("moderator", 200)])
def test_resource_edit_by_role(client, auth, make_user, make_resource, who, status):
    author = make_user()
    item = make_resource(author=author)
    auth.login({"other": make_user(), "author": author, "moderator": make_user(role="moderator")}[who])
    assert client.get(f"/resources/{item.slug}/edit").status_code == status


def test_useful_toggles_once_per_member(client, auth, make_user, make_resource):
    item = make_resource()
    auth.login(make_user())
    client.post(f"/resources/{item.slug}/useful")
    assert db.session.scalar(select(func.count()).select_from(UsefulMark)) == 1
    assert "1 member found this useful" in client.get(f"/resources/{item.slug}").get_data(as_text=True)
    client.post(f"/resources/{item.slug}/useful")
    assert db.session.scalar(select(func.count()).select_from(UsefulMark)) == 0


def test_reuse_is_recorded_shown_and_emailed(client, auth, make_user, make_resource, mailbox):
    author = make_user(email="author@nhs.net")
    item = make_resource(author=author)
    auth.login(make_user(name="Reuser Person"))
    form = client.get(f"/resources/{item.slug}/reuse")
    assert form.status_code == 200
    too_long = client.post(f"/resources/{item.slug}/reuse", data={"note": "n" * 1001})
    assert too_long.status_code == 400 and "1000 characters or fewer" in too_long.get_data(as_text=True)
    client.post(f"/resources/{item.slug}/reuse", data={"organisation": "Somerset FT", "note": "Adapted for nights"})
    record = db.session.scalar(select(ReuseRecord))
    assert record.organisation == "Somerset FT" and record.note == "Adapted for nights"
    page = client.get(f"/resources/{item.slug}").get_data(as_text=True)
    assert "Reused or adapted 1 time" in page and "Adapted for nights" in page
    assert "Reuser Person" in mailbox.body(mailbox.last("author@nhs.net"))


def test_useful_and_reuse_need_a_published_item(client, auth, make_user, make_resource):
    author = make_user()
    item = make_resource(author=author, status="draft")
    auth.login(author)
    assert client.post(f"/resources/{item.slug}/useful").status_code == 404
    assert client.get(f"/resources/{item.slug}/reuse").status_code == 404
