"""Moderation: reports, hiding with a reason, lock, pin, move, merge; spam holds for new members'
posts with links, and the reply rate limit."""

from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models_base import utcnow
from app.spaces.models import Reply, Report, Thread


def test_a_report_reaches_the_queue_and_is_dismissed(client, auth, make_user, make_space, make_thread):
    manager, member, reporter = make_user(), make_user(), make_user(name="Reporting Person")
    space = make_space(name="Network", managers=[manager], members=[member, reporter])
    thread = make_thread(space, member, title="Buy cheap pills", replies=1)
    reply_id = db.session.scalar(select(Reply.id))
    auth.login(reporter)
    assert client.get(f"/replies/{reply_id}/report").status_code == 200
    response = client.post(f"/threads/{thread.id}/report", data={"reason": "bogus"})
    assert response.status_code == 400 and "<title>Error:" in response.get_data(as_text=True)
    client.post(f"/threads/{thread.id}/report", data={"reason": "spam", "details": "Advert"})
    again = client.post(f"/threads/{thread.id}/report", data={"reason": "spam"}, follow_redirects=True)
    assert "already reported" in again.get_data(as_text=True)
    assert client.get("/spaces/moderation").status_code == 403
    auth.logout()
    auth.login(manager)
    queue = client.get("/spaces/moderation").get_data(as_text=True)
    assert "Buy cheap pills" in queue and "Spam or advertising" in queue and "Advert" in queue
    report = db.session.scalar(select(Report))
    client.post(f"/spaces/reports/{report.id}/dismiss")
    db.session.refresh(report)
    assert report.status == "dismissed" and report.resolved_by_id == manager.id


def test_hiding_shows_the_author_why_and_others_nothing(client, auth, make_user, make_space, make_thread, mailbox):
    manager = make_user()
    author = make_user(email="author@nhs.net")
    other = make_user()
    space = make_space(name="Network", managers=[manager], members=[author, other])
    thread = make_thread(space, author, title="Rude thread", replies=1, repliers=[author])
    reply_id = db.session.scalar(select(Reply.id))
    auth.login(other)
    assert client.get(f"/threads/{thread.id}/hide").status_code == 403
    auth.logout()
    auth.login(manager)
    response = client.post(f"/replies/{reply_id}/hide", data={"reason": ""})
    assert response.status_code == 400 and "Enter why it is hidden" in response.get_data(as_text=True)
    client.post(f"/replies/{reply_id}/hide", data={"reason": "Personal attack"})
    client.post(f"/threads/{thread.id}/hide", data={"reason": "Off topic"})
    assert "has been hidden" in mailbox.last("author@nhs.net")["Subject"]
    auth.logout()
    auth.login(other)
    assert client.get(f"/threads/{thread.id}").status_code == 404
    assert "Rude thread" not in client.get("/spaces/network").get_data(as_text=True)
    auth.logout()
    auth.login(author)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Off topic" in page and "Personal attack" in page
    auth.logout()
    auth.login(manager)
    client.post(f"/threads/{thread.id}/unhide")
    auth.logout()
    auth.login(other)
    page = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "This reply has been hidden by a moderator" in page and "Reply number 1" not in page


def test_lock_and_pin(client, auth, make_user, make_space, make_thread):
    manager, member = make_user(), make_user()
    space = make_space(name="Network", managers=[manager], members=[member])
    thread = make_thread(space, member, title="Annual forum")
    auth.login(member)
    assert client.post(f"/threads/{thread.id}/pin").status_code == 403
    auth.logout()
    auth.login(manager)
    client.post(f"/threads/{thread.id}/pin")
    client.post(f"/threads/{thread.id}/lock")
    db.session.refresh(thread)
    assert thread.pinned and thread.locked
    page = client.get("/spaces/network").get_data(as_text=True)
    assert 'id="pinned-heading"' in page and "Locked" in page


def test_moving_a_thread_between_spaces(client, auth, make_user, make_space, make_thread):
    manager = make_user()
    source = make_space(name="Source", managers=[manager])
    target = make_space(name="Target", managers=[manager])
    elsewhere = make_space(name="Elsewhere")
    thread = make_thread(source, manager)
    auth.login(manager)
    assert client.post(f"/threads/{thread.id}/move", data={"space": str(elsewhere.id)}).status_code == 400
    client.post(f"/threads/{thread.id}/move", data={"space": str(target.id)})
    db.session.refresh(thread)
    db.session.refresh(source)
    db.session.refresh(target)
    assert thread.space_id == target.id and source.thread_count == 0 and target.thread_count == 1


