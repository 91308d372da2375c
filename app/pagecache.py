"""Whole pages kept per viewer and data version, so a page seen again costs no SQL and no rendering.

A view opts in with `@cached_page()`. Its rendering is stored under a key made of:

- the page: endpoint, scheme, host, path and query string, and the code's fingerprint;
- the viewer: a digest of the session's signed-in account (id and session token) and its CSRF
  token, so every member (and every browser session of a member) has entries of their own,
  and visitors without a session share theirs;
- the data: the version of every table the page's renderings have read so far (learned by
  watching the SQL each rendering sends; `app/cache.py` bumps a table's version on every commit
  that writes to it, in every process sharing Redis), of every cached value they used (a value
  from the cache sends no SQL, so `app/cache.py` reports the versions it was keyed by), plus
  tables a view names itself for data read outside SQL (the search index).

So a page is served again only while nothing it was built from has changed, to the very viewer
it was built for: another member, a visitor, or the same member after any write the page read
(their own or anyone's) gets a fresh rendering. The versions are read before the view runs, so
a rendering can only be newer than its key. Entries also expire after `timeout` seconds
(60 by default): pages saying "upcoming" or "2 minutes ago" move on with the clock.

A hit is answered before the view (and its sign-in checks) runs: the checks' outcome is part
of the key (the account's rows and the session), and only 200 HTML answers are stored. Nothing
is stored when the request carried or left a flash message, changed the session, set a cookie,
or read a table its key did not hold (the next request then keys on it). As with every table
cache, this is on only when the cache is shared by every process (Redis), or in tests and the
debug server (TABLE_CACHE); PAGE_CACHE=False turns it off.
"""

import hashlib
import re
import threading
from dataclasses import dataclass

from flask import current_app, g, has_request_context, request, session
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import cache as table_cache
from app.extensions import db, login_manager

_STATE = "ohwb.page_cache"  # this request's key and the tables its rendering read (WSGI environ)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LONGEST_PATH = 300
_SKIPPED_HEADERS = {"content-length", "set-cookie", "vary"}


@dataclass(frozen=True)
class PageRule:
    """How one view's pages are cached: `tables` it depends on besides those its SQL reads."""

    tables: tuple
    timeout: int


def cached_page(tables=(), timeout=60):
    """Keep this view's 200 pages per viewer until a table they were built from changes."""

    def decorate(view):
        view.page_cache = PageRule(tuple(tables), timeout)
        return view

    return decorate


def skip_page_cache():
    """Do not keep the page this request renders (it shows something that is not in any table)."""
    g.skip_page_cache = True


# Tables each endpoint's renderings have read, in this process: the key's tables. A rendering
# that reads one more widens the set; entries made under the narrower set are then never found.
_learned = {}  # endpoint -> frozenset of version keys
_learned_lock = threading.Lock()


def init_page_cache(app):
    """Serve and keep the pages of `@cached_page` views (when table caching is on)."""
    enabled = app.config.get("PAGE_CACHE", True) and app.extensions.get("table_cache")
    app.extensions["page_cache"] = bool(enabled)
    if not enabled:
        return
    app.extensions["page_cache_tables"] = frozenset(db.metadata.tables)
    app.extensions["page_cache_keys"] = tuple(sorted(map(table_cache.table_key, ("*", *db.metadata.tables))))
    if not event.contains(Engine, "before_cursor_execute", _note_read):
        event.listen(Engine, "before_cursor_execute", _note_read)
    app.before_request(_serve)
    app.after_request(_keep)


def _note_read(conn, cursor, statement, parameters, context, executemany):
    """Note the tables a statement names while a cached page renders (over-noting is harmless)."""
    if not has_request_context():
        return
    state = request.environ.get(_STATE)
    if state is not None:
        state["read"].update(_WORD.findall(statement))


def _rule():
    if request.method != "GET" or request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "page_cache", None)


