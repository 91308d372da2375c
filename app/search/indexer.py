"""Turning registered objects into index documents: applying the outbox, rebuilding, checking.

Everything here runs in its own application context, so `db.session` is a fresh session
(never the one whose commit triggered the work) and code in a type's `to_document` that
uses `db.session` is safe too.
"""

import hashlib
import json
import logging
import re
import threading
from datetime import UTC

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.auth.access import GROUP_PREFIX
from app.extensions import db
from app.search import synonyms
from app.search.analysis import FACET_SEPARATOR, FACETS
from app.search.models import SearchOutbox
from app.search.registry import TYPES
from app.search.store import WriterBusy

log = logging.getLogger("ohwb.search")
BATCH = 200
_PROCESS_LOCK = threading.Lock()  # Whoosh's lock is per process file handle; this orders threads


def doc_key(kind, object_id):
    return f"{kind}:{object_id}"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # every character below a space but tab and newline


def _clean(text, limit):
    """Plain text without control characters (they break nothing, but mean nothing either)."""
    if not text:
        return ""
    return _CONTROL.sub(" ", str(text)[:limit])


def _visibility(value):
    """ "public", "group:<key>" (a closed group's members only) or, for anything else, "members"."""
    if value == "public":
        return "public"
    if isinstance(value, str) and value.startswith(GROUP_PREFIX) and len(value) > len(GROUP_PREFIX):
        return _clean(value, 200).replace("\n", " ")
    return "members"


def document_fields(searchable, object_id, document):
    """The Whoosh field values for one SearchDocument."""
    limit = current_app.config.get("SEARCH_MAX_FIELD_CHARS", 200_000)
    facets = {name: list(document.facets.get(param, []) or []) for name, param, _ in FACETS if param != "type"}
    attachments = "\n\n".join(_clean(text, limit) for _, text in document.attachments if text)
    date = document.date
    if date is not None and date.tzinfo is not None:
        date = date.astimezone(UTC).replace(tzinfo=None)  # Whoosh stores naive UTC
    fields = {
        "key": doc_key(searchable.kind, object_id),
        "kind": searchable.kind,
        "url": document.url,
        "visibility": _visibility(document.visibility),
        "title": _clean(document.title, 500),
        "summary": _clean(document.summary, 5000),
        "body": _clean(document.body, limit),
        "attachments": attachments[:limit],
        "attachment_labels": [label for label, text in document.attachments if text],
        "f_type": searchable.label,
        "has_when": "yes" if document.upcoming is not None else "no",
    }
    names = [value for values in facets.values() for value in values]
    content = [searchable.label, *names, fields["body"], attachments[:limit]]
    also = synonyms.expansion_text("\n".join([fields["title"], fields["summary"], *content]))
    fields["content"] = "\n".join([fields["title"], fields["summary"], *content, also])
    fields["spell"] = " ".join([fields["title"], fields["summary"], *names])
    fields["also"] = "\n".join([searchable.label, *names, also])  # the PostgreSQL backend weighs these as C
    for name, values in facets.items():
        if values:
            fields[name] = FACET_SEPARATOR.join(_clean(v, 200).replace("\n", " ") for v in values)
    if date is not None:
        fields["date"] = date
    if document.adapted_from_id is not None:
        fields["adapted_from"] = doc_key(searchable.kind, document.adapted_from_id)
    digest_source = {k: v for k, v in fields.items() if k not in ("spell", "content", "also")}
    fields["digest"] = hashlib.sha1(
        json.dumps(digest_source, sort_keys=True, default=str).encode(), usedforsecurity=False
    ).hexdigest()
    return fields


def known_fields(writer, fields):
    """The fields the index's schema has: an index built before a field was added keeps
    taking updates (without the new field) until `flask search reindex` rebuilds it."""
    names = set(writer.schema.names())
    return {name: value for name, value in fields.items() if name in names}


def build_fields(searchable, obj):
    """Fields for `obj`, or None when it must not be searchable (or cannot be read)."""
    try:
        document = searchable.to_document(obj)
    except Exception:  # one broken object must not stop every other update
        log.exception("to_document failed for %s %s; leaving it out of the index", searchable.kind, obj.id)
        return None
    if document is None:
        return None
    return document_fields(searchable, obj.id, document)


def _apply_rows(writer, rows):
    """Index (or remove) the current state of each (kind, object_id)."""
    from app.search.extract import current_object

    for kind, object_id in sorted({(row.kind, row.object_id) for row in rows}):
        searchable = TYPES.get(kind)
        key = doc_key(kind, object_id)
        if searchable is None:
            writer.delete_by_term("key", key)
            continue
        obj = db.session.get(searchable.model, object_id)
        with current_object(kind, object_id):
            fields = build_fields(searchable, obj) if obj is not None else None
        if fields is None:
            writer.delete_by_term("key", key)
        else:
            writer.update_document(**known_fields(writer, fields))


