"""The one cache (Flask-Caching), whose keys carry the version of the data they depend on.

A value derived from data is stored under a key that starts with the current version token
of that data (`cached("vocabularies", parts, build)`). Whoever changes the data calls
`bump_version(name)`: every process sharing the cache (Redis in production) then misses and
rebuilds, and entries under the old token age out. Tokens are random, not counters, so a
token the cache evicted can never come back as one an old entry was stored under.

Nothing personal goes into the cache unless its key also names the person it belongs to.

When the cache is Redis and Redis stops answering, every value is built afresh (as on a
miss) and the failure logged: pages keep being served, only slower, until Redis is back. After
a failure this process does not ask Redis again for RETRY_SECONDS, so a page does not wait on a
dead Redis once per cached value.
"""

import functools
import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path

from flask import current_app, has_app_context, has_request_context, request
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session, object_mapper

from app.extensions import cache

log = logging.getLogger("ohwb.cache")
_VERSION = "version:"
# After the cache failed, values are built without asking it for this long (seconds).
RETRY_SECONDS = 5


def init_cache(app):
    """Bind the cache: Redis when CACHE_REDIS_URL is set, otherwise one per process."""
    if not app.config.get("CACHE_TYPE"):
        app.config["CACHE_TYPE"] = "RedisCache" if app.config.get("CACHE_REDIS_URL") else "SimpleCache"
    cache.init_app(app)
    track_table_changes()
    shared = app.config["CACHE_TYPE"] != "SimpleCache"
    app.extensions["table_cache"] = app.config.get("TABLE_CACHE", shared or app.testing or app.debug)
    app.extensions["code_fingerprint"] = code_fingerprint(app.root_path)


