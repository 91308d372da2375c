"""Keeping `search_document` in step with the database: the outbox applied, checks (rebuilds: pg/rebuild.py).

The same outbox as the Whoosh backend (app/search/outbox.py) says what changed; here each
batch of its rows is turned into upserts and deletes that commit in ONE transaction with the
deletion of those rows, so the index can never lag a committed change by more than the time
until the outbox is next applied, and never applies a change twice or loses one.

One process applies at a time (a transaction-scoped advisory lock): two appliers reading the
same object at different moments could otherwise write its older state last. A process that
does not get the lock within the writer timeout leaves its rows queued for the holder (which
re-reads the outbox before it lets go) or the next poll.
"""

import json
import logging

from sqlalchemy import delete, select, text
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.search import indexer
from app.search.analysis import FACET_SEPARATOR, FACETS, fold_accents, spelling_analyzer
from app.search.models import SearchDocumentRow, SearchOutbox
from app.search.registry import TYPES

log = logging.getLogger("ohwb.search")
LOCK_KEY = 0x0EB5EA7C  # the advisory lock held while writing search_document
BATCH = 200
CONFIG = "english"
SPELLING = spelling_analyzer()
MAX_WORD = 40

# D is a lexeme's weight by default (no weight bits set), so the body's tsvector needs no
# setweight: it would only copy the largest vector once more (a sixth of the rebuild's SQL time).
_UPSERT = text(
    f"""
    INSERT INTO search_document (key, kind, object_id, url, title, summary, body, attachments,
        attachment_labels, visibility, facets, date, has_when, adapted_from, digest, head_tsv, tsv)
    SELECT :key, :kind, :object_id, :url, :title, :summary, :body, :attachments,
        CAST(:attachment_labels AS json), :visibility, CAST(:facets AS text[]), :date, :has_when,
        :adapted_from, :digest, head,
        head || setweight(to_tsvector('{CONFIG}', :c), 'C') || to_tsvector('{CONFIG}', :d)
    FROM (SELECT setweight(to_tsvector('{CONFIG}', :a), 'A') || setweight(to_tsvector('{CONFIG}', :b), 'B') AS head) AS h
    ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, object_id = EXCLUDED.object_id,
        url = EXCLUDED.url, title = EXCLUDED.title, summary = EXCLUDED.summary, body = EXCLUDED.body,
        attachments = EXCLUDED.attachments, attachment_labels = EXCLUDED.attachment_labels,
        visibility = EXCLUDED.visibility, facets = EXCLUDED.facets, date = EXCLUDED.date,
        has_when = EXCLUDED.has_when, adapted_from = EXCLUDED.adapted_from, digest = EXCLUDED.digest,
        head_tsv = EXCLUDED.head_tsv, tsv = EXCLUDED.tsv
    """
)
_WORDS = text("INSERT INTO search_term (word) SELECT unnest(CAST(:words AS text[])) ON CONFLICT DO NOTHING")
_DELETE = text("DELETE FROM search_document WHERE key = ANY(CAST(:keys AS text[]))")


# PostgreSQL's parser reads "<b>" as a tag (and drops it), "/script" as a path and "nhs.uk" as a
# host; the Whoosh analyser reads words only. These characters become spaces for to_tsvector,
# so both backends index the same words (snippets hide them as control characters, then
# restore them escaped: pg/search.py).
SEPARATORS = "<>/@.:&=?#~\\"
_AS_SPACES = str.maketrans(dict.fromkeys(SEPARATORS, " "))


def tsvector_text(value):
    """Text for to_tsvector: separators as spaces, accents off Latin letters (as Whoosh does)."""
    value = value.translate(_AS_SPACES)
    return value if value.isascii() else fold_accents(value)


def facet_values(fields):
    """The document's facet values as "<field>:<value>" (one text[] with a GIN index)."""
    values = []
    for name, _, _ in FACETS:
        joined = fields.get(name)
        if joined:
            values.extend(f"{name}:{value}" for value in joined.split(FACET_SEPARATOR) if value)
    return values


