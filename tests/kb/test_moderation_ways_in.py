"""Moderators' way in: the header link with the number waiting, the account page, and Publish and
Return on a submitted item's own page, each with a confirmation step."""

import re

import pytest
from sqlalchemy import event

from app.case_studies.models import CaseStudy
from app.extensions import db
from app.resources.models import Resource

HEADER = re.compile(r'<header class="nhsuk-header".*?</header>', re.DOTALL)


def _html(response):
    return response.get_data(as_text=True)


def _header(client, path="/accessibility"):
    return HEADER.search(_html(client.get(path))).group(0)


def _reload(model, item_id):
    db.session.expire_all()
    return db.session.get(model, item_id)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_see_the_queue_in_the_header_with_the_number_waiting(
    client, auth, make_user, make_case_study, make_resource, role
):
    make_case_study(status="submitted")
    make_resource(status="submitted")
    make_case_study(status="published")
    make_case_study(status="draft")
    auth.login(make_user(role=role))
    header = _header(client)
    assert re.search(r'<a class="nhsuk-header__account-link" href="/moderation/">\s*Moderation \(2 waiting\)', header)


def test_the_header_count_is_current_on_every_request(client, auth, make_user, make_case_study):
    item = make_case_study(status="submitted")
    auth.login(make_user(role="moderator"))
    assert "Moderation (1 waiting)" in _header(client)  # fills the cached header variant
    item.status = "published"
    db.session.commit()
    assert "Moderation (0 waiting)" in _header(client)
    make_case_study(status="submitted")
    make_case_study(status="submitted")
    assert "Moderation (2 waiting)" in _header(client)


@pytest.mark.parametrize("role", ["member", None])
def test_nobody_else_sees_the_link_or_the_count(client, auth, make_user, make_case_study, role):
    make_case_study(status="submitted")
    moderator = make_user(role="moderator")
    auth.login(moderator)
    assert "Moderation (1 waiting)" in _header(client)  # a moderator's variant is cached now
    auth.logout()
    if role:
        auth.login(make_user(role=role))
    for path in ("/accessibility", "/", "/case-studies/"):
        html = _html(client.get(path))
        assert "waiting)" not in html and 'href="/moderation/"' not in html, path


def test_the_count_costs_one_query(client, auth, make_user, make_case_study, make_resource):
    make_case_study(status="submitted")
    make_resource(status="submitted")
    auth.login(make_user(role="moderator"))
    client.get("/accessibility")
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert "Moderation (2 waiting)" in _header(client)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    counting = [s for s in statements if "count(" in s.lower() and "status" in s]
    assert len(counting) == 1, counting


def test_the_account_page_shows_moderators_the_queue(client, auth, make_user, make_case_study):
    make_case_study(status="submitted")
    auth.login(make_user(role="moderator"))
    html = _html(client.get("/account/"))
    assert '<a href="/moderation/">Go to the moderation queue</a>: 1 item is waiting for review.' in html


def test_the_account_page_shows_members_no_queue(client, auth, make_user):
    auth.login(make_user())
    html = _html(client.get("/account/"))
    assert "moderation queue" not in html and "/moderation/" not in html


def test_a_submitted_items_page_offers_publish_and_return_to_moderators_only(
    client, auth, make_user, make_case_study, make_resource
):
    author = make_user()
    story = make_case_study(author=author, status="submitted", title="Night shift fatigue")
    tool = make_resource(author=author, status="submitted", title="Fatigue toolkit")
    pages = {f"/case-studies/{story.slug}": story, f"/resources/{tool.slug}": tool}
    auth.login(make_user(role="moderator"))
    for path, item in pages.items():
        html = _html(client.get(path))
        assert f"Review this {item.label}" in html
        assert f'href="/moderation/{item.kind}/{item.id}/publish?back=item"' in html
        assert f'href="/moderation/{item.kind}/{item.id}/return?back=item"' in html
    auth.logout()
    auth.login(author)
    for path in pages:
        html = _html(client.get(path))
        assert "Review this" not in html and "/moderation/" not in html


def test_a_published_items_page_has_no_review_panel(client, auth, make_user, make_case_study):
    story = make_case_study(status="published")
    auth.login(make_user(role="moderator"))
    assert "Review this" not in _html(client.get(f"/case-studies/{story.slug}"))


