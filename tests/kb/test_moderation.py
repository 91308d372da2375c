"""Moderation queues and review reminders."""

from datetime import date, timedelta

import pytest

from app.case_studies.models import CaseStudy
from app.extensions import db


@pytest.mark.parametrize("role, status", [("member", 403), ("moderator", 200), ("admin", 200)])
def test_moderation_page_is_for_moderators_and_admins(client, auth, make_user, role, status):
    auth.login(make_user(role=role))
    assert client.get("/moderation/").status_code == status


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/moderation/")
    assert response.status_code == 302 and "/auth/login" in response.location


@pytest.mark.parametrize("path", ["/moderation/case_study/1/publish", "/moderation/resource/1/return"])
def test_members_cannot_moderate(client, auth, make_user, path):
    auth.login(make_user())
    assert client.post(path, data={"reason": "x"}).status_code == 403


def test_unknown_items_are_404(client, auth, make_user):
    auth.login(make_user(role="moderator"))
    assert client.post("/moderation/case_study/999/publish").status_code == 404
    assert client.post("/moderation/nonsense/1/publish").status_code == 404


def test_queues_list_submitted_and_overdue_items(client, auth, make_user, make_case_study, make_resource):
    make_case_study(title="Waiting story", status="submitted")
    make_resource(title="Waiting tool", status="submitted")
    make_case_study(title="Old story", review_due=date.today() - timedelta(days=1))
    make_case_study(title="Fresh story")
    make_case_study(title="Draft story", status="draft")
    auth.login(make_user(role="moderator"))
    page = client.get("/moderation/").get_data(as_text=True)
    assert "Waiting for review (2)" in page and "Waiting story" in page and "Waiting tool" in page
    assert "Overdue for review (1)" in page and "Old story" in page
    assert "Fresh story" not in page and "Draft story" not in page


def test_overdue_flag_on_detail_for_moderators(client, auth, make_user, make_case_study):
    item = make_case_study(review_due=date.today() - timedelta(days=3))
    auth.login(make_user(role="moderator"))
    assert "Review overdue" in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)


def test_review_reminders_email_authors_of_overdue_items_once(
    runner, make_user, make_case_study, make_resource, mailbox
):
    author = make_user(email="author@nhs.net")
    make_case_study(author=author, title="Old story", review_due=date.today() - timedelta(days=10))
    make_resource(author=author, title="Old tool", review_due=date.today() - timedelta(days=1))
    make_case_study(author=author, title="Current story")
    make_case_study(author=author, title="Old draft", status="draft", review_due=date.today() - timedelta(days=10))
    result = runner.invoke(args=["content", "review-reminders"])
    assert result.exit_code == 0 and "Sent 2 review reminders" in result.output
    subjects = sorted(m["Subject"] for m in mailbox.to("author@nhs.net"))
    assert subjects == ["Please review your case study: Old story", "Please review your resource: Old tool"]
    again = runner.invoke(args=["content", "review-reminders"])
    assert "Sent 0 review reminders" in again.output


def test_confirming_review_moves_the_date_on(client, auth, make_user, make_case_study):
    author = make_user()
    item = make_case_study(author=author, review_due=date.today() - timedelta(days=3))
    auth.login(author)
    client.post(f"/case-studies/{item.slug}/review")
    db.session.expire_all()
    assert db.session.get(CaseStudy, item.id).review_due > date.today() + timedelta(days=700)
