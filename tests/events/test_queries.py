"""Pages issue a bounded number of SQL queries however many events and people there are."""

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event as sa_event

from app.auth.models import utcnow
from app.events.models import EventOrganiser
from app.extensions import db
from app.taxonomy.models import Term
from app.taxonomy.services import regions, terms


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


def _populate(make_event, make_user, count):
    topic, region = db.session.get(Term, terms("topic")[0].id), regions()[0]
    now = utcnow()
    people = [make_user() for _ in range(min(count, 30))]
    events = []
    for n in range(count):
        event = make_event(
            starts_at=now + timedelta(days=1 + n % 25, hours=n), region_id=region.id, capacity=5, audience="public"
        )
        event.terms = [topic]
        events.append(event)
    db.session.commit()
    from app.events.services import registration

    target = events[0]
    for person in people:
        registration.register(target.id, person.id, show_on_list=True, access_needs="Needs")
    db.session.add(EventOrganiser(event_id=target.id, user_id=people[0].id))
    db.session.commit()
    return target, people[0]


def _measure(client, paths):
    counts = {}
    for path in paths:
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path.split("?")[0].rsplit("/", 1)[-1] or path] = len(statements)
    return counts


def test_query_counts_do_not_grow_with_rows(client, auth, make_user, make_event, capsys):
    target, organiser = _populate(make_event, make_user, 10)
    auth.login(organiser)
    month = (utcnow() + timedelta(days=3)).strftime("%Y-%m")
    paths = [
        "/events/",
        "/events/?when=past",
        f"/events/?region={regions()[0].slug}&topic={terms('topic')[0].slug}",
        f"/events/calendar?month={month}",
        f"/events/{target.slug}",
        f"/events/{target.slug}/attendees",
        "/events/feed.ics",
        "/events/mine",
        "/",
    ]
    small = _measure(client, paths)
    _populate(make_event, make_user, 60)  # 70 events in all
    from app.events.services import registration

    for _ in range(40):  # and 40 more people registered (mostly waiting) on the measured event
        registration.register(target.id, make_user().id, show_on_list=True, access_needs="Needs")
    large = _measure(client, paths)
    with capsys.disabled():
        print("\nSQL statements per page (10 events / 70 events):", {k: (small[k], large[k]) for k in small})
    assert large == small
    assert max(large.values()) <= 16, large
