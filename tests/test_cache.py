"""The one cache: a real cache in tests, versioned keys, vocabularies, migrations and Redis."""

import re
import uuid

import pytest
import redis
from sqlalchemy import delete, event

from app.cache import bump_version, cache_version, cached
from app.extensions import cache, db
from app.taxonomy.models import Term

REDIS_URL = "redis://127.0.0.1:6379/0"


def _builder(value="built"):
    calls = []

    def build():
        calls.append(1)
        return f"{value} {len(calls)}"

    return build, calls


def test_tests_exercise_a_real_cache_and_a_bump_rebuilds(app):
    assert app.config["CACHE_TYPE"] == "SimpleCache"
    build, calls = _builder()
    assert cached("things", ("a",), build) == "built 1"
    assert cached("things", ("a",), build) == "built 1" and len(calls) == 1
    bump_version("things")
    assert cached("things", ("a",), build) == "built 2"


def test_a_version_the_cache_lost_never_brings_old_entries_back(app):
    build, _ = _builder()
    first = cached("things", (), build)
    cache.delete("version:things")  # evicted, as a full cache may do
    assert cached("things", (), build) != first


def test_vocabularies_are_read_once_and_again_after_a_change(app, client, auth, make_user):
    auth.login(make_user(role="moderator"))
    assert client.get("/events/new").status_code == 200
    statements = []

    def record(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    client.get("/events/new")
    event.remove(db.engine, "before_cursor_execute", record)
    assert statements and not [s for s in statements if "taxonomy_term" in s or "FROM region" in s]
    db.session.add(Term(vocabulary="topic", slug="cache-test-topic", name="Cache test topic", position=99))
    db.session.commit()
    try:
        assert "Cache test topic" not in client.get("/events/new").get_data(as_text=True)
        from app.taxonomy.services import vocabularies_changed

        vocabularies_changed()
        assert "Cache test topic" in client.get("/events/new").get_data(as_text=True)
    finally:
        db.session.execute(delete(Term).where(Term.slug == "cache-test-topic"))
        db.session.commit()


def test_migrating_invalidates_the_vocabularies_and_acronyms(app, runner):
    before = cache_version("vocabularies"), cache_version("synonyms")
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    after = cache_version("vocabularies"), cache_version("synonyms")
    assert before[0] != after[0] and before[1] != after[1]


def test_redis_is_chosen_when_its_address_is_set(make_app):
    assert make_app(CACHE_REDIS_URL=REDIS_URL).config["CACHE_TYPE"] == "RedisCache"


@pytest.fixture
def redis_prefix():
    """A key prefix of its own, removed afterwards; skip clearly when Redis is not running."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: the shared-cache tests need it")
    prefix = f"ohwb-test-{uuid.uuid4().hex}:"
    yield prefix
    for key in client.scan_iter(match=f"{prefix}*"):
        client.delete(key)
    client.close()


def test_two_processes_sharing_redis_see_one_bump(make_app, redis_prefix):
    first, second = (make_app(CACHE_REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=redis_prefix) for _ in range(2))
    build, calls = _builder()
    with first.app_context():
        assert cached("vocabularies", ("topic",), build) == "built 1"
        version = cache_version("vocabularies")
    with second.app_context():
        assert cache_version("vocabularies") == version
        assert cached("vocabularies", ("topic",), build) == "built 1" and len(calls) == 1
        from app.taxonomy.services import vocabularies_changed

        vocabularies_changed()
    with first.app_context():
        assert cache_version("vocabularies") != version
        assert cached("vocabularies", ("topic",), build) == "built 2"


def test_vocabularies_through_redis_are_the_database_rows(make_app, redis_prefix):
    app = make_app(CACHE_REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=redis_prefix)
    from app.taxonomy.services import systems, terms

    with app.app_context():
        first = [(t.id, t.name) for t in terms("topic")], [(s.name, s.region.name) for s in systems()]
        again = [(t.id, t.name) for t in terms("topic")], [(s.name, s.region.name) for s in systems()]
        expected = db.session.scalars(db.select(Term.name).filter_by(vocabulary="topic", valid_to=None)).all()
    assert first == again and sorted(name for _, name in first[0]) == sorted(expected)
    assert ("North Central London", "London") in first[1]


def test_nothing_personal_is_stored_in_the_shared_cache(make_app, make_user, redis_prefix):
    app = make_app(CACHE_REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=redis_prefix)
    with app.app_context():
        email = make_user(name="Zebediah Quill").email
    client = app.test_client()
    client.post("/auth/login", data={"email": email, "password": "correct horse battery"})
    page = client.get("/case-studies/").get_data(as_text=True)
    assert "Zebediah Quill" in page
    store = redis.Redis.from_url(REDIS_URL)
    keys = list(store.scan_iter(match=f"{redis_prefix}*"))
    assert any(b"header" in key for key in keys)
    stored = b" ".join([*keys, *(store.get(key) or b"" for key in keys)])
    token = re.search(
        r'action="/auth/logout" method="post"><input type="hidden" name="csrf_token" value="([^"]+)"', page
    )
    assert b"Zebediah" not in stored and email.encode() not in stored and token.group(1).encode() not in stored
    store.close()


def test_after_redis_failed_pages_do_not_wait_on_it_for_a_few_seconds(make_app, monkeypatch):
    import app.cache as cache_module

    application = make_app(CACHE_REDIS_URL="redis://127.0.0.1:1/0")
    with application.app_context():
        asked = []
        real_get_many = cache.get_many  # versions are read in one round trip
        monkeypatch.setattr(cache, "get_many", lambda *keys: asked.append(keys) or real_get_many(*keys))
        build, calls = _builder()
        assert cached("things", ("a",), build) == "built 1"
        assert cached("things", ("a",), build) == "built 2"
        assert len(asked) == 1  # the second value was built without asking the dead Redis
        monkeypatch.setattr(cache_module, "RETRY_SECONDS", 0)
        application.extensions["cache_down_until"] = 0
        cached("things", ("a",), build)
        assert len(asked) == 2  # its time is up: Redis is asked again


def test_a_table_version_moves_at_the_commit_not_when_a_savepoint_is_released(app, make_user):
    """Bumped at a savepoint's release, another process could cache the old rows again under
    the new version, and the real commit would not bump it a second time."""
    from app.auth.models import User

    user = db.session.get(User, make_user().id)
    key = "table:" + User.__tablename__
    before = cache_version(key)
    user.name = "Renamed in a savepoint's transaction"
    db.session.flush()
    with db.session.begin_nested():
        pass
    assert cache_version(key) == before
    db.session.commit()
    assert cache_version(key) != before
