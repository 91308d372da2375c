"""Runs in separate OS processes for test_concurrency.py: each builds its own app and engine."""

import threading
import time


def register_many(database_url, outbox, event_id, user_ids, barrier, results):
    """Register `user_ids` from threads of this process once every process is ready."""
    from app import create_app
    from app.events.services import EventError, registration
    from config import TestingConfig

    options = {"pool_pre_ping": True, "pool_size": len(user_ids) + 2}
    if database_url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}  # SQLite busy timeout, seconds
    app = create_app(
        TestingConfig,
        overrides={"SQLALCHEMY_DATABASE_URI": database_url, "SQLALCHEMY_ENGINE_OPTIONS": options, "OUTBOX_DIR": outbox},
    )
    start = threading.Barrier(len(user_ids))

    def one(user_id):
        with app.app_context():
            start.wait()
            began = time.monotonic()
            try:
                outcome = registration.register(event_id, user_id).status
            except EventError as error:
                outcome = f"refused: {error.message}"
            except Exception as error:  # reported to the test, which fails on any of these
                outcome = f"error: {type(error).__name__}: {error}"
            results.put((user_id, outcome, time.monotonic(), began))

    threads = [threading.Thread(target=one, args=(uid,)) for uid in user_ids]
    barrier.wait()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def cancel_many(database_url, event_id, user_ids, barrier, results):
    """Cancel `user_ids` once every process is ready."""
    from app import create_app
    from app.events.services import registration
    from config import TestingConfig

    options = {"connect_args": {"timeout": 30}} if database_url.startswith("sqlite") else {}
    app = create_app(
        TestingConfig, overrides={"SQLALCHEMY_DATABASE_URI": database_url, "SQLALCHEMY_ENGINE_OPTIONS": options}
    )
    barrier.wait()
    with app.app_context():
        for user_id in user_ids:
            try:
                registration.cancel(event_id, user_id)
                results.put((user_id, "cancelled"))
            except Exception as error:  # reported to the test
                results.put((user_id, f"error: {type(error).__name__}: {error}"))