def apply_pending(store, app, timeout):
    """Apply every pending outbox row; returns how many rows were applied.

    Whichever process gets the writer lock applies everyone's rows. Rows are deleted only
    after the index commit, so a crash in between means they are applied again (updates
    are idempotent). A busy writer means another process is applying: it re-reads the
    outbox before it lets go, so our rows are not left behind.
    """
    applied = 0
    if not _PROCESS_LOCK.acquire(timeout=timeout):
        return 0
    try:
        with app.app_context():
            if not _has_pending():
                return 0
            try:
                writer = store.writer(timeout)
            except WriterBusy:
                log.info("Search index busy; another process applies the pending changes")
                return 0
            try:
                while True:
                    rows = db.session.scalars(select(SearchOutbox).order_by(SearchOutbox.id).limit(BATCH)).all()
                    if not rows:
                        break
                    _apply_rows(writer, rows)
                    writer.commit()
                    ids = [row.id for row in rows]
                    db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(ids)))
                    db.session.commit()
                    applied += len(rows)
                    writer = store.writer(timeout)
                writer.cancel()
            except BaseException:
                writer.cancel()
                db.session.rollback()
                raise
    finally:
        _PROCESS_LOCK.release()
    return applied


def _has_pending():
    return db.session.scalar(select(SearchOutbox.id).limit(1)) is not None


def all_documents():
    """(searchable, object_id, fields) for everything that should be in the index."""
    for searchable in list(TYPES.values()):
        for obj in _chunked(searchable):
            fields = build_fields(searchable, obj)
            if fields is not None:
                yield searchable, obj.id, fields


def count_objects():
    """How many objects a rebuild will look at (for the progress bar)."""
    total = 0
    for searchable in list(TYPES.values()):
        objects = searchable.all_objects()
        if isinstance(objects, list | tuple):
            total += len(objects)
        elif hasattr(objects, "filter") and hasattr(objects, "count"):
            total += objects.count()
        else:
            total += sum(1 for _ in objects)
    return total


def rebuild(store, progress=None, timeout=30.0):
    """Build a fresh index in a new folder and swap it in; returns the number of documents.

    The live index's writer is held for the whole build, so changes committed meanwhile
    wait in the outbox (searches keep answering from the live index) and are applied to the
    new index right after the swap: nothing is lost and nothing is applied twice.
    """
    from app.search.extract import current_object

    live = store.writer(timeout)
    name = store.new_generation()
    written = 0
    try:
        writer = store.open(name).writer(limitmb=256)
        try:
            for searchable in list(TYPES.values()):
                for obj in _chunked(searchable):
                    with current_object(searchable.kind, obj.id):
                        fields = build_fields(searchable, obj)
                    if fields is not None:
                        writer.add_document(**known_fields(writer, fields))
                        written += 1
                    if progress:
                        progress(1)
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            raise
        store.swap_to(name)
        _keep_extracted_text()
    finally:
        live.cancel()
    return written


def _keep_extracted_text():
    """Commit the file text the build read (ExtractedText rows), so the next build reuses it."""
    try:
        db.session.commit()
    except IntegrityError:  # another process cached the same file meanwhile: its row stands
        db.session.rollback()


def _chunked(searchable, size=500):
    """Iterate a type's objects in id order, a page at a time, so a large table is never loaded at once."""
    objects = searchable.all_objects()
    if not (hasattr(objects, "filter") and hasattr(objects, "limit")):
        yield from objects
        return
    model_id = searchable.model.id
    last = None
    while True:
        query = objects if last is None else objects.filter(model_id > last)
        page = query.order_by(model_id).limit(size).all()
        yield from page
        if len(page) < size:
            return
        last = page[-1].id


def check(store):
    """Compare the database with the index: keys missing, stale (content differs) and extra."""
    expected = {doc_key(s.kind, object_id): fields["digest"] for s, object_id, fields in all_documents()}
    with store.index().searcher() as searcher:
        indexed = {stored["key"]: stored.get("digest") for stored in searcher.all_stored_fields()}
    missing = sorted(set(expected) - set(indexed))
    extra = sorted(set(indexed) - set(expected))
    stale = sorted(key for key in set(expected) & set(indexed) if expected[key] != indexed[key])
    return {"missing": missing, "stale": stale, "extra": extra, "expected": len(expected), "indexed": len(indexed)}