def test_publishing_asks_for_confirmation_first(client, auth, make_user, make_case_study, mailbox):
    author = make_user(email="author@nhs.net")
    story = make_case_study(author=author, status="submitted", title="Flu vaccination uptake")
    auth.login(make_user(role="moderator"))
    page = client.get(f"/moderation/case_study/{story.id}/publish?back=item")
    html = _html(page)
    assert page.status_code == 200
    assert "<h1>Publish this case study?</h1>" in html
    assert f'<a href="/case-studies/{story.slug}">Flu vaccination uptake</a>' in html
    assert "Yes, publish it" in html
    assert f'href="/case-studies/{story.slug}">No, go back</a>' in html
    assert _reload(CaseStudy, story.id).status == "submitted"  # looking at the page changes nothing
    assert not mailbox.to("author@nhs.net")

    done = client.post(f"/moderation/case_study/{story.id}/publish?back=item")
    assert done.status_code == 302 and done.headers["Location"] == f"/case-studies/{story.slug}"
    assert _reload(CaseStudy, story.id).status == "published"
    assert "has been published" in mailbox.last("author@nhs.net")["Subject"]
    assert "has been published and its author told" in _html(client.get(done.headers["Location"]))


def test_publishing_from_the_queue_goes_back_to_the_queue(client, auth, make_user, make_resource):
    tool = make_resource(status="submitted")
    auth.login(make_user(role="moderator"))
    queue = _html(client.get("/moderation/"))
    assert f'href="/moderation/resource/{tool.id}/publish"' in queue
    assert 'href="/moderation/"' in _html(client.get(f"/moderation/resource/{tool.id}/publish"))
    done = client.post(f"/moderation/resource/{tool.id}/publish")
    assert done.headers["Location"] == "/moderation/"
    assert _reload(Resource, tool.id).status == "published"


def test_the_confirmation_page_of_an_item_not_waiting_says_so(client, auth, make_user, make_case_study):
    story = make_case_study(status="published")
    auth.login(make_user(role="moderator"))
    page = client.get(f"/moderation/case_study/{story.id}/publish")
    assert page.status_code == 409
    html = _html(page)
    assert "is not waiting for review" in html and "Yes, publish it" not in html


def test_returning_from_the_item_page_asks_for_a_reason_and_goes_back_there(
    client, auth, make_user, make_case_study, mailbox
):
    author = make_user(email="author@nhs.net")
    story = make_case_study(author=author, status="submitted")
    auth.login(make_user(role="moderator"))
    path = f"/moderation/case_study/{story.id}/return?back=item"
    assert client.get(path).status_code == 200
    empty = client.post(path, data={"reason": ""})
    assert empty.status_code == 400 and _reload(CaseStudy, story.id).status == "submitted"
    done = client.post(path, data={"reason": "Add the baseline figures, please."})
    assert done.status_code == 302 and done.headers["Location"] == f"/case-studies/{story.slug}"
    assert _reload(CaseStudy, story.id).status == "returned"
    assert "Add the baseline figures" in mailbox.body(mailbox.last("author@nhs.net"))


def test_members_cannot_open_the_confirmation_page(client, auth, make_user, make_case_study):
    story = make_case_study(status="submitted")
    auth.login(make_user(role="member"))
    assert client.get(f"/moderation/case_study/{story.id}/publish").status_code == 403
    assert client.post(f"/moderation/case_study/{story.id}/publish").status_code == 403
    assert _reload(CaseStudy, story.id).status == "submitted"


def test_the_confirmation_page_of_an_unknown_item_is_404(client, auth, make_user):
    auth.login(make_user(role="moderator"))
    assert client.get("/moderation/case_study/999999/publish").status_code == 404
    assert client.get("/moderation/nonsense/1/publish").status_code == 404


def test_the_header_still_renders_when_the_count_cannot_be_made(client, auth, make_user, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from app.moderation import services

    auth.login(make_user(role="moderator"))

    def broken():
        raise OperationalError("SELECT", {}, Exception("database gone"))

    monkeypatch.setattr(services, "waiting_count", broken)
    header = _header(client)
    assert re.search(r'href="/moderation/">\s*Moderation\s*<', header)
