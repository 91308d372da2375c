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

import logging
import secrets
import time

from flask import current_app
from redis.exceptions import RedisError

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


def _new_token():
    return secrets.token_hex(8)


def cache_version(name):
    """The current version token of the data called `name`, agreed by every process."""
    key = _VERSION + name
    version = cache.get(key)
    if version is None:
        cache.add(key, _new_token(), timeout=0)  # the first process to add it wins
        version = cache.get(key)
    return version or "unversioned"


def bump_version(name):
    """Mark the data called `name` as changed: every entry derived from it is rebuilt."""
    cache.set(_VERSION + name, _new_token(), timeout=0)


def _resting():
    return time.monotonic() < current_app.extensions.get("cache_down_until", 0)


def _failed(message, name):
    log.warning(message, name, exc_info=True)
    current_app.extensions["cache_down_until"] = time.monotonic() + RETRY_SECONDS


def cached(name, parts, build, timeout=None):
    """The value derived from data `name` for `parts`, from the cache or from `build()`."""
    if _resting():
        return build()
    try:
        key = ":".join([name, cache_version(name), *(str(part) for part in parts)])
        value = cache.get(key)
    except RedisError:
        _failed("The cache did not answer; building %s afresh", name)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, timeout=timeout)
        except RedisError:
            _failed("The cache did not answer; %s not stored", name)
    return value