def test_merging_duplicates_moves_replies_and_redirects(client, auth, make_user, make_space, make_thread):
    moderator, member = make_user(role="moderator"), make_user()
    space = make_space(name="Network", members=[member])
    keep = make_thread(space, member, title="Menopause policies", replies=2)
    duplicate = make_thread(space, member, title="Menopause policy?", replies=3)
    auth.login(moderator)
    assert "Menopause policies" in client.get(f"/threads/{duplicate.id}/merge").get_data(as_text=True)
    client.post(f"/threads/{duplicate.id}/merge", data={"target": str(keep.id)})
    db.session.refresh(keep)
    assert keep.reply_count == 6
    response = client.get(f"/threads/{duplicate.id}")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/threads/{keep.id}")
    assert "Menopause policy?" not in client.get("/spaces/network").get_data(as_text=True).split("Threads")[1]
    assert db.session.scalar(select(func.count()).select_from(Reply).where(Reply.thread_id == duplicate.id)) == 0


def test_a_new_members_first_posts_with_links_wait_for_a_moderator(client, auth, make_user, make_space, mailbox):
    newcomer, other = make_user(), make_user(email="other@nhs.net", name="Other Person")
    moderator = make_user(role="moderator")
    make_space(name="Network", members=[newcomer, other])
    auth.login(newcomer)
    response = client.post(
        "/spaces/network/threads/new",
        data={"kind": "discussion", "title": "Great offer", "body": "See https://example.com @Other Person"},
        follow_redirects=True,
    )
    assert "a moderator will check it" in response.get_data(as_text=True)
    thread = db.session.scalar(select(Thread))
    assert thread.awaiting_moderation and mailbox.to("other@nhs.net") == []
    auth.logout()
    auth.login(other)
    assert client.get(f"/threads/{thread.id}").status_code == 404
    assert "Great offer" not in client.get("/spaces/network").get_data(as_text=True)
    auth.logout()
    auth.login(moderator)
    assert "Great offer" in client.get("/spaces/moderation").get_data(as_text=True)
    client.post(f"/threads/{thread.id}/approve")
    db.session.refresh(thread)
    assert not thread.awaiting_moderation
    assert "mentioned you" in mailbox.last("other@nhs.net")["Subject"]
    auth.logout()
    auth.login(other)
    assert client.get(f"/threads/{thread.id}").status_code == 200


def test_an_established_member_posts_links_at_once(client, auth, make_user, make_space, make_thread):
    member = make_user()
    space = make_space(name="Network", members=[member])
    for n in range(3):
        make_thread(space, member, title=f"Earlier {n}")
    auth.login(member)
    client.post("/ask/new", data={"kind": "discussion", "title": "Useful link", "body": "<https://www.nhs.uk>"})
    assert not db.session.scalar(select(Thread).filter_by(title="Useful link")).awaiting_moderation


def test_eleven_replies_in_a_minute_get_a_clear_429(client, auth, make_user, make_space, make_thread):
    member = make_user()
    space = make_space(name="Network", members=[member])
    thread = make_thread(space, member)
    db.session.add_all(
        [Reply(thread_id=thread.id, author_id=member.id, body_md="x", body_html="<p>x</p>") for _ in range(10)]
    )
    db.session.add(
        Reply(
            thread_id=thread.id,
            author_id=member.id,
            body_md="old",
            body_html="",
            created_at=utcnow() - timedelta(minutes=2),
        )
    )
    db.session.commit()
    auth.login(member)
    response = client.post(f"/threads/{thread.id}/replies", data={"body": "One more"})
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "You have posted 10 replies in the last minute" in page and "One more" in page
    assert db.session.scalar(select(func.count()).select_from(Reply).where(Reply.body_md == "One more")) == 0


def test_ask_the_community_is_moderated_by_site_moderators_only(client, auth, make_user, make_space, make_thread):
    manager, author, moderator = make_user(), make_user(), make_user(role="moderator")
    make_space(name="Network", managers=[manager])
    thread = make_thread(None, author, title="For everyone")
    auth.login(manager)
    assert client.get(f"/threads/{thread.id}/hide").status_code == 403
    assert client.post(f"/threads/{thread.id}/lock").status_code == 403
    auth.logout()
    auth.login(moderator)
    client.post(f"/threads/{thread.id}/hide", data={"reason": "Duplicate"})
    db.session.refresh(thread)
    assert thread.is_hidden and thread.hide_reason == "Duplicate"


def test_a_space_keeps_at_least_one_manager(client, auth, make_user, make_space):
    from app.spaces.models import SpaceMember

    manager = make_user()
    space = make_space(name="Network", managers=[manager])
    row_id = db.session.scalar(select(SpaceMember.id).filter_by(space_id=space.id))
    auth.login(manager)
    response = client.post(f"/spaces/network/members/{row_id}/manager", data={"role": "member"}, follow_redirects=True)
    assert "A space needs at least one manager" in response.get_data(as_text=True)
    assert db.session.get(SpaceMember, row_id).role == "manager"
