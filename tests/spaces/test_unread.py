"""For a signed-in member: threads with replies since their last visit say "N new", and open at
the first unread reply, on the right page."""

import re

from sqlalchemy import select

from app.extensions import db
from app.spaces.models import Reply, ThreadRead


def test_new_replies_are_counted_and_opened_at(client, auth, make_user, make_space, make_thread):
    reader, writer = make_user(), make_user()
    space = make_space(name="Network", members=[reader, writer])
    thread = make_thread(space, writer, title="Sleep and fatigue", replies=30, repliers=[writer])
    auth.login(reader)
    listing = client.get("/spaces/network").get_data(as_text=True)
    assert " new" not in re.sub(r"<[^>]+>", "", listing.split('id="threads-heading"')[1]).replace("\n", " ")
    client.get(f"/threads/{thread.id}")  # page 1: replies 1-25 read
    marker = db.session.get(ThreadRead, (reader.id, thread.id))
    ids = db.session.scalars(select(Reply.id).where(Reply.thread_id == thread.id).order_by(Reply.id)).all()
    assert marker.last_read_reply_id == ids[24]
    listing = client.get("/spaces/network").get_data(as_text=True)
    assert "5 new" in listing
    # The title opens at the first new reply too.
    assert f'<a href="/threads/{thread.id}/new">Sleep and fatigue</a>' in listing
    response = client.get(f"/threads/{thread.id}/new")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/threads/{thread.id}?page=2#reply-{ids[25]}"
    )
    client.get(f"/threads/{thread.id}?page=2")
    assert "new</strong>" not in client.get("/spaces/network").get_data(as_text=True)
    assert client.get(f"/threads/{thread.id}/new").headers["Location"].endswith(f"/threads/{thread.id}")


def test_your_own_reply_is_not_new_to_you(client, auth, make_user, make_space, make_thread):
    member = make_user()
    space = make_space(name="Network", members=[member])
    thread = make_thread(space, member)
    auth.login(member)
    client.get(f"/threads/{thread.id}")
    client.post(f"/threads/{thread.id}/replies", data={"body": "My own reply"})
    assert "1 new" not in client.get("/spaces/network").get_data(as_text=True)
