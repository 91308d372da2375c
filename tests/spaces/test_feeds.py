"""Atom feeds of new threads per space and per topic tag: open and on-request spaces only
(a private space's feed is a 404 and its threads are in no tag feed), hidden, waiting and
merged threads left out, and no post text or author names in the entries."""

# ruff: noqa: F811  (the fixtures imported below are parameters of the tests)
import feedparser
from sqlalchemy import select

from app.auth.models import utcnow
from app.extensions import db
from app.spaces.models import Thread
from app.taxonomy.models import Term
from tests.spaces.extras_fixtures import make_space, world  # noqa: F401  (fixtures)


def topic(slug):
    return db.session.scalar(select(Term).filter_by(vocabulary="topic", slug=slug))


def add_thread(space, title, **fields):
    thread = Thread(
        space_id=space.id if space else None,
        kind=fields.pop("kind", "discussion"),
        title=title,
        body_md="Secret body text",
        body_html="<p>Secret body text</p>",
        author_id=fields.pop("author_id", None),
        last_activity_at=utcnow(),
        **fields,
    )
    db.session.add(thread)
    db.session.commit()
    return thread


def atom(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.content_type.startswith("application/atom+xml")
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo
    return feed, response.get_data(as_text=True)


def test_space_feed_lists_its_shown_threads_newest_first(client, world):
    add_thread(world.open, "First question", kind="question")
    add_thread(world.open, "Second discussion", author_id=world.member.id)
    add_thread(world.open, "Hidden one", hidden_at=utcnow())
    add_thread(world.open, "Waiting one", awaiting_moderation=True)
    add_thread(world.private, "Private one")
    add_thread(None, "Ask the community one")
    feed, text = atom(client, f"/feeds/spaces/{world.open.slug}.atom")
    assert feed.feed.title == "OHWB Exchange: Menopause champions"
    assert [entry.title for entry in feed.entries] == ["Second discussion", "First question"]
    assert feed.entries[1].summary == "Question in Menopause champions · 0 replies · not yet answered"
    assert feed.entries[0].link.endswith(
        "/threads/" + str(db.session.scalar(select(Thread.id).filter_by(title="Second discussion")))
    )
    assert "Secret body text" not in text and "Mo Member" not in text


def test_private_and_unknown_space_feeds_are_404(client, auth, world):
    assert client.get(f"/feeds/spaces/{world.private.slug}.atom").status_code == 404
    assert client.get("/feeds/spaces/no-such-space.atom").status_code == 404
    auth.login(world.insider)  # even for its members: a feed address can be passed on
    assert client.get(f"/feeds/spaces/{world.private.slug}.atom").status_code == 404


def test_tag_feed_covers_ask_the_community_and_open_spaces_but_not_private_ones(client, world):
    menopause = topic("menopause")
    add_thread(None, "Menopause in ask", terms=[menopause])
    add_thread(world.open, "Menopause in open space", terms=[menopause])
    add_thread(world.private, "Menopause in private space", terms=[menopause])
    add_thread(world.open, "Untagged")
    feed, _ = atom(client, "/feeds/discussions/menopause.atom")
    assert sorted(entry.title for entry in feed.entries) == ["Menopause in ask", "Menopause in open space"]
    assert feed.feed.title == "OHWB Exchange discussions: Menopause"
    assert client.get("/feeds/discussions/no-such-topic.atom").status_code == 404
    assert client.get("/feeds/discussions/" + "x" * 500 + ".atom").status_code == 404


def test_merged_threads_leave_the_feed_and_a_space_turning_private_closes_it(client, world):
    target = add_thread(world.open, "Keep this")
    duplicate = add_thread(world.open, "Duplicate")
    duplicate.merged_into_id = target.id
    db.session.commit()
    feed, _ = atom(client, f"/feeds/spaces/{world.open.slug}.atom")
    assert [entry.title for entry in feed.entries] == ["Keep this"]
    world.open.join_policy = "private"
    db.session.commit()
    assert client.get(f"/feeds/spaces/{world.open.slug}.atom").status_code == 404


def test_space_page_advertises_its_feed_unless_private(client, auth, world):
    auth.login(world.manager)
    assert "application/atom+xml" not in client.get(f"/spaces/{world.private.slug}").get_data(as_text=True)
    auth.logout()
    auth.login(world.member)
    html = client.get(f"/spaces/{world.open.slug}").get_data(as_text=True)
    assert f'href="/feeds/spaces/{world.open.slug}.atom"' in html


def test_odd_feed_addresses_are_404_never_a_500(client):
    for path in ("%00", "a%00b", "x" * 5000, "%F0%9F%92%A9", "..%2F..%2Fetc", "UPPER"):
        assert client.get(f"/feeds/spaces/{path}.atom").status_code == 404, path
        assert client.get(f"/feeds/discussions/{path}.atom").status_code == 404, path
