"""Capacity holds under simultaneous registrations from several OS processes.

Five processes, each with its own app and engine on the test database (SQLite file or
PostgreSQL via TEST_DATABASE_URL) and twelve threads, register 60 members at once for 10
places, and ten of them a second time at the same moment from another process. Exactly 10 must be confirmed, the rest waiting
in a strict order, with no errors and no duplicates.
"""

import multiprocessing

import pytest
from sqlalchemy import func, select

from app.events.models import EventRegistration
from app.extensions import db
from tests.events.concurrent_worker import register_many

pytestmark = pytest.mark.slow

PROCESSES = 5
MEMBERS = 60
PLACES = 10


def test_sixty_simultaneous_registrations_for_ten_places(
    app, database_url, make_user, make_event, tmp_path, mailbox, capsys
):
    event = make_event(capacity=PLACES)
    user_ids = [make_user().id for _ in range(MEMBERS)]
    db.session.commit()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    # Every member appears twice (in two different processes) to test the duplicate guard too.
    batches = [user_ids[i::PROCESSES] + user_ids[(i + 1) % PROCESSES :: PROCESSES][:2] for i in range(PROCESSES)]
    workers = [
        context.Process(
            target=register_many,
            args=(database_url, str(tmp_path / f"outbox-{n}"), event.id, batch, barrier, results),
        )
        for n, batch in enumerate(batches)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in range(sum(len(b) for b in batches))]
    with capsys.disabled():
        elapsed = max(o[2] for o in outcomes) - min(o[3] for o in outcomes)
        print(f"\n{len(outcomes)} registrations from {PROCESSES} processes done in {elapsed:.2f}s")
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    outcomes = [o[:2] for o in outcomes]
    errors = [o for o in outcomes if o[1].startswith("error")]
    assert errors == []
    statuses = [status for _, status in outcomes if not status.startswith("refused")]
    refused = [status for _, status in outcomes if status.startswith("refused")]
    assert statuses.count("confirmed") == PLACES
    assert statuses.count("waiting") == MEMBERS - PLACES
    assert all("already registered" in r for r in refused) and len(refused) == 2 * PROCESSES

    db.session.expire_all()
    rows = db.session.scalars(select(EventRegistration).where(EventRegistration.event_id == event.id)).all()
    assert len(rows) == MEMBERS and len({r.user_id for r in rows}) == MEMBERS
    assert sum(r.status == "confirmed" for r in rows) == PLACES
    db.session.refresh(event)
    assert event.confirmed_count == PLACES
    positions = [r.position for r in rows]
    assert len(set(positions)) == MEMBERS
    # Whoever got a place got in before everyone waiting.
    confirmed = max(r.position for r in rows if r.status == "confirmed")
    assert all(r.position > confirmed for r in rows if r.status == "waiting")
    sent = sum(len(list((tmp_path / f"outbox-{n}").glob("*.eml"))) for n in range(PROCESSES))
    assert sent == MEMBERS


def test_simultaneous_cancellations_promote_exactly_as_many_as_freed(
    app, database_url, make_user, make_event, register
):
    """Cancels racing each other each free one place that goes to the next in line."""
    from tests.events.concurrent_worker import cancel_many

    event = make_event(capacity=5)
    users = [make_user() for _ in range(15)]
    for user in users:
        register(event, user)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(5)
    results = context.Queue()
    holders = [u.id for u in users[:5]]
    workers = [
        context.Process(target=cancel_many, args=(database_url, event.id, [uid], barrier, results)) for uid in holders
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in holders]
    for worker in workers:
        worker.join(timeout=60)
    assert [o for o in outcomes if o[1] != "cancelled"] == []
    db.session.expire_all()
    counts = dict(
        db.session.execute(
            select(EventRegistration.status, func.count())
            .where(EventRegistration.event_id == event.id)
            .group_by(EventRegistration.status)
        ).all()
    )
    assert counts == {"cancelled": 5, "confirmed": 5, "waiting": 5}
    promoted = db.session.scalars(
        select(EventRegistration.user_id).where(
            EventRegistration.event_id == event.id, EventRegistration.status == "confirmed"
        )
    ).all()
    assert sorted(promoted) == sorted(u.id for u in users[5:10])  # the first five in the queue
    db.session.refresh(event)
    assert event.confirmed_count == 5
