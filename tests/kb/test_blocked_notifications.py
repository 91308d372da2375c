"""Emails a member's action sends to an author (comments, reuse) stop across a block, either way."""

import pytest
from sqlalchemy import func, select

from app.comments.models import Comment
from app.directory.models import Block
from app.extensions import db
from app.publishing.models import ReuseRecord

AUTHOR_EMAIL = "author@nhs.net"


def _act(client, action, item):
    if action == "comment":
        return client.post(f"/comments/case_study/{item.slug}", data={"body": "Great work"})
    return client.post(f"/case-studies/{item.slug}/reuse", data={"organisation": "Somerset FT", "note": "Adapted"})


@pytest.mark.parametrize("action", ["comment", "reuse"])
@pytest.mark.parametrize("direction", ["author blocked member", "member blocked author", "no block"])
def test_author_is_not_emailed_across_a_block(client, auth, make_user, make_case_study, mailbox, action, direction):
    author = make_user(email=AUTHOR_EMAIL)
    member = make_user(name="Commenter")
    item = make_case_study(author=author, visibility="public")
    if direction == "author blocked member":
        db.session.add(Block(blocker_id=author.id, blocked_id=member.id))
    elif direction == "member blocked author":
        db.session.add(Block(blocker_id=member.id, blocked_id=author.id))
    db.session.commit()
    auth.login(member)
    assert _act(client, action, item).status_code == 302
    model = Comment if action == "comment" else ReuseRecord
    assert db.session.scalar(select(func.count()).select_from(model)) == 1
    assert len(mailbox.to(AUTHOR_EMAIL)) == (1 if direction == "no block" else 0)
