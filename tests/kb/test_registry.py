"""Publishable types join publishing and comments through their registry, and leave it the same way.

The shared layer names no content type: feeds, the home page, comments, the data export and
account deletion all follow what is registered in app.publishing.registry.
"""

import json
import re

import feedparser
import pytest
from sqlalchemy import select

from app.auth.models import User
from app.comments.models import Comment
from app.extensions import db
from app.models_base import utcnow
from app.publishing import registry
from app.publishing.models import ContentRevision
from app.resources.models import Resource, ResourceDownload
from tests.conftest import AuthActions


@pytest.fixture
def without_resources():
    """Resources taken out of the publishing registry for one test, and put back after it."""
    removed = registry.unregister(Resource.kind)
    yield
    registry.register(removed)


def test_registered_types_have_feeds_home_columns_and_breadcrumbs(
    client, auth, make_user, make_case_study, make_resource
):
    make_case_study(title="Passport story", organisation="Riverside NHS Trust", visibility="public")
    tool = make_resource(title="Passport template", visibility="public")
    home = client.get("/").get_data(as_text=True)
    assert "Latest case studies" in home and "Riverside NHS Trust" in home and "All case studies" in home
    assert "Latest resources" in home and "Passport template" in home and "All resources" in home
    studies = feedparser.parse(client.get("/feeds/case-studies.atom").data)
    assert studies.feed.title == "OHWB Exchange: case studies"
    assert [entry.title for entry in studies.entries] == ["Passport story"]
    assert feedparser.parse(client.get("/feeds/resources.atom").data).feed.title == "OHWB Exchange: resources"
    auth.login(make_user())
    reuse = client.get(f"/resources/{tool.slug}/reuse").get_data(as_text=True)
    assert re.search(r'href="/resources/">\s*Resources\s*</a>', reuse)


def test_a_type_that_is_not_registered_gets_no_feed_column_comments_or_export(
    without_resources, make_app, make_user, make_case_study, make_resource
):
    member = make_user()
    tool = make_resource(author=member, title="Passport template", visibility="public")
    make_case_study(author=member, title="Passport story", visibility="public")
    client = make_app().test_client()  # feed routes are added when the app is built
    assert client.get("/feeds/resources.atom").status_code == 404
    assert client.get("/feeds/case-studies.atom").status_code == 200
    home = client.get("/").get_data(as_text=True)
    assert "Latest case studies" in home and "Latest resources" not in home
    AuthActions(client).login(member)
    assert client.post(f"/comments/resource/{tool.slug}", data={"body": "Useful"}).status_code == 404
    assert db.session.scalar(select(Comment.id)) is None
    exported = json.loads(client.get("/account/export").data)["knowledge_base"]
    assert [item["title"] for item in exported["case_studies"]] == ["Passport story"]
    assert "resources" not in exported


def test_deleting_an_account_clears_every_link_to_it_and_keeps_the_rows(
    client, auth, make_user, make_case_study, make_resource
):
    leaver, writer = make_user(email="leaver@nhs.net", role="moderator"), make_user()
    tool = make_resource(author=leaver, visibility="public")
    tool.published_by_id = leaver.id
    study = make_case_study(author=writer)
    db.session.add_all(
        [
            Comment(kind="case_study", object_id=study.id, author_id=leaver.id, body="Bye", body_html="<p>Bye</p>"),
            Comment(
                kind="case_study",
                object_id=study.id,
                author_id=writer.id,
                body="Advert",
                body_html="<p>Advert</p>",
                hidden_at=utcnow(),
                hidden_by_id=leaver.id,
                hidden_reason="Advertising",
            ),
            ResourceDownload(resource_id=tool.id, version_id=tool.versions[0].id, user_id=leaver.id),
            ContentRevision(kind="resource", object_id=tool.id, editor_id=leaver.id, summary="Fixed a typo"),
        ]
    )
    db.session.commit()
    auth.login(leaver)
    assert client.post("/account/delete", data={"password": "correct horse battery"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "leaver@nhs.net")) is None
    kept = db.session.get(Resource, tool.id)
    assert (kept.author_id, kept.published_by_id, kept.versions[0].uploaded_by_id) == (None, None, None)
    assert db.session.scalar(select(ResourceDownload.user_id)) is None
    assert db.session.scalar(select(ContentRevision.editor_id)) is None
    comments = db.session.scalars(select(Comment).order_by(Comment.id)).all()
    assert [(c.author_id, c.hidden_by_id, c.is_hidden) for c in comments] == [
        (None, None, False),
        (writer.id, None, True),
    ]
    assert "Former member" in client.get(f"/resources/{tool.slug}").get_data(as_text=True)