@functools.cache
def code_fingerprint(root):
    """A digest of the app's code and templates: what a cached rendering was made with (read once
    per process: a deploy starts new processes)."""
    digest = hashlib.sha256()
    for path in sorted(Path(root).rglob("*")):
        if path.suffix in (".py", ".html") and path.is_file():
            digest.update(path.as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _new_token():
    return secrets.token_hex(8)


# Reading versions: a request reads every version it has ever needed in this process with one
# round trip (the first time it needs one) and keeps them for the rest of the request; a value
# stored under a versioned key never changes, so the values are also kept in this process
# (a bounded LRU) and Redis is asked only for the ones this process has not seen.
_known_versions = set()
_SNAPSHOT = "ohwb.cache_versions"
_LOCAL_SIZE = 512
_local = OrderedDict()  # key -> (expires at or None, value)
_local_lock = threading.Lock()


def _snapshot():
    """This request's versions (kept in its WSGI environ: `g` can outlive a request)."""
    return request.environ.setdefault(_SNAPSHOT, {}) if has_request_context() else {}


def resting():
    return time.monotonic() < current_app.extensions.get("cache_down_until", 0)


def failed(message, name):
    log.warning(message, name, exc_info=True)
    current_app.extensions["cache_down_until"] = time.monotonic() + RETRY_SECONDS


def _versions(keys):
    """The tokens of version `keys` (None for one the cache cannot keep), in at most two round trips."""
    snapshot = _snapshot()
    _known_versions.update(keys)
    wanted = [key for key in keys if snapshot.get(key) is None]
    if wanted:
        snapshot.update(_fetch(sorted(set(wanted) | (_known_versions - snapshot.keys()))))
    return [snapshot.get(key) for key in keys]


def _fetch(keys):
    """{key: token} for version `keys` in one round trip, making a token for any the cache lacks
    (the first process to add it wins); a token stays None only in a cache that keeps nothing."""
    found = dict(zip(keys, cache.get_many(*keys), strict=True))
    missing = [key for key, token in found.items() if token is None]
    if missing:
        for key in missing:
            cache.add(key, _new_token(), timeout=0)
        found.update(zip(missing, cache.get_many(*missing), strict=True))
    return found


def _forget_versions(keys):
    snapshot = _snapshot()
    for key in keys:
        snapshot.pop(key, None)


def _get(key, local_timeout=None):
    """The value under `key`, from this process if it holds it, else from the cache (kept here
    `local_timeout` seconds, or as long as the LRU keeps it)."""
    with _local_lock:
        found = _local.get(key)
        if found is not None:
            expires, value = found
            if expires is None or expires > time.monotonic():
                _local.move_to_end(key)
                return value
            del _local[key]
    value = cache.get(key)
    if value is not None:
        _keep(key, value, local_timeout)
    return value


def _keep(key, value, timeout):
    expires = time.monotonic() + timeout if timeout else None
    with _local_lock:
        _local[key] = (expires, value)
        _local.move_to_end(key)
        while len(_local) > _LOCAL_SIZE:
            _local.popitem(last=False)


def _versioned(name, version_keys, parts, build, timeout):
    """`build()`'s value under a key made of `name`, the versions and `parts`, from the cache if there."""
    _note_used(version_keys)
    if resting():
        return build()
    try:
        versions = _versions(version_keys)
        if None in versions:  # a cache that keeps nothing: no version, so nothing to key by
            return build()
        key = ":".join([name, *versions, *(str(part) for part in parts)])
        value = _get(key)
    except RedisError:
        failed("The cache did not answer; building %s afresh", name)
        return build()
    if value is None:
        value = build()
        try:
            store(key, value, timeout)
        except RedisError:
            failed("The cache did not answer; %s not stored", name)
    return value


def stored(key, local_timeout):
    """The value stored under `key` (a key naming the versions it was built from), or None; one
    fetched from the shared cache is kept in this process for `local_timeout` seconds."""
    return _get(key, local_timeout)


def store(key, value, timeout):
    """Store `value` under `key` for `timeout` seconds, shared and in this process."""
    cache.set(key, value, timeout=timeout)
    _keep(key, value, timeout)


def cache_version(name):
    """The current version token of the data called `name`, agreed by every process."""
    return _versions([_VERSION + name])[0] or "unversioned"


def bump_version(name):
    """Mark the data called `name` as changed: every entry derived from it is rebuilt."""
    cache.set(_VERSION + name, _new_token(), timeout=0)
    _forget_versions([_VERSION + name])


def cached(name, parts, build, timeout=None):
    """The value derived from data `name` for `parts`, from the cache or from `build()`."""
    return _versioned(name, [_VERSION + name], parts, build, timeout)


# Table versions: every commit that writes to a table bumps "table:<name>", so a value built
# from some tables (a rendered list, say) is keyed by their versions and is never served after
# one of them changed, in any process sharing the cache. Writes are seen through the ORM
# session: objects flushed, and INSERT/UPDATE/DELETE statements run through it; a statement
# whose table cannot be told (plain SQL text) bumps every table.
_TABLE = "table:"
_ALL_TABLES = "*"
_CHANGED = "ohwb_changed_tables"


def track_table_changes():
    """Listen to every ORM session once: note the tables each flush or statement writes, bump them on commit."""
    if not event.contains(Session, "after_commit", _bump_after_commit):
        event.listen(Session, "after_flush", _note_flush)
        event.listen(Session, "do_orm_execute", _note_statement)
        event.listen(Session, "after_commit", _bump_after_commit)


def _note(session, names):
    session.info.setdefault(_CHANGED, set()).update(names)


def _note_flush(session, flush_context):
    _note(
        session,
        {table.name for obj in (*session.new, *session.dirty, *session.deleted) for table in object_mapper(obj).tables},
    )


def _note_statement(state):
    if state.is_select or state.execution_options.get("ohwb_untracked"):
        return
    table = getattr(state.statement, "table", None)
    _note(state.session, {table.name} if getattr(table, "name", None) else {_ALL_TABLES})


def _bump_after_commit(session):
    # A rolled-back change that was noted only makes the next commit bump one table too many.
    if session.in_nested_transaction():
        return  # a savepoint released: bumping now would let another process cache the old rows anew
    names = session.info.pop(_CHANGED, None)
    if not names or not has_app_context():  # a session of no app (a plain SQLAlchemy script) has no cache
        return
    bump_tables(names)


def bump_tables(names):
    """Mark `names` as changed outside the ORM session (a search index swapped in, say): every
    cached value and page built from one of them is built afresh."""
    tokens = {_VERSION + _TABLE + name: _new_token() for name in names}
    try:
        cache.set_many(tokens, timeout=0)
    except RedisError:
        log.error("The cache did not answer; cached pages built from %s may be stale", sorted(names), exc_info=True)
    _forget_versions(tokens)


def cached_from_tables(name, tables, parts, build, timeout=600):
    """The value `build()` makes from `tables`, cached until a commit writes to one of them.

    `parts` must name everything else the value depends on (query arguments, the viewer's
    visibility class): two requests with equal parts and versions get the same value. The key
    also holds the code's fingerprint, so a deploy never serves what the old code built. With
    one in-memory cache per process (no Redis) other processes could not see a bump, so then
    nothing is cached outside tests and the debug server.
    """
    app = current_app
    if not app.extensions.get("table_cache"):
        return build()
    keys = [_VERSION + _TABLE + table for table in (_ALL_TABLES, *tables)]
    return _versioned(name, keys, (app.extensions["code_fingerprint"], *parts), build, timeout)


def table_key(table):
    """The version key of `table` ("*": the one every table change bumps)."""
    return _VERSION + _TABLE + table


def read_versions(keys):
    """{key: token} for version `keys`, read now in one round trip (the request's snapshot is
    updated, not consulted); None when the cache keeps no versions (nothing may be keyed by them)."""
    found = _fetch(list(keys))
    if None in found.values():
        return None
    _snapshot().update(found)
    return found


def used_version(key):
    """The token of version `key` this request's cached values were keyed by, or None."""
    return _snapshot().get(key)


# A page being rendered for the whole-page cache (app/pagecache.py) collects here the version
# keys of every cached value it used, hit or miss: a value taken from the cache sends no SQL,
# so the page could not otherwise tell it depends on that value's data.
PAGE_READS = "ohwb.page_reads"


def _note_used(keys):
    if has_request_context():
        reads = request.environ.get(PAGE_READS)
        if reads is not None:
            reads.update(keys)


def untracked(statement):
    """`statement`, marked as a write that no cached rendering needs to see at once (a view
    counter): committing it bumps no table's version."""
    return statement.execution_options(ohwb_untracked=True)
