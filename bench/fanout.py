"""Notification fan-out: the request that notifies N followers, and the fan-out rate.

Usage: .venv/bin/python bench/fanout.py [--database URL] [--redis redis://127.0.0.1:6379/1]

For 50, 500 and 5,000 followers of a space, a member starts a thread there through the real
route (POST /spaces/<slug>/threads/new). With REDIS_URL set the fan-out is a job on the queue,
so the request writes one fan-out row whatever the number of followers; the script then runs
that job here (as a worker would) and times it. Prints the request time (median of 5) and the
notifications written per second. SQLite in a temporary folder by default; the queue is emptied
afterwards. Loopback only; every run is bounded.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.extensions import db  # noqa: E402
from app.following.models import Follow  # noqa: E402
from app.models_base import utcnow  # noqa: E402
from app.notifications.models import FanOut, Notification  # noqa: E402
from app.notifications.services import run_fanout  # noqa: E402
from app.spaces.models import Space, SpaceMember  # noqa: E402
from config import TestingConfig  # noqa: E402

SIZES = (50, 500, 5000)
TRIES = 5


def _followers(space_id, count, offset):
    """`count` verified members following the space, inserted in bulk (no password hashing)."""
    now = utcnow()
    rows = [
        dict(
            email=f"follower{offset + n}@bench.example",
            name=f"Follower {offset + n}",
            organisation="Bench NHS Trust",
            job_role="OH nurse",
            password_hash="x",  # noqa: S106 (no one signs in as a follower: not a usable hash)
            role="member",
            email_verified_at=now,
            is_active_account=True,
            session_token=f"t{offset + n}",
        )
        for n in range(count)
    ]
    db.session.execute(insert(User), rows)
    ids = db.session.scalars(select(User.id).where(User.email.like("follower%@bench.example"))).all()
    ids = ids[-count:]
    db.session.execute(insert(Follow), [dict(user_id=i, kind="space", object_id=space_id, created_at=now) for i in ids])
    db.session.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=None, help="a database URL (default: SQLite in a temporary folder)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/1", help="the job queue's Redis")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ohwb-fanout-"))
    url = args.database or f"sqlite:///{work / 'bench.db'}"
    app = create_app(
        TestingConfig,
        overrides={
            "SQLALCHEMY_DATABASE_URI": url,
            "REDIS_URL": args.redis,
            "SEARCH_INDEX_DIR": str(work / "ix"),
            "OUTBOX_DIR": str(work / "outbox"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        },
    )
    from app import jobs

    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        author = User(email="author@bench.example", name="Bench Author", organisation="Trust", job_role="OH")
        author.set_password("bench password 1")
        author.email_verified_at = utcnow()
        db.session.add(author)
        db.session.commit()
        client = app.test_client()
        client.post("/auth/login", data={"email": author.email, "password": "bench password 1"})
        print(f"database: {url.split(':')[0]}; job queue: {args.redis}")
        print(f"{'followers':>9} | {'request ms (median)':>19} | {'fan-out s':>9} | {'notifications/s':>15}")
        offset = 0
        for size in SIZES:
            space = Space(
                slug=f"bench-{size}",
                name=f"Bench {size}",
                purpose="Bench",
                description_md="",
                description_html="",
                join_policy="open",
                last_activity_at=utcnow(),
            )
            db.session.add(space)
            db.session.flush()
            db.session.add(SpaceMember(space_id=space.id, user_id=author.id, status="active"))
            db.session.commit()
            _followers(space.id, size, offset)
            offset += size
            timings, fanouts = [], []
            for n in range(TRIES):
                data = {"kind": "discussion", "title": f"Bench thread {size} {n}", "body": "Hello followers"}
                start = time.perf_counter()
                response = client.post(f"/spaces/{space.slug}/threads/new", data=data)
                timings.append(time.perf_counter() - start)
                assert response.status_code == 302, response.status_code
            fanouts = db.session.scalars(select(FanOut.id).where(FanOut.done_at.is_(None))).all()
            before = db.session.scalar(select(db.func.count(Notification.id)))
            start = time.perf_counter()
            for fanout_id in fanouts:
                run_fanout(fanout_id)
            spent = time.perf_counter() - start
            written = db.session.scalar(select(db.func.count(Notification.id))) - before
            print(f"{size:>9} | {statistics.median(timings) * 1000:>19.1f} | {spent:>9.2f} | {written / spent:>15.0f}")
        jobs.queue(app).empty()


if __name__ == "__main__":
    main()
