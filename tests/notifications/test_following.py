"""Following: the button and its count, the Following page, removing, blocking, auto-follow."""

from sqlalchemy import select

from app.extensions import db
from app.following.models import Follow
from app.taxonomy.models import Term
from tests.notifications.conftest import block


def _follows(user):
    return set(db.session.execute(select(Follow.kind, Follow.object_id).where(Follow.user_id == user.id)).all())


def test_follow_a_space_from_its_page_shows_the_count_and_lists_it(client, auth, people, make_space):
    space = make_space(name="Menopause network", members=[people.author])
    auth.login(people.reader)
    page = client.get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert "0 followers" in page and ">Follow<" in page
    response = client.post(f"/following/space/{space.id}", data={"next": f"/spaces/{space.slug}"})
    assert response.status_code == 302 and response.headers["Location"] == f"/spaces/{space.slug}"
    page = client.get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert "1 follower" in page and "Following ✓ — unfollow" in page
    listing = client.get("/following/").get_data(as_text=True)
    assert "Menopause network" in listing and "Spaces (1)" in listing
    assert client.post(f"/following/space/{space.id}/remove").status_code == 302
    assert _follows(people.reader) == set()
    assert client.post(f"/following/space/{space.id}/remove").status_code == 404


def test_a_private_space_cannot_be_followed_by_outsiders(client, auth, people, make_space):
    space = make_space(name="Leads only", policy="private", managers=[people.author])
    auth.login(people.outsider)
    assert client.post(f"/following/space/{space.id}").status_code == 404
    assert _follows(people.outsider) == set()


def test_follow_a_topic_from_the_following_page(client, auth, people):
    topic = db.session.scalar(select(Term).where(Term.vocabulary == "topic").limit(1))
    auth.login(people.reader)
    page = client.get("/following/").get_data(as_text=True)
    assert f'value="topic:{topic.id}"' in page
    assert client.post("/following/pick", data={"item": f"topic:{topic.id}"}).status_code == 302
    assert ("topic", topic.id) in _follows(people.reader)
    assert topic.name in client.get("/following/?type=topic").get_data(as_text=True)
    response = client.post("/following/pick", data={"item": "nonsense"})
    assert response.status_code == 400 and "Choose a topic" in response.get_data(as_text=True)


def test_following_across_a_block_is_refused_both_ways(client, auth, people, app):
    from tests.directory.conftest import make_profile  # noqa: F401

    block(people.blocker, people.reader)
    auth.login(people.reader)
    assert client.post(f"/following/member/{people.blocker.id}").status_code in (403, 404)
    auth.logout()
    auth.login(people.blocker)
    assert client.post(f"/following/member/{people.reader.id}").status_code in (403, 404)
    assert _follows(people.reader) == set() and _follows(people.blocker) == set()


def test_replying_follows_the_thread_unless_turned_off(client, auth, people, make_space, make_thread):
    space = make_space(members=[people.author, people.reader])
    thread = make_thread(space, people.author)
    auth.login(people.reader)
    assert client.post(f"/threads/{thread.id}/replies", data={"body": "We tried this"}).status_code == 302
    assert ("thread", thread.id) in _follows(people.reader)
    client.post("/notifications/settings", data={})  # the box unticked: auto-follow off
    client.post(f"/following/thread/{thread.id}/remove")
    client.post(f"/threads/{thread.id}/replies", data={"body": "And this too"})
    assert ("thread", thread.id) not in _follows(people.reader)


def test_starting_a_thread_follows_it(client, auth, people, make_space):
    space = make_space(members=[people.author])
    auth.login(people.author)
    response = client.post(
        f"/spaces/{space.slug}/threads/new",
        data={"kind": "question", "title": "Fit testing masks?", "body": "How often?"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert any(kind == "thread" for kind, _ in _follows(people.author))


def test_export_lists_follows_and_notifications_and_deletion_removes_follows_of_the_member(app, people, make_space):
    from app.account.services import delete_account
    from app.notifications import notify
    from app.signals import export_sections
    from tests.conftest import DEFAULT_PASSWORD

    space = make_space(name="Wellbeing leads", members=[people.reader])
    db.session.add_all(
        [
            Follow(user_id=people.reader.id, kind="space", object_id=space.id),
            Follow(user_id=people.reader.id, kind="member", object_id=people.author.id),
        ]
    )
    notify([people.reader], "mention", "m:1", "You were mentioned", "/spaces/")
    db.session.commit()
    with app.test_request_context():  # the export is a page
        sections = export_sections(people.reader)
    assert [f["kind"] for f in sections["following"]] == ["space", "member"]
    assert sections["notifications"]["notifications"][0]["title"] == "You were mentioned"
    assert sections["notifications"]["settings"]["message"] == "immediately"
    delete_account(people.author, DEFAULT_PASSWORD)
    assert _follows(people.reader) == {("space", space.id)}


def test_a_following_page_past_the_end_shows_the_last_page_and_next_stays_on_this_site(
    client, auth, people, make_space
):
    space = make_space(members=[people.reader])
    auth.login(people.reader)
    response = client.post(f"/following/space/{space.id}", data={"next": "//elsewhere.example/"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/following/")
    for page in ("2", "99", "abc"):
        listing = client.get(f"/following/?page={page}").get_data(as_text=True)
        assert space.name in listing
