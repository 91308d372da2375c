"""Job-queue fixtures: a real Redis (database 13, emptied around each test), skipped cleanly
when no Redis answers at 127.0.0.1:6379 (CI and this machine have one)."""

import pytest
from redis import Redis
from redis.exceptions import RedisError

from app import jobs
from tests.search.conftest import find, probes  # noqa: F401  (shared with the search tests)

REDIS_URL = "redis://127.0.0.1:6379/13"


def redis_available():
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        return client.ping()
    except RedisError:
        return False
    finally:
        client.close()


@pytest.fixture
def redis_url():
    if not redis_available():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def queued(app, redis_url):
    """The test app with its jobs on Redis (limits and cache stay in memory)."""
    app.config["REDIS_URL"] = redis_url
    yield app
    client = app.extensions.pop("jobs_redis", None)
    if client is not None:
        client.close()


@pytest.fixture
def work(queued):
    """Run the jobs waiting on the queue, as `flask worker --burst` does; returns the worker."""

    def run():
        return jobs.run_worker(queued, burst=True, with_cron=False)

    return run
