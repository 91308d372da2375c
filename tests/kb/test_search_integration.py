"""A resource's uploaded file is searchable: a phrase on page 12 finds it, with that passage."""

from sqlalchemy import select

from app.auth.models import utcnow
from app.extensions import db
from app.resources.models import Resource
from app.search import search
from tests.kb.test_resources import form_data
from tests.search.files import pdf_bytes

PHRASE = "quokka resilience ladder"


def test_phrase_inside_an_uploaded_pdf_finds_the_resource(app, client, auth, make_user):
    import io

    pages = [f"Page {n} about rotas and rest breaks" for n in range(1, 12)] + [f"Page 12 explains the {PHRASE}"]
    auth.login(make_user())
    response = client.post(
        "/resources/new",
        data=form_data(title="Night shift toolkit", file=(io.BytesIO(pdf_bytes(pages)), "night-shifts.pdf")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    item = db.session.scalar(select(Resource))
    item.status, item.published_at = "published", utcnow()
    db.session.commit()
    search.run_extractions(app)
    search.apply_pending(app)

    page = client.get("/search", query_string={"q": f'"{PHRASE}"'}).get_data(as_text=True)
    assert "Night shift toolkit" in page
    assert "<mark>quokka</mark>" in page and "night-shifts.pdf" in page

    client.post("/auth/logout")
    anonymous = client.get("/search", query_string={"q": f'"{PHRASE}"'}).get_data(as_text=True)
    assert "Night shift toolkit" not in anonymous  # members-only by default
