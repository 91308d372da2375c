"""A link to one reply (notifications, emails: `?reply=<id>#reply-<id>`) opens the page that holds
it when followed, and a page past the end shows the last page, as comments and saved items do."""

from sqlalchemy import select

from app.extensions import db
from app.spaces.models import Reply


def _ids(thread):
    return db.session.scalars(select(Reply.id).where(Reply.thread_id == thread.id).order_by(Reply.id)).all()


def test_a_link_to_reply_30_opens_page_2_and_follows_hidden_replies(client, auth, make_user, make_space, make_thread):
    writer, reader = make_user(), make_user()
    space = make_space(members=[writer, reader])
    thread = make_thread(space, writer, replies=60, repliers=[writer])
    ids = _ids(thread)
    auth.login(reader)
    page = client.get(f"/threads/{thread.id}?reply={ids[29]}").get_data(as_text=True)
    assert f'id="reply-{ids[29]}"' in page and f'id="reply-{ids[0]}"' not in page
    assert "Reply number 30" in page
    # Reply 55 is on page 3 until five earlier replies wait for a moderator: then page 2.
    assert f'id="reply-{ids[54]}"' in client.get(f"/threads/{thread.id}?reply={ids[54]}").get_data(as_text=True)
    for reply_id in ids[:5]:
        db.session.get(Reply, reply_id).awaiting_moderation = True
    db.session.commit()
    page = client.get(f"/threads/{thread.id}?reply={ids[54]}").get_data(as_text=True)
    assert f'id="reply-{ids[54]}"' in page and f'id="reply-{ids[30]}"' in page  # page 2 now
    assert f'id="reply-{ids[55]}"' not in page


def test_a_link_naming_no_reply_of_this_thread_opens_the_asked_page(client, auth, make_user, make_space, make_thread):
    writer = make_user()
    space = make_space(members=[writer])
    thread, other = make_thread(space, writer, replies=30), make_thread(space, writer, title="Another", replies=3)
    ids, other_ids = _ids(thread), _ids(other)
    auth.login(writer)
    for arg in (str(other_ids[0]), "abc", "-1", "99999999999999999999", "%00"):
        response = client.get(f"/threads/{thread.id}?reply={arg}")
        assert response.status_code == 200
        assert f'id="reply-{ids[0]}"' in response.get_data(as_text=True)
    assert f'id="reply-{ids[29]}"' in client.get(f"/threads/{thread.id}?reply={other_ids[0]}&page=2").get_data(
        as_text=True
    )


def test_a_page_past_the_end_shows_the_last_page(client, auth, make_user, make_space, make_thread):
    writer = make_user()
    space = make_space(members=[writer])
    thread = make_thread(space, writer, replies=30)
    ids = _ids(thread)
    auth.login(writer)
    for page in (3, 99, 10**9):
        html = client.get(f"/threads/{thread.id}?page={page}").get_data(as_text=True)
        assert f'id="reply-{ids[29]}"' in html and "No replies yet" not in html
