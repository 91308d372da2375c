"""A verified member uploads a bomb as a new version of their published resource (issue 9).

The file is kept and downloadable, the resource stays searchable by its own words, the file's
words are not indexed, and the page tells the owner and moderators (only them) why.
"""

import io
import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.resources.models import ResourceVersion
from app.search import search
from app.search.models import ExtractedText
from tests.kb.conftest import uploads_in
from tests.search import bombs, files

PHRASE = "quokka resilience ladder"
NOTICE = "The text of this file is not searchable: "


def bomb_bytes(tmp_path, extension):
    if extension == "pdf":
        return bombs.shared_stream_pdf(pages=20, stream_mb=5)
    return bombs.zip_bomb(tmp_path / f"bomb.{extension}", extension, PHRASE, "total").read_bytes()


REASONS = {
    "docx": "it expands to more than 50 MB when unzipped",
    "odt": "it expands to more than 50 MB when unzipped",
    "pdf": "its pages hold more than 10 MB of layout instructions",
}


@pytest.mark.parametrize("extension", sorted(REASONS))
def test_bomb_as_a_new_version_is_kept_but_its_text_is_not_indexed(
    app, client, auth, make_user, make_resource, tmp_path, extension
):
    owner, moderator, reader = make_user(), make_user(role="moderator"), make_user()
    item = make_resource(author=owner, title="Shift rota toolkit")
    data = bomb_bytes(tmp_path, extension)
    auth.login(owner)
    response = client.post(
        f"/resources/{item.slug}/versions/new",
        data={"file": (io.BytesIO(data), f"rota.{extension}"), "file_note": "Bigger"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302

    started = time.monotonic()
    search.run_extractions(app)
    search.apply_pending(app)
    assert time.monotonic() - started < 5

    version = db.session.scalar(select(ResourceVersion).filter_by(number=2))
    assert version.stored_name in uploads_in(app)
    download = client.get(f"/resources/{item.slug}/download")
    assert download.status_code == 200 and download.data == data
    sentence = NOTICE + REASONS[extension] + "."
    assert sentence in client.get(f"/resources/{item.slug}").get_data(as_text=True)

    assert "Shift rota toolkit" in client.get("/search", query_string={"q": "rota toolkit"}).get_data(as_text=True)
    assert "Shift rota toolkit" not in client.get("/search", query_string={"q": f'"{PHRASE}"'}).get_data(as_text=True)

    auth.logout()
    auth.login(moderator)
    assert sentence in client.get(f"/resources/{item.slug}").get_data(as_text=True)
    auth.logout()
    auth.login(reader)
    page = client.get(f"/resources/{item.slug}").get_data(as_text=True)
    assert NOTICE not in page and f"Download rota.{extension}" in page


def test_a_readable_new_version_shows_no_notice_and_its_text_is_found(
    app, client, auth, make_user, make_resource, tmp_path
):
    owner = make_user()
    item = make_resource(author=owner, title="Shift rota toolkit")
    auth.login(owner)
    client.post(
        f"/resources/{item.slug}/versions/new",
        data={
            "file": (io.BytesIO(files.pdf_bytes([f"Page one explains the {PHRASE}"])), "rota.pdf"),
            "file_note": "New",
        },
        content_type="multipart/form-data",
    )
    search.run_extractions(app)
    search.apply_pending(app)
    version = db.session.scalar(select(ResourceVersion).filter_by(number=2))
    assert db.session.get(ExtractedText, version.sha256).status == "ok"
    assert NOTICE not in client.get(f"/resources/{item.slug}").get_data(as_text=True)
    assert "Shift rota toolkit" in client.get("/search", query_string={"q": f'"{PHRASE}"'}).get_data(as_text=True)