def row(object_id, fields):
    """The upsert parameters for one document's fields (app.search.indexer.document_fields)."""
    return {
        "key": fields["key"],
        "kind": fields["kind"],
        "object_id": object_id,
        "url": fields.get("url") or "",
        "title": fields["title"],
        "summary": fields["summary"],
        "body": fields["body"],
        "attachments": fields["attachments"],
        "attachment_labels": json.dumps(fields["attachment_labels"]),
        "visibility": fields["visibility"],
        "facets": facet_values(fields),
        "date": fields.get("date"),
        "has_when": fields["has_when"] == "yes",
        "adapted_from": fields.get("adapted_from"),
        "digest": fields["digest"],
        "a": tsvector_text(fields["title"]),
        "b": tsvector_text(fields["summary"]),
        "c": tsvector_text(fields["also"]),
        "d": tsvector_text(f"{fields['body']}\n{fields['attachments']}"),
    }


def spelling_words(fields):
    """The words did-you-mean may offer: as typed (not stemmed) in titles, summaries and facets."""
    return {token.text for token in SPELLING(fields["spell"]) if 3 <= len(token.text) <= MAX_WORD}


def write(rows, words=()):
    """Upsert documents (parameter dicts from `row`) and remember their words."""
    if rows:
        db.session.execute(_UPSERT, rows)
    if words:
        db.session.execute(_WORDS, {"words": sorted(words)})


def _apply_rows(rows):
    from app.search.extract import current_object

    upserts, removed, words = [], [], set()
    for kind, object_id in sorted({(r.kind, r.object_id) for r in rows}):
        searchable = TYPES.get(kind)
        obj = db.session.get(searchable.model, object_id) if searchable is not None else None
        fields = None
        if obj is not None:
            with current_object(kind, object_id):
                fields = indexer.build_fields(searchable, obj)
        if fields is None:
            removed.append(indexer.doc_key(kind, object_id))
        else:
            upserts.append(row(object_id, fields))
            words |= spelling_words(fields)
    if removed:
        db.session.execute(_DELETE, {"keys": removed})
    write(upserts, words)


def _lock(timeout):
    """Take the writer's advisory lock for this transaction; False when it stayed busy."""
    try:
        db.session.execute(text(f"SET LOCAL lock_timeout = '{max(1, int(timeout * 1000))}ms'"))
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    except OperationalError:
        db.session.rollback()
        log.info("Search index busy; another process applies the pending changes")
        return False
    return True


def apply_pending(app, timeout):
    """Apply every pending outbox row, a batch per transaction; returns how many were applied."""
    applied = 0
    with app.app_context():
        try:
            while db.session.scalar(select(SearchOutbox.id).limit(1)) is not None:
                if not _lock(timeout):
                    break
                rows = db.session.scalars(
                    select(SearchOutbox).order_by(SearchOutbox.id).limit(BATCH).with_for_update(skip_locked=True)
                ).all()
                if not rows:
                    db.session.rollback()
                    break
                _apply_rows(rows)
                db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r.id for r in rows])))
                db.session.commit()
                applied += len(rows)
        except BaseException:
            db.session.rollback()
            raise
    return applied


def check():
    """Compare the database with search_document: keys missing, stale (content differs) and extra."""
    expected = {indexer.doc_key(s.kind, i): fields["digest"] for s, i, fields in indexer.all_documents()}
    indexed = dict(db.session.execute(text("SELECT key, digest FROM search_document")).all())
    missing = sorted(set(expected) - set(indexed))
    extra = sorted(set(indexed) - set(expected))
    stale = sorted(key for key in set(expected) & set(indexed) if expected[key] != indexed[key])
    return {"missing": missing, "stale": stale, "extra": extra, "expected": len(expected), "indexed": len(indexed)}


def stored(key):
    """The stored fields of one document as the Whoosh backend gives them (facets by field,
    their values joined by FACET_SEPARATOR), or None."""
    found = db.session.execute(select(SearchDocumentRow).where(SearchDocumentRow.key == key)).scalar()
    if found is None:
        return None
    fields = {name: getattr(found, name) for name in ("key", "kind", "url", "visibility", "title", "summary", "body")}
    fields.update(attachments=found.attachments, attachment_labels=found.attachment_labels, date=found.date)
    by_field = {}
    for value in found.facets:
        name, _, shown = value.partition(":")
        by_field.setdefault(name, []).append(shown)
    fields.update({name: FACET_SEPARATOR.join(values) for name, values in by_field.items()})
    return fields
