"""Fan-out (idempotent, resumable, after the commit), digests (once per period even when run twice
or at once), one-click unsubscribe, the header count and the notifications page."""

import threading

from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.following.models import Follow
from app.notifications import fan_out
from app.notifications.digests import send_digests, unsubscribe_token
from app.notifications.models import DigestRun, FanOut, Notification
from app.notifications.services import run_fanout
from tests.kb.test_queries import count_queries
from tests.notifications.conftest import notifications_of


def _followers(make_user, n, kind="space", object_id=1):
    users = [make_user() for _ in range(n)]
    db.session.add_all([Follow(user_id=u.id, kind=kind, object_id=object_id) for u in users])
    db.session.commit()
    return users


def _count():
    return db.session.scalar(select(func.count(Notification.id)))


def test_a_fan_out_runs_after_the_commit_and_a_rerun_adds_nothing(app, make_user):
    _followers(make_user, 7)
    row = fan_out([("space", 1)], "new_content", "test:1", "Something new", "/spaces/x")
    assert _count() == 0  # nothing before the commit
    db.session.commit()
    assert _count() == 7 and db.session.get(FanOut, row.id).done_at is not None
    db.session.execute(FanOut.__table__.update().values(done_at=None, cursor=0))
    db.session.commit()
    run_fanout(row.id)
    assert _count() == 7


def test_a_fan_out_rolled_back_tells_nobody(app, make_user):
    _followers(make_user, 3)
    fan_out([("space", 1)], "new_content", "test:2", "Something new", "/spaces/x")
    db.session.rollback()
    assert _count() == 0 and db.session.scalar(select(func.count(FanOut.id))) == 0


def test_a_fan_out_resumes_after_a_crash_from_its_committed_cursor(app, make_user, monkeypatch):
    users = _followers(make_user, 5)
    app.config["NOTIFICATION_BATCH"] = 2
    from app.notifications import services

    calls = {"n": 0}
    real = services._write

    def crash_on_second_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_write", crash_on_second_batch)
    fan_out([("space", 1)], "new_content", "test:3", "Something new", "/spaces/x")
    db.session.commit()  # the in-process job fails on its second batch (and logs it)
    row = db.session.scalar(select(FanOut))
    assert _count() == 2 and row.cursor == users[1].id and row.done_at is None
    monkeypatch.setattr(services, "_write", real)
    services.resume_fanouts()
    assert _count() == 5 and db.session.get(FanOut, row.id).done_at is not None


def _pending_digest(make_user):
    user = make_user()
    db.session.add(
        Notification(
            user_id=user.id, type="reply", event_key="reply:1", title="A reply", url="/threads/1", email_mode="daily"
        )
    )
    db.session.commit()
    return user


def test_running_the_digest_twice_sends_it_once(app, runner, make_user, mailbox):
    user = _pending_digest(make_user)
    result = runner.invoke(args=["notify", "send-digests", "--period", "daily"])
    assert "1 sent" in result.output
    assert runner.invoke(args=["notify", "send-digests", "--period", "daily"]).output.startswith(
        "daily digests: 0 sent"
    )
    [message] = mailbox.to(user.email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        message["List-Unsubscribe"].startswith("<http") and "/notifications/unsubscribe/" in message["List-Unsubscribe"]
    )
    assert message.get_body(preferencelist=("html",)) is not None and "/threads/1" in mailbox.body(message)


def test_two_digest_runs_at_once_send_one_email(app, make_user, mailbox):
    user = _pending_digest(make_user)
    results, barrier = [], threading.Barrier(2)

    def run():
        with app.app_context():
            barrier.wait()
            results.append(send_digests("daily"))
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(sent for sent, _ in results) == [0, 1]
    assert len(mailbox.to(user.email)) == 1
    assert db.session.scalar(select(func.count(DigestRun.id))) == 1


def test_one_click_unsubscribe_needs_only_the_signed_token(app, client, make_user):
    user = _pending_digest(make_user)
    with app.test_request_context():
        token = unsubscribe_token(user.id, "daily")
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200 and "Unsubscribe from the daily digest" in page.get_data(as_text=True)
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200  # no sign-in, no CSRF token
    from app.notifications.preferences import preferences

    assert preferences(db.session.get(User, user.id))["reply"] == "off"
    assert send_digests("daily") == (0, 0)
    assert client.post("/notifications/unsubscribe/forged").status_code == 400


def test_the_header_count_page_and_mark_all_read(client, auth, people):
    for n in range(3):
        db.session.add(
            Notification(
                user_id=people.reader.id, type="mention", event_key=f"m:{n}", title=f"Mention {n}", url="/spaces/"
            )
        )
    db.session.commit()
    auth.login(people.reader)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Notifications (3)" in page and "Mention 2" in page and "Mark all as read" in page
    first = notifications_of(people.reader)[0]
    response = client.get(f"/notifications/{first.id}")
    assert response.status_code == 302 and response.headers["Location"] == "/spaces/"
    assert "Notifications (2)" in client.get("/following/").get_data(as_text=True)
    assert client.post("/notifications/read").status_code == 302
    assert "Notifications (" not in client.get("/following/").get_data(as_text=True)
    auth.logout()
    auth.login(people.author)
    assert client.get(f"/notifications/{first.id}").status_code == 404  # someone else's


def test_the_header_counts_cost_one_query(client, auth, people):
    auth.login(people.reader)
    client.get("/following/")
    with count_queries() as statements:
        client.get("/following/")
    counts = [s for s in statements if "notification" in s.lower() and "conversation_member" in s.lower()]
    assert len(counts) == 1  # the inbox's and the notifications' counts in one statement
