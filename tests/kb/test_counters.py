"""Counters that members see cannot be inflated: one reuse per member per item, downloads per visitor per hour."""

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.publishing.models import ReuseRecord, utcnow
from app.resources.models import ResourceDownload


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_posting_reuse_again_edits_the_note_and_emails_the_author_once(client, auth, make_user, make_resource, mailbox):
    author = make_user(email="author@nhs.net")
    item = make_resource(author=author)
    auth.login(make_user(name="Reuser Person"))
    for n in range(5):
        response = client.post(
            f"/resources/{item.slug}/reuse", data={"organisation": "Somerset FT", "note": f"Try {n}"}
        )
        assert response.status_code == 302
    assert count(ReuseRecord) == 1
    assert db.session.scalar(select(ReuseRecord.note)) == "Try 4"
    assert len(mailbox.to("author@nhs.net")) == 1
    page = client.get(f"/resources/{item.slug}", follow_redirects=True).get_data(as_text=True)
    assert "Reused or adapted 1 time" in page and "Try 4" in page and "Try 0" not in page
    form = client.get(f"/resources/{item.slug}/reuse").get_data(as_text=True)
    assert "Try 4" in form and "You have already told us" in form and "Update your note" in form


def test_each_member_counts_once_and_the_author_hears_from_each(client, auth, make_user, make_case_study, mailbox):
    author = make_user(email="author@nhs.net")
    item = make_case_study(author=author)
    for name in ("First Reuser", "Second Reuser"):
        auth.login(make_user(name=name))
        client.post(f"/case-studies/{item.slug}/reuse", data={"note": "Adapted"})
        client.post(f"/case-studies/{item.slug}/reuse", data={"note": "Adapted again"})
        auth.logout()
    assert count(ReuseRecord) == 2
    assert len(mailbox.to("author@nhs.net")) == 2
    auth.login(author)
    assert "Reused or adapted 2 times" in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)


def test_anonymous_downloads_count_once_per_visitor_per_hour(client, make_resource):
    item = make_resource(visibility="public")
    url = f"/resources/{item.slug}/download"
    for _ in range(5):
        assert client.get(url, headers={"User-Agent": "Browser A"}).status_code == 200
    assert count(ResourceDownload) == 1
    row = db.session.scalar(select(ResourceDownload))
    assert row.user_id is None and "127.0.0.1" not in row.visitor_key and len(row.visitor_key) == 64
    client.get(url, headers={"User-Agent": "Browser B"})
    client.get(url, headers={"User-Agent": "Browser A"}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert count(ResourceDownload) == 3
    assert "3 downloads" in client.get(f"/resources/{item.slug}").get_data(as_text=True)


def test_an_anonymous_visitor_counts_again_the_next_hour(client, make_resource, monkeypatch):
    item = make_resource(visibility="public")
    client.get(f"/resources/{item.slug}/download")
    later = utcnow() + timedelta(hours=1)
    monkeypatch.setattr("app.resources.routes.utcnow", lambda: later)
    client.get(f"/resources/{item.slug}/download")
    client.get(f"/resources/{item.slug}/download")
    assert count(ResourceDownload) == 2


def test_the_same_visitor_counts_separately_for_each_resource(client, make_resource):
    first, second = make_resource(visibility="public"), make_resource(visibility="public")
    client.get(f"/resources/{first.slug}/download")
    client.get(f"/resources/{second.slug}/download")
    client.get(f"/resources/{second.slug}/versions/1/download")
    assert count(ResourceDownload) == 2
