"""Comments: members add, edit and delete their own; authors are emailed; moderators hide with a reason."""

import pytest
from sqlalchemy import select

from app.comments.models import Comment
from app.extensions import db


def test_member_comments_and_author_is_emailed(client, auth, make_user, make_case_study, mailbox):
    author = make_user(email="author@nhs.net")
    item = make_case_study(author=author)
    auth.login(make_user(name="Commenter"))
    response = client.post(
        f"/comments/case_study/{item.slug}", data={"body": "How did you fund it? <script>alert(1)</script>"}
    )
    comment = db.session.scalar(select(Comment))
    assert response.status_code == 302 and response.location.endswith(f"?comment={comment.id}#comment-{comment.id}")
    assert "<script" not in comment.body_html
    page = client.get(f"/case-studies/{item.slug}").get_data(as_text=True)
    assert "How did you fund it?" in page and "<script>alert(1)" not in page
    message = mailbox.last("author@nhs.net")
    assert "New comment" in message["Subject"] and "Commenter" in mailbox.body(message)


def test_author_commenting_on_own_item_is_not_emailed(client, auth, make_user, make_resource, mailbox):
    author = make_user(email="author@nhs.net")
    item = make_resource(author=author)
    auth.login(author)
    client.post(f"/comments/resource/{item.slug}", data={"body": "Updated the contact list."})
    assert mailbox.to("author@nhs.net") == []


def test_empty_and_huge_comments_are_refused(client, auth, make_user, make_case_study):
    item = make_case_study()
    auth.login(make_user())
    empty = client.post(f"/comments/case_study/{item.slug}", data={"body": "   "})
    assert empty.status_code == 400 and "Enter your comment" in empty.get_data(as_text=True)
    huge = client.post(f"/comments/case_study/{item.slug}", data={"body": "x" * 5001})
    assert huge.status_code == 400 and "5,000 characters or fewer" in huge.get_data(as_text=True)
    assert db.session.scalar(select(Comment)) is None


def test_comments_need_a_published_visible_item(client, auth, make_user, make_case_study):
    author = make_user()
    draft = make_case_study(author=author, status="draft")
    auth.login(author)
    assert client.post(f"/comments/case_study/{draft.slug}", data={"body": "hi"}).status_code == 404
    assert client.post("/comments/event/anything", data={"body": "hi"}).status_code == 404
    auth.logout()
    published = make_case_study()
    response = client.post(f"/comments/case_study/{published.slug}", data={"body": "hi"})
    assert response.status_code == 302 and "/auth/login" in response.location


@pytest.fixture
def comment(make_user, make_case_study):
    commenter = make_user(email="commenter@nhs.net")
    item = make_case_study()
    row = Comment(
        kind="case_study", object_id=item.id, author_id=commenter.id, body="Original", body_html="<p>Original</p>"
    )
    db.session.add(row)
    db.session.commit()
    return row, commenter, item


def test_edit_and_delete_own_comment_only(client, auth, make_user, comment):
    row, commenter, item = comment
    comment_id = row.id  # `row` is expired after each request and gone after the delete
    auth.login(make_user())
    assert client.post(f"/comments/{row.id}/edit", data={"body": "Hacked"}).status_code == 403
    assert client.post(f"/comments/{row.id}/delete").status_code == 403
    auth.logout()
    auth.login(commenter)
    assert client.get(f"/comments/{row.id}/edit").status_code == 200
    assert client.post(f"/comments/{row.id}/edit", data={"body": "Edited **text**"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Comment, row.id).body_html == "<p>Edited <strong>text</strong></p>"
    assert "(edited)" in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)
    client.post(f"/comments/{row.id}/delete")
    assert db.session.scalar(select(Comment.id).where(Comment.id == comment_id)) is None


@pytest.mark.parametrize("role, status", [("member", 403), ("moderator", 200), ("admin", 200)])
def test_only_moderators_hide(client, auth, make_user, comment, role, status):
    row, _, _ = comment
    auth.login(make_user(role=role))
    assert client.get(f"/comments/{row.id}/hide").status_code == status


def test_moderator_hides_with_reason_and_restores(client, auth, make_user, comment):
    row, commenter, item = comment
    moderator = make_user(role="moderator")
    auth.login(moderator)
    no_reason = client.post(f"/comments/{row.id}/hide", data={"reason": ""})
    assert no_reason.status_code == 400 and "Enter why the comment is hidden" in no_reason.get_data(as_text=True)
    client.post(f"/comments/{row.id}/hide", data={"reason": "Personal data"})
    page = client.get(f"/case-studies/{item.slug}").get_data(as_text=True)
    assert "Hidden by a moderator: Personal data" in page
    assert "Personal data" in client.get("/moderation/").get_data(as_text=True)
    auth.logout()
    auth.login(commenter)
    assert "Original" not in client.get(f"/case-studies/{item.slug}").get_data(as_text=True)
    assert client.post(f"/comments/{row.id}/edit", data={"body": "x"}).status_code == 403
    auth.logout()
    auth.login(moderator)
    client.post(f"/comments/{row.id}/restore")
    db.session.expire_all()
    assert not db.session.get(Comment, row.id).is_hidden
