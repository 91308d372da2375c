"""Saving discussion threads: the button on the thread page, the "Discussions" facet, removal,
and a private space's threads, which are listed only while the member may still open them."""

from sqlalchemy import func, select

from app.extensions import db
from app.saved.models import SavedItem
from app.spaces.models import SpaceMember


def _page(client, path="/saved/"):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _saved_rows(user):
    return db.session.scalar(select(func.count(SavedItem.id)).where(SavedItem.user_id == user.id))


def test_save_a_thread_from_its_page_and_find_it_under_discussions(
    client, auth, make_user, make_space, make_thread, make_case_study
):
    author, reader = make_user(), make_user()
    space = make_space(name="Menopause network", members=[author])
    thread = make_thread(space, author, title="Passport for menopause support", replies=2)
    study = make_case_study(title="Fast-track physio")
    auth.login(reader)
    path = f"/threads/{thread.id}"
    page = _page(client, path)
    assert f'action="/saved/thread/{thread.id}"' in page and ">Save<" in page
    response = client.post(f"/saved/thread/{thread.id}", data={"next": path})
    assert response.status_code == 302 and response.headers["Location"] == path
    assert "Saved ✓ — remove" in _page(client, path)
    client.post(f"/saved/case_study/{study.id}")
    listing = _page(client)
    assert "Passport for menopause support" in listing and f'href="/threads/{thread.id}"' in listing
    assert "Question in Menopause network, 2 replies" in listing
    assert "All (2)" in listing and "Discussions (1)" in listing
    assert "Use the Save button on a case study, discussion, event, profile or resource to add it here." in listing
    only_threads = _page(client, "/saved/?type=thread")
    assert "Passport for menopause support" in only_threads and "Fast-track physio" not in only_threads
    removed = client.post(f"/saved/thread/{thread.id}/remove", data={"next": path})
    assert removed.status_code == 302 and removed.headers["Location"] == path
    assert ">Save<" in _page(client, path)
    assert "Discussions (0)" in _page(client) and _saved_rows(reader) == 1


def test_ask_the_community_threads_can_be_saved(client, auth, make_user, make_thread):
    author, reader = make_user(), make_user()
    thread = make_thread(None, author, title="Night shift fatigue", kind="discussion")
    auth.login(reader)
    assert client.post(f"/saved/thread/{thread.id}").status_code == 302
    assert "Discussion in Ask the community, 0 replies" in _page(client, "/saved/?type=thread")


def test_a_private_spaces_thread_vanishes_for_a_member_who_left_and_returns_if_they_rejoin(
    client, auth, make_user, make_space, make_thread
):
    manager, member = make_user(), make_user()
    space = make_space(name="Hospice OH leads", policy="private", managers=[manager], members=[member])
    thread = make_thread(space, manager, title="Confidential staffing plan")
    auth.login(member)
    assert client.post(f"/saved/thread/{thread.id}").status_code == 302
    assert "Confidential staffing plan" in _page(client)
    assert client.post("/spaces/hospice-oh-leads/leave").status_code == 302
    listing = _page(client)
    assert "Confidential staffing plan" not in listing and "no longer available" not in listing
    assert "All (0)" in listing and "Discussions (0)" in listing
    assert "Hospice OH leads" not in _page(client, "/saved/?type=thread")
    assert client.post(f"/saved/thread/{thread.id}").status_code == 404  # cannot save it again either
    assert _saved_rows(member) == 1  # kept, unseen, for if they come back
    db.session.add(SpaceMember(space_id=space.id, user_id=member.id, status="active"))
    db.session.commit()
    assert "Confidential staffing plan" in _page(client) and "Discussions (1)" in _page(client)


def test_a_member_removed_by_a_manager_no_longer_sees_the_saved_thread(
    client, auth, make_user, make_space, make_thread
):
    manager, member = make_user(), make_user()
    space = make_space(name="Private leads", policy="private", managers=[manager], members=[member])
    thread = make_thread(space, manager, title="Budget for next year")
    db.session.add(SavedItem(user_id=member.id, kind="thread", object_id=thread.id))
    db.session.commit()
    row = db.session.scalar(select(SpaceMember).filter_by(space_id=space.id, user_id=member.id))
    auth.login(manager)
    assert client.post(f"/spaces/private-leads/members/{row.id}/remove").status_code == 302
    auth.logout()
    auth.login(member)
    listing = _page(client)
    assert "Budget for next year" not in listing and "All (0)" in listing


def test_a_private_spaces_thread_cannot_be_saved_or_seen_by_others(client, auth, make_user, make_space, make_thread):
    manager, member, outsider = make_user(), make_user(), make_user()
    space = make_space(name="Closed group", policy="private", managers=[manager], members=[member])
    thread = make_thread(space, manager, title="Only for the group")
    db.session.add(SavedItem(user_id=member.id, kind="thread", object_id=thread.id))
    db.session.commit()
    auth.login(outsider)
    assert client.post(f"/saved/thread/{thread.id}").status_code == 404
    assert client.post(f"/saved/thread/{thread.id}/remove").status_code == 404  # not on their list
    listing = _page(client, "/saved/?type=thread")
    assert "Only for the group" not in listing and "Discussions (0)" in listing
    assert _saved_rows(outsider) == 0 and _saved_rows(member) == 1


def test_hidden_and_deleted_threads_leave_the_list(client, auth, make_user, make_space, make_thread):
    author, reader = make_user(), make_user()
    space = make_space(name="Open network", members=[author])
    hidden = make_thread(space, author, title="Soon hidden by a moderator")
    deleted = make_thread(space, author, title="Soon deleted with its space")
    auth.login(reader)
    for thread in (hidden, deleted):
        assert client.post(f"/saved/thread/{thread.id}").status_code == 302
    assert "Discussions (2)" in _page(client)
    hidden.hidden_at, hidden.hide_reason = hidden.created_at, "Off topic"
    db.session.delete(deleted)
    db.session.commit()
    listing = _page(client)
    assert "Soon hidden" not in listing and "Soon deleted" not in listing and "Discussions (0)" in listing
    assert client.get("/saved/?type=thread&page=2").status_code == 200


def test_the_author_of_a_hidden_thread_still_finds_it(client, auth, make_user, make_thread):
    author = make_user()
    thread = make_thread(None, author, title="My own hidden question")
    auth.login(author)
    client.post(f"/saved/thread/{thread.id}")
    thread.hidden_at, thread.hide_reason = thread.created_at, "Off topic"
    db.session.commit()
    assert "My own hidden question" in _page(client)


def test_a_saved_thread_merged_into_another_is_saved_as_the_thread_it_joined(
    client, auth, make_user, make_space, make_thread
):
    author, one, both = make_user(), make_user(), make_user()
    space = make_space(name="Open network", members=[author])
    keep = make_thread(space, author, title="Menopause policies")
    duplicate = make_thread(space, author, title="Menopause policy (again)")
    db.session.add_all(
        [
            SavedItem(user_id=one.id, kind="thread", object_id=duplicate.id),
            SavedItem(user_id=both.id, kind="thread", object_id=duplicate.id),
            SavedItem(user_id=both.id, kind="thread", object_id=keep.id),
        ]
    )
    db.session.commit()
    auth.login(make_user(role="moderator"))
    assert client.post(f"/threads/{duplicate.id}/merge", data={"target": str(keep.id)}).status_code == 302
    auth.logout()
    for member in (one, both):
        auth.login(member)
        listing = _page(client)
        assert "Menopause policies" in listing and "(again)" not in listing and "Discussions (1)" in listing
        assert _saved_rows(member) == 1
        auth.logout()