def _viewer():
    """Who the page is for, or None when it must not come from the cache for this request."""
    if "_flashes" in session:
        return None
    user_id = session.get("_user_id")
    if user_id is None and request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return None  # Flask-Login will sign them in from the cookie: render as usual
    if user_id is not None and session.get("_id") != login_manager._session_identifier_generator():
        return None  # a session from another browser: Flask-Login's protection has its say
    csrf_name = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return hashlib.sha256(f"{user_id or ''}\0{session.get(csrf_name) or ''}".encode()).hexdigest()[:32]


def _key(viewer, versions, keys):
    """The key of this request's page for `viewer`, built from the version `keys` at `versions`."""
    parts = [
        current_app.extensions["code_fingerprint"],
        request.endpoint,
        request.scheme,
        request.host,
        request.script_root,
        request.full_path,
        viewer,
        *(f"{key}={versions[key]}" for key in sorted(keys)),
    ]
    return "page:" + hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _serve():
    """Answer from the cache when this viewer's page is there; else note what the rendering reads."""
    rule = _rule()
    if rule is None or not current_app.extensions["page_cache"] or table_cache.resting():
        return None
    viewer = _viewer()
    if viewer is None or len(request.full_path) > _LONGEST_PATH:
        return None
    keys = _learned.get(request.endpoint, frozenset()).union(map(table_cache.table_key, ("*", *rule.tables)))
    try:
        # Every table's version is read before the view runs: whatever the rendering then reads
        # is at least as new as the key it is stored under.
        versions = table_cache.read_versions(sorted(keys))
        if versions is None:
            return None
        page = table_cache.stored(_key(viewer, versions, keys), local_timeout=10)
        if page is None:  # the rendering may read tables the key has not held yet: their versions too
            others = [key for key in current_app.extensions["page_cache_keys"] if key not in versions]
            found = table_cache.read_versions(others) if others else {}
            if found is None:
                return None
            versions.update(found)
    except RedisError:
        table_cache.failed("The cache did not answer; page %s rendered afresh", request.endpoint)
        return None
    if page is not None:
        body, headers = page
        response = current_app.response_class(body, status=200, headers=headers)
        response.headers["X-Page-Cache"] = "hit"
        return response
    request.environ[_STATE] = {"viewer": viewer, "versions": versions, "keys": keys, "rule": rule, "read": set()}
    request.environ[table_cache.PAGE_READS] = set()
    return None


def _used_keys(state):
    """The version keys of what the rendering read: tables its SQL named, and cached values it
    used (whose data it shows without SQL); with the token each was read at, or None if one is
    unknown. A cached value's token is the one it was keyed by, so the page is as new as it."""
    names = current_app.extensions["page_cache_tables"].intersection(state["read"])
    used = {table_cache.table_key(name) for name in names}
    used.update(request.environ.pop(table_cache.PAGE_READS, ()))
    versions = state["versions"]
    for key in used.difference(versions):
        token = table_cache.used_version(key)
        if token is None:
            return used, None
        versions[key] = token
    return used, versions


def _keep(response):
    """Store the page just rendered if it is a plain 200 HTML page that belongs in the cache."""
    state = request.environ.pop(_STATE, None)
    if state is None:
        return response
    used, versions = _used_keys(state)
    keys = state["keys"].union(used)
    with _learned_lock:
        _learned[request.endpoint] = _learned.get(request.endpoint, frozenset()).union(keys)
    if versions is None or not (
        response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not g.get("skip_page_cache")
        and not session.modified
        and "_flashes" not in session
        and "_remember" not in session
    ):
        return response
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in _SKIPPED_HEADERS]
    value = (response.get_data(), headers)
    key, timeout = _key(state["viewer"], versions, keys), state["rule"].timeout
    try:
        table_cache.store(key, value, timeout)
    except RedisError:
        table_cache.failed("The cache did not answer; page %s not stored", request.endpoint)
        return response
    response.headers["X-Page-Cache"] = "miss"
    return response
