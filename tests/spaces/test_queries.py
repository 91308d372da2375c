"""Bounded SQL: a thread list and a thread page run the same number of queries however many
threads and replies there are (a 500-reply thread, 25 a page, costs what a 5-reply one does)."""

from contextlib import contextmanager

from sqlalchemy import event as sa_event
from sqlalchemy import select

from app.extensions import db
from app.spaces.models import Reply, Thread
from app.taxonomy.models import Term


@contextmanager
def count_queries():
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa_event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", before)


def _queries(client, url):
    client.get(url)  # warm the vocabulary cache and the session
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def _quote_everything(thread):
    """Every reply after the first quotes the one before it, so quotes are on every page."""
    replies = db.session.scalars(select(Reply).where(Reply.thread_id == thread.id).order_by(Reply.id)).all()
    for before, reply in zip(replies, replies[1:], strict=False):
        reply.quoted_reply_id = before.id
    db.session.commit()


def test_a_500_reply_thread_page_costs_what_a_5_reply_one_does(client, auth, make_user, make_space, make_thread):
    people = [make_user() for _ in range(6)]
    reader = people[0]
    space = make_space(name="Network", members=people)
    small = make_thread(space, people[1], replies=5, repliers=people[1:])
    large = make_thread(space, people[1], title="Big one", replies=500, repliers=people[1:])
    for thread in (small, large):
        _quote_everything(thread)
        thread.accepted_reply_id = db.session.scalar(select(Reply.id).where(Reply.thread_id == thread.id).limit(1))
    db.session.commit()
    auth.login(reader)
    few = _queries(client, f"/threads/{small.id}")
    many = _queries(client, f"/threads/{large.id}")
    later_page = _queries(client, f"/threads/{large.id}?page=20")
    assert many == few == later_page
    assert few <= 20


def test_thread_lists_cost_the_same_for_3_or_60_threads(client, auth, make_user, make_space, make_thread):
    people = [make_user() for _ in range(4)]
    reader = people[0]
    topic = db.session.scalar(select(Term).filter_by(vocabulary="topic", slug="menopause"))
    small = make_space(name="Small", members=people)
    large = make_space(name="Large", members=people)
    for space, count in ((small, 3), (large, 60)):
        for n in range(count):
            thread = make_thread(space, people[n % 4], title=f"Thread {n}", replies=2, repliers=people)
            thread.terms = [topic]
    db.session.commit()
    auth.login(reader)
    for thread in db.session.scalars(select(Thread)):
        client.get(f"/threads/{thread.id}")  # read markers on every thread
    for sort in ("active", "newest", "unanswered", "helpful"):
        few = _queries(client, f"/spaces/small?sort={sort}&tag=menopause")
        many = _queries(client, f"/spaces/large?sort={sort}&tag=menopause")
        assert few == many, sort
    # Page 1 also suggests "spaces for you" (a fixed number of queries), so compare page 1 with page 1.
    assert _queries(client, "/spaces/") == _queries(client, "/spaces/?topic=stigma")
