"""Scale-out fixtures: run only on PostgreSQL with a Redis that answers (CI's PostgreSQL run has
both); each run makes its own database and uses Redis database 4, emptied before and after."""

import os

import pytest
from redis import Redis
from redis.exceptions import RedisError

from tests.scaleout.cluster import Cluster, Mailbox, add_people, create_database, drop_database

REDIS_URL = os.environ.get("SCALEOUT_REDIS_URL", "redis://127.0.0.1:6379/4")


def _skip_reason():
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql")):
        return "the scale-out tests need PostgreSQL (set TEST_DATABASE_URL)"
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except RedisError:
        return f"the scale-out tests need Redis at {REDIS_URL}"
    finally:
        client.close()
    return None


def pytest_collection_modifyitems(config, items):
    reason = None
    for item in items:
        if "scaleout" in item.keywords:
            reason = reason or _skip_reason()
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def redis_client():
    client = Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def scaleout_database():
    url = create_database(os.environ["TEST_DATABASE_URL"])
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def mail_server():
    box = Mailbox().start()
    yield box
    box.stop()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, scaleout_database, redis_client, mail_server):
    """Two app servers (A and B, two gunicorn workers each) and one job worker, migrated, with
    a member and a moderator; sign-ins limited to 4 a minute so the limit is quick to reach."""
    nodes = Cluster(
        tmp_path_factory.mktemp("scaleout"),
        scaleout_database,
        REDIS_URL,
        smtp_port=mail_server.port,
        LOGIN_RATE_LIMIT="4 per minute",
        MAIL_RETRY_SECONDS=1,
    )
    nodes.migrate()
    add_people(scaleout_database, nodes.env, [("author@nhs.net", "member"), ("moderator@nhs.net", "moderator")])
    try:
        nodes.a = nodes.start_web()
        nodes.b = nodes.start_web()
        nodes.start_worker()
        yield nodes
    finally:
        nodes.stop()
